/**
 * EscalationStore on DynamoDB: one item per commit (conditional on its number), a summary cache, an outbox log.
 * The per-request calls (load, commit, summary) send the plain DynamoDB commands with marshalled items:
 * the document client's wrapping costs more client CPU than these flat items need.
 */
import { PutItemCommand, QueryCommand as RawQueryCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../../../shared/escalation/events.js';
import type { EscalationHistory, EscalationStore, NewCommit, Outbox, PendingOutbox } from '../../../shared/ports.js';
import { isConditionFailure, storeCall } from './errors.js';
import { INDEX, OUTBOX_SHARDS, isoWeek, keys } from './table.js';

const COMMIT_IS_NEW = 'attribute_not_exists(sk)';
const SUMMARY_MOVES_FORWARD = 'attribute_not_exists(version) OR version < :version';
const POSITION_MOVES_FORWARD = 'attribute_not_exists(#position) OR #position < :position';

/** When the outbox of a commit is next due; null when it owes nothing. */
export function outboxDueAt(outbox: Outbox, committedAt: string): string | null {
  if (outbox.schedule.length > 0 || outbox.cancel.length > 0) return committedAt;
  const pending = outbox.deliveries.filter((d) => d.status === 'pending').map((d) => d.nextAttemptAt ?? committedAt);
  return pending.length > 0 ? pending.sort()[0]! : null;
}

/** The outbox-log shard an escalation's entries go to. */
export function outboxShard(tenant: string, ticketId: string): number {
  return createHash('sha256').update(`${tenant}\u0000${ticketId}`).digest()[0]! % OUTBOX_SHARDS;
}

/**
 * The summary may trail the commits by this many: one query for the summary and the latest commits
 * still reads the whole history, and most commits cost one write instead of two.
 */
export const SUMMARY_LAG = 3;

/** What the summary item held when a history was read or written (the store's own bookkeeping). */
interface SummaryMark {
  version: number;
  open: boolean;
}

export class DynamoDbEscalationStore implements EscalationStore {
  private readonly marks = new WeakMap<EscalationHistory, SummaryMark>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(tenant: string, ticketId: string): Promise<EscalationHistory> {
    const pk = keys.escalation(tenant, ticketId);
    return storeCall('load escalation', async () => {
      // "SUMMARY" sorts after every "C#…" key: one descending query returns the summary and the latest
      // commits, which is the whole history unless the summary trails by more than SUMMARY_LAG.
      const head = await this.client.send(
        new RawQueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: pk } },
          ScanIndexForward: false,
          Limit: SUMMARY_LAG + 1,
          ConsistentRead: true,
        }),
      );
      const items = (head.Items ?? []).map((item) => unmarshall(item));
      const summary = items.find((item) => item.sk === keys.summary);
      const mark: SummaryMark = summary ? { version: summary.version as number, open: summary[INDEX.open.pk] !== undefined } : { version: 0, open: false };
      const events = summary ? (JSON.parse(summary.events as string) as RecordedEvent[]) : [];
      const newer = items.filter((item) => item.sk !== keys.summary && (item.commit as number) > mark.version).reverse();
      const contiguous = newer.every((item, i) => item.commit === mark.version + 1 + i);
      const history = contiguous ? this.fold(events, mark.version, newer) : await this.readTail(pk, { version: mark.version, events });
      this.marks.set(history, mark);
      return history;
    });
  }

  private fold(events: RecordedEvent[], version: number, commits: Record<string, unknown>[]): EscalationHistory {
    for (const item of commits) events.push(...(JSON.parse(item.events as string) as RecordedEvent[]));
    return { version: (commits.at(-1)?.commit as number | undefined) ?? version, events };
  }

  private async readTail(pk: string, base: EscalationHistory): Promise<EscalationHistory> {
    let history = base;
    let startKey: Record<string, unknown> | undefined;
    do {
      const tail = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': keys.commit(base.version + 1), ':to': keys.commit(9_999_999_999) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      history = this.fold(history.events, history.version, tail.Items ?? []);
      startKey = tail.LastEvaluatedKey;
    } while (startKey);
    return history;
  }

  async append(tenant: string, ticketId: string, base: EscalationHistory, commit: NewCommit): Promise<EscalationHistory> {
    const pk = keys.escalation(tenant, ticketId);
    const n = base.version + 1;
    const firstSeq = (base.events.at(-1)?.seq ?? 0) + 1;
    const recorded: RecordedEvent[] = commit.events.map((event, i) => ({ ticketId, seq: firstSeq + i, event }));
    const dueAt = outboxDueAt(commit.outbox, commit.at);
    const item = {
      pk,
      sk: keys.commit(n),
      tenant,
      ticketId,
      commit: n,
      at: commit.at,
      events: JSON.stringify(recorded),
      [INDEX.week.pk]: keys.week(tenant, isoWeek(new Date(commit.at))),
      [INDEX.week.sk]: `${commit.at}#${ticketId}#${n}`,
      ...(dueAt ? { outbox: JSON.stringify(commit.outbox), [INDEX.outbox.pk]: keys.outbox(outboxShard(tenant, ticketId)), [INDEX.outbox.sk]: `${dueAt}#${pk}#${n}` } : {}),
    };
    await storeCall('append commit', () => this.client.send(new PutItemCommand({ TableName: this.tableName, Item: marshall(item), ConditionExpression: COMMIT_IS_NEW })));
    const history = { version: n, events: [...base.events, ...recorded] };
    const mark = this.marks.get(base) ?? { version: 0, open: false };
    // The summary carries the open-escalations index entry, so it is written whenever that changes.
    const stale = n - mark.version >= SUMMARY_LAG || mark.open !== commit.open;
    this.marks.set(history, stale && (await this.writeSummary(tenant, ticketId, history, commit.open)) ? { version: n, open: commit.open } : mark);
    return history;
  }

  /** The summary is a cache: a failed or outrun write is repaired by later loads reading the commits. */
  private async writeSummary(tenant: string, ticketId: string, history: EscalationHistory, open: boolean): Promise<boolean> {
    return storeCall(
      'write summary',
      async () => {
        await this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall({
              pk: keys.escalation(tenant, ticketId),
              sk: keys.summary,
              tenant,
              ticketId,
              version: history.version,
              events: JSON.stringify(history.events),
              ...(open ? { [INDEX.open.pk]: keys.open(tenant), [INDEX.open.sk]: ticketId } : {}),
            }),
            ConditionExpression: SUMMARY_MOVES_FORWARD,
            ExpressionAttributeValues: { ':version': { N: String(history.version) } },
          }),
        );
        return true;
      },
      () => false,
    ).catch(() => false);
  }

  async listOpen(tenant: string): Promise<string[]> {
    return storeCall('list open escalations', async () => {
      const ids: string[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: INDEX.open.name,
            KeyConditionExpression: `${INDEX.open.pk} = :pk`,
            ExpressionAttributeValues: { ':pk': keys.open(tenant) },
            ExclusiveStartKey: startKey,
          }),
        );
        ids.push(...(page.Items ?? []).map((item) => item.ticketId as string));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return ids;
    });
  }

  async pendingOutboxes(until: Date, limit: number): Promise<PendingOutbox[]> {
    // An equal share from each shard: a busy shard does not starve the others, and nothing is read
    // that the page leaves out (a shard's share is a prefix of its oldest entries, so passing skips nothing).
    const share = Math.max(1, Math.floor(limit / OUTBOX_SHARDS));
    return storeCall('read outbox log', async () => {
      const shards = await Promise.all(
        Array.from({ length: OUTBOX_SHARDS }, async (_, shard) => {
          const cursor = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.sweepPosition(shard), ConsistentRead: true }));
          const after = cursor.Item?.position as string | undefined;
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
          return page.Items ?? [];
        }),
      );
      return shards.flat().map((item) => ({
        tenant: item.tenant as string,
        ticketId: item.ticketId as string,
        commit: item.commit as number,
        outbox: JSON.parse(item.outbox as string) as Outbox,
        position: item[INDEX.outbox.sk] as string,
      }));
    });
  }

  async passOutboxes(entries: PendingOutbox[]): Promise<void> {
    const furthest = new Map<number, string>();
    for (const entry of entries) {
      if (entry.position === undefined) continue;
      const shard = outboxShard(entry.tenant, entry.ticketId);
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
    const pk = keys.escalation(pending.tenant, pending.ticketId);
    await storeCall('update outbox', () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk: keys.commit(pending.commit) },
          UpdateExpression: `SET outbox = :outbox, ${INDEX.outbox.pk} = :shard, ${INDEX.outbox.sk} = :due`,
          ConditionExpression: 'attribute_exists(sk)',
          ExpressionAttributeValues: {
            ':outbox': JSON.stringify(outbox),
            ':shard': keys.outbox(outboxShard(pending.tenant, pending.ticketId)),
            ':due': `${nextDueAt}#${pk}#${pending.commit}`,
          },
        }),
      ),
    );
  }
}
