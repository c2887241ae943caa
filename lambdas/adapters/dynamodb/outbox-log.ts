/**
 * OutboxLog on DynamoDB: a sparse index over the commit items that owe side effects, by when they are
 * (next) due, read behind a position per shard that the sweeper moves forward. EscalationStore.append
 * puts a commit in the log; this adapter reads the log, passes entries and stores work left over.
 */
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { CorruptItemError } from '../../../shared/errors.js';
import { outboxSchema, type Outbox, type OutboxLog, type OutboxLogEntry, type PendingOutbox } from '../../app/ports.js';
import { isConditionFailure, storeCall } from './errors.js';
import { jsonAttribute, readItem } from './read-item.js';
import { INDEX, OUTBOX_SHARDS, keys, outboxLogAttributes, outboxShard } from './table.js';

const POSITION_MOVES_FORWARD = 'attribute_not_exists(#position) OR #position < :position';

/** An entry as the outbox index returns it (the index projects exactly these attributes). */
const logEntrySchema = z.object({
  tenant: z.string(),
  ticketId: z.string(),
  commit: z.number().int().positive(),
  outbox: jsonAttribute(outboxSchema),
  [INDEX.outbox.sk]: z.string(),
});

/** How far the sweeper has read a shard. */
const sweepPositionSchema = z.object({ position: z.string() });

/** An entry, or what is known of it when its item is unreadable: no retry could read it, so it must not hold up the shard. */
function entryOf(item: Record<string, unknown>, shard: number): OutboxLogEntry {
  try {
    const entry = readItem(logEntrySchema, item);
    return { tenant: entry.tenant, ticketId: entry.ticketId, commit: entry.commit, outbox: entry.outbox, position: entry[INDEX.outbox.sk] };
  } catch (error) {
    // The index key is a string by the table's definition: the entry's place is known even when nothing else is.
    if (error instanceof CorruptItemError) return { unreadable: error, shard, position: item[INDEX.outbox.sk] as string };
    throw error;
  }
}

export class DynamoDbOutboxLog implements OutboxLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async pendingOutboxes(until: Date, limit: number): Promise<OutboxLogEntry[]> {
    // An equal share from each shard: a busy shard does not starve the others, and nothing is read
    // that the page leaves out (a shard's share is a prefix of its oldest entries, so passing skips nothing).
    const share = Math.max(1, Math.floor(limit / OUTBOX_SHARDS));
    return storeCall('read outbox log', async () => {
      const shards = await Promise.all(
        Array.from({ length: OUTBOX_SHARDS }, async (_, shard) => {
          const cursor = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.sweepPosition(shard), ConsistentRead: true }));
          const after = cursor.Item && readItem(sweepPositionSchema, cursor.Item).position;
          const to = `${until.toISOString()}#\uffff`;
          if (after !== undefined && after >= to) return [];
          const page = await this.client.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: INDEX.outbox.name,
              // The smallest key after `after` is `after` + U+0000 (DynamoDB refuses an empty key value, so no '' for "from the start").
              KeyConditionExpression: `${INDEX.outbox.pk} = :pk AND ${INDEX.outbox.sk} ${after === undefined ? '<= :to' : 'BETWEEN :from AND :to'}`,
              ExpressionAttributeValues: { ':pk': keys.outbox(shard), ':to': to, ...(after === undefined ? {} : { ':from': `${after}\u0000` }) },
              Limit: share,
            }),
          );
          return (page.Items ?? []).map((item) => entryOf(item, shard));
        }),
      );
      return shards.flat();
    });
  }

  async passOutboxes(entries: OutboxLogEntry[]): Promise<void> {
    const furthest = new Map<number, string>();
    for (const entry of entries) {
      if (entry.position === undefined) continue;
      const shard = 'unreadable' in entry ? entry.shard : outboxShard(entry.tenant, entry.ticketId);
      if (entry.position > (furthest.get(shard) ?? '')) furthest.set(shard, entry.position);
    }
    await storeCall('pass outbox entries', () =>
      Promise.all(
        [...furthest].map(([shard, position]) =>
          this.client
            .send(
              new UpdateCommand({
                TableName: this.tableName,
                Key: keys.sweepPosition(shard),
                UpdateExpression: 'SET #position = :position',
                ConditionExpression: POSITION_MOVES_FORWARD,
                ExpressionAttributeNames: { '#position': 'position' },
                ExpressionAttributeValues: { ':position': position },
              }),
            )
            // Another sweeper passed further already.
            .catch((error: unknown) => {
              if (!isConditionFailure(error)) throw error;
            }),
        ),
      ),
    );
  }

  async updateOutbox(pending: PendingOutbox, outbox: Outbox, nextDueAt: string): Promise<void> {
    const log = outboxLogAttributes(pending.tenant, pending.ticketId, pending.commit, nextDueAt);
    await storeCall('update outbox', () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.escalation(pending.tenant, pending.ticketId), sk: keys.commit(pending.commit) },
          UpdateExpression: `SET outbox = :outbox, ${INDEX.outbox.pk} = :shard, ${INDEX.outbox.sk} = :due`,
          ConditionExpression: 'attribute_exists(sk)',
          ExpressionAttributeValues: { ':outbox': JSON.stringify(outbox), ':shard': log[INDEX.outbox.pk], ':due': log[INDEX.outbox.sk] },
        }),
      ),
    );
  }
}
