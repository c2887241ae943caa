/** WeekIndex on DynamoDB: commits read through the `by-week` index, one partition per tenant and ISO week. */
import { QueryCommand as RawQueryCommand, type AttributeValue, type QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { RecordedEvent } from '../../../shared/escalation/events.js';
import type { WeekIndex, WeekIndexQuery } from '../../app/ports.js';
import { commitItemSchema } from './escalation-items.js';
import { storeCall } from './errors.js';
import { readItem } from './read-item.js';
import { INDEX, isoWeek, keys } from './table.js';

const DAY_MS = 86_400_000;
/**
 * Commits per page: an index entry is ~0.9 KB, so about DynamoDB's 1 MB page anyway; the bound keeps the page
 * parsed and the next one in flight small where pages run larger (dynalite's held ~1,700: on 100,000 escalations
 * the report's peak memory was 420 MB without it, 280–320 MB with it).
 */
export const PAGE_COMMITS = 1_000;

/**
 * The ISO weeks (week-index partitions) that `[from, to)` touches, in order.
 * @example weeksCovering(new Date('2026-11-29T12:00:00Z'), new Date('2026-12-01T00:00:00Z')) // ['2026-W48', '2026-W49']
 */
export function weeksCovering(from: Date, to: Date): string[] {
  if (to <= from) return [];
  const weeks = new Set<string>();
  for (let t = from.getTime(); t < to.getTime(); t += DAY_MS) weeks.add(isoWeek(new Date(t)));
  weeks.add(isoWeek(new Date(to.getTime() - 1)));
  return [...weeks];
}

export class DynamoDbWeekIndex implements WeekIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly pageCommits = PAGE_COMMITS,
  ) {}

  async *events(tenant: string, query: WeekIndexQuery): AsyncIterable<RecordedEvent[]> {
    // Sort keys are `<commit ISO instant>#<ticket>#<n>`: BETWEEN the two instants is exactly [from, to),
    // since a key starting with `to` sorts after `to` itself.
    const types = query.types ?? [];
    const filter = types.map((_, i) => `contains(events, :type${i})`).join(' OR ');
    const page = (week: string, startKey: Record<string, AttributeValue> | undefined): Promise<QueryCommandOutput> =>
      storeCall('read the week index', () =>
        this.client.send(
          new RawQueryCommand({
            TableName: this.tableName,
            IndexName: INDEX.week.name,
            KeyConditionExpression: '#wpk = :week AND #wsk BETWEEN :from AND :to',
            ...(filter ? { FilterExpression: filter } : {}),
            ProjectionExpression: 'pk, sk, #commit, events',
            ExpressionAttributeNames: { '#wpk': INDEX.week.pk, '#wsk': INDEX.week.sk, '#commit': 'commit' },
            ExpressionAttributeValues: {
              ':week': { S: keys.week(tenant, week) },
              ':from': { S: query.from.toISOString() },
              ':to': { S: query.to.toISOString() },
              // Stored events are JSON: an event's type appears as `"type":"<type>"`, which free text cannot forge (its quotes are escaped).
              ...Object.fromEntries(types.map((type, i) => [`:type${i}`, { S: `"type":"${type}"` }])),
            },
            ExclusiveStartKey: startKey,
            Limit: this.pageCommits,
          }),
        ),
      );
    for (const week of weeksCovering(query.from, query.to)) {
      let next: Promise<QueryCommandOutput> | undefined = page(week, undefined);
      while (next) {
        const answer: QueryCommandOutput = await next;
        // The next page is asked for before this one is parsed and used: the store reads it meanwhile.
        next = answer.LastEvaluatedKey ? page(week, answer.LastEvaluatedKey) : undefined;
        // Should this page fail to parse (or the reader stop), that request's failure is nobody's to handle.
        next?.catch(() => undefined);
        // The client's middleware runs in promise jobs: let it put the request on the wire before parsing holds the thread.
        if (next) await new Promise((resolve) => setImmediate(resolve));
        const events = (answer.Items ?? []).flatMap((item) => readItem(commitItemSchema, unmarshall(item)).events);
        if (events.length > 0) yield events;
      }
    }
  }
}
