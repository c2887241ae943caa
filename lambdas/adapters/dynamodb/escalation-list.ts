/** The escalation list: summaries from a list index, filtered and paged with a cursor of our own. */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ticketIdSchema } from '../../../shared/api/schemas.js';
import { ValidationError } from '../../../shared/errors.js';
import type { EscalationSummary } from '../../../shared/escalation/summary.js';
import type { EscalationPage, EscalationQuery } from '../../app/ports.js';
import { listEntrySchema } from './escalation-items.js';
import { storeCall } from './errors.js';
import { readItem } from './read-item.js';
import { INDEX, keys } from './table.js';

/** Items a list reads at most to fill one page when filters drop most of them. */
const LIST_READ_BUDGET = 1000;

/** The list cursor: where the last page ended, within the caller's own tenant and index. */
const cursorSchema = z.object({ u: z.string().min(1), t: ticketIdSchema }).strict();

const encodeRaw = (updatedAt: string, ticketId: string) => Buffer.from(JSON.stringify({ u: updatedAt, t: ticketId })).toString('base64url');
const encodeCursor = (last: EscalationSummary) => encodeRaw(last.updatedAt, last.ticketId);

function decodeCursor(cursor: string): z.infer<typeof cursorSchema> {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ValidationError('Invalid cursor', [{ path: 'cursor', message: 'Pass back the cursor of the previous page unchanged' }]);
  }
}

/** Summaries, newest first; a cursor this list did not hand out throws ValidationError. See EscalationStore.list. */
export async function listSummaries(client: DynamoDBDocumentClient, tableName: string, tenant: string, query: EscalationQuery): Promise<EscalationPage> {
  const index = query.state === 'open' ? INDEX.open : INDEX.escalations;
  const indexPk = query.state === 'open' ? keys.open(tenant) : keys.escalations(tenant);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const filters: string[] = [];
  const values: Record<string, unknown> = { ':pk': indexPk };
  const names: Record<string, string> = {};
  if (query.state === 'resolved') {
    filters.push('#state = :state');
    names['#state'] = 'state';
    values[':state'] = 'resolved';
  }
  if (query.team !== undefined) {
    filters.push('ownerTeam = :team');
    values[':team'] = query.team;
  }
  if (query.party !== undefined) {
    filters.push('ownerParty = :party');
    values[':party'] = query.party;
  }
  // Sort keys start with the update instant: "since" is a range on them ("#" sorts below every ticket id character).
  const since = query.updatedSince === undefined ? undefined : `${new Date(query.updatedSince).toISOString()}#`;
  if (since !== undefined) values[':since'] = since;
  // Results run newest first down to `since`: a cursor already below it has nothing left to give.
  if (after && since !== undefined && keys.updated(after.u, after.t) < since) return { items: [], cursor: null };
  const items: EscalationSummary[] = [];
  let startKey: Record<string, unknown> | undefined = after && {
    pk: keys.escalation(tenant, after.t),
    sk: keys.summary,
    [index.pk]: indexPk,
    [index.sk]: keys.updated(after.u, after.t),
  };
  let read = 0;
  return storeCall('list escalations', async () => {
    for (;;) {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: index.name,
          KeyConditionExpression: `${index.pk} = :pk${since === undefined ? '' : ` AND ${index.sk} >= :since`}`,
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: query.limit + 1,
          ExclusiveStartKey: startKey,
        }),
      );
      read += page.ScannedCount ?? 0;
      for (const item of page.Items ?? []) {
        const entry = readItem(listEntrySchema, item);
        items.push({ ...entry.summary, ticketId: entry.ticketId });
      }
      startKey = page.LastEvaluatedKey;
      if (items.length > query.limit) {
        const page = items.slice(0, query.limit);
        return { items: page, cursor: encodeCursor(page.at(-1)!) };
      }
      if (!startKey) return { items, cursor: null };
      if (read >= LIST_READ_BUDGET) {
        // Filters dropped most of what was read: a short page, and where to go on from.
        const last = items.at(-1);
        const sk = startKey[index.sk] as string;
        // An index's LastEvaluatedKey holds keys only: the ticket is what follows the last "#" (ticket ids have none).
        const cut = sk.lastIndexOf('#');
        return { items, cursor: last && keys.updated(last.updatedAt, last.ticketId) <= sk ? encodeCursor(last) : encodeRaw(sk.slice(0, cut), sk.slice(cut + 1)) };
      }
    }
  });
}
