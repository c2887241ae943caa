/** Local mode only: when the data folder's last escalation change happened, so a manual clock can resume after it. */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inClockRange } from '../../shared/clock-range.js';

/** How every commit's sort key starts (`C#0000000001`: `keys.commit` in ../adapters/dynamodb/table.ts); no other item's does. */
const COMMIT_PREFIX = 'C#';

/**
 * The latest `at` of any commit in the table, or null when nothing was ever recorded. Reads the whole
 * table (only `at` comes back), a page at a time: fine for an embedded store at start, never meant for AWS.
 * @example const latest = await latestCommitAt(db.client, db.tableName); // 2026-11-30T10:30:00.000Z, or null
 */
export async function latestCommitAt(client: DynamoDBDocumentClient, tableName: string): Promise<Date | null> {
  let latest: number | null = null;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: '#at',
        FilterExpression: 'begins_with(#sk, :c)',
        ExpressionAttributeNames: { '#at': 'at', '#sk': 'sk' },
        ExpressionAttributeValues: { ':c': COMMIT_PREFIX },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const at = typeof item.at === 'string' ? Date.parse(item.at) : NaN;
      if (Number.isFinite(at) && (latest === null || at > latest)) latest = at;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return latest === null ? null : new Date(latest);
}

/**
 * Where local mode's manual clock starts: at `BATON_CLOCK_START` (or now), unless the data folder recorded
 * something later, so a restart never puts the clock behind what already happened. `note` says so when it does.
 * @throws Error when the latest recorded event lies past 2100 (a data folder from before the clock kept to 2000–2100).
 * @example manualClockStart('2026-11-30T09:00:00Z', new Date(), new Date('2026-11-30T10:30:00Z')).at // 10:30
 */
export function manualClockStart(configured: string | undefined, now: Date, latest: Date | null): { at: Date; note: string | null } {
  const start = configured ? new Date(configured) : now;
  if (latest === null || latest.getTime() <= start.getTime()) return { at: start, note: null };
  if (!inClockRange(latest.getTime())) {
    throw new Error(`The latest recorded event is at ${latest.toISOString()}, past the years 2000–2100 the manual clock keeps to: use another BATON_DATA_DIR`);
  }
  const earlier = configured ? `BATON_CLOCK_START ${configured} is earlier` : `BATON_CLOCK_START is not set, and now, ${now.toISOString()}, is earlier`;
  return { at: latest, note: `Manual clock resumes at ${latest.toISOString()}, the latest recorded event (${earlier})` };
}
