/**
 * EscalationStore on DynamoDB: one item per commit (conditional on its number), a summary cache, an outbox log.
 * The per-request calls (load, commit, summary) send the plain DynamoDB commands with marshalled items:
 * the document client's wrapping costs more client CPU than these flat items need.
 */
import { PutItemCommand, QueryCommand as RawQueryCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ticketIdSchema } from '../../../shared/api/schemas.js';
import { ValidationError } from '../../../shared/errors.js';
import { deadlineSchema } from '../../../shared/escalation/deadlines.js';
import type { RecordedEvent } from '../../../shared/escalation/events.js';
import type { EscalationSummary } from '../../../shared/escalation/summary.js';
import type { EscalationHistory, EscalationPage, EscalationQuery, EscalationStore, NewCommit, Outbox, PendingOutbox } from '../../../shared/ports.js';
import { describeError, type Log } from '../../app/log.js';
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

const storedDeadlines = z.array(deadlineSchema);

/** An outbox as stored; its deadlines as `deadlineSchema` reads them, shapes stored before the union included. */
function storedOutbox(json: string): Outbox {
  const outbox = JSON.parse(json) as Outbox;
  return { ...outbox, schedule: storedDeadlines.parse(outbox.schedule), cancel: storedDeadlines.parse(outbox.cancel) };
}

/** The outbox-log shard an escalation's entries go to. */
export function outboxShard(tenant: string, ticketId: string): number {
  return createHash('sha256').update(`${tenant}\u0000${ticketId}`).digest()[0]! % OUTBOX_SHARDS;
}

/**
 * The summary's cached events may trail the commits by this many: one query for the summary and the
 * latest commits still reads the whole history, and most commits write a small summary, not the events.
 */
export const SUMMARY_LAG = 3;

/**
 * The most the summary caches of an escalation's events (UTF-8 bytes of their JSON). A larger history
 * is read from its commits instead, so the summary item stays far below DynamoDB's 400 KB.
 */
export const SUMMARY_EVENTS_BUDGET = 200_000;

/** Items a list reads at most to fill one page when filters drop most of them. */
const LIST_READ_BUDGET = 1000;

/** What the summary item cached when a history was read or written (the store's own bookkeeping). */
interface SummaryMark {
  eventsVersion: number;
}

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

export interface DynamoDbEscalationStoreOptions {
  /** Told when a summary could not be written after its commit (the next load of that escalation repairs it). */
  onSummaryError?(error: unknown, context: { tenant: string; ticketId: string; version: number }): void;
}

/** The onSummaryError that logs: a summary that lags is an error to see, not to hide. */
export const summaryErrorLogger =
  (log: Log) =>
  (error: unknown, context: { tenant: string; ticketId: string; version: number }): void =>
    log.error('summary not written after its commit; the next load of the escalation repairs it', { ...context, ...describeError(error) });

export class DynamoDbEscalationStore implements EscalationStore {
  private readonly marks = new WeakMap<EscalationHistory, SummaryMark>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoDbEscalationStoreOptions = {},
  ) {}

  async load(tenant: string, ticketId: string): Promise<EscalationHistory> {
    const pk = keys.escalation(tenant, ticketId);
    return storeCall('load escalation', async () => {
      // "SUMMARY" sorts after every "C#…" key: one descending query returns the summary and the latest
      // commits, which is the whole history unless the cached events trail by more than SUMMARY_LAG.
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
      const cached = typeof summary?.events === 'string' ? (summary.eventsVersion as number) : 0;
      const events = cached > 0 ? (JSON.parse(summary!.events as string) as RecordedEvent[]) : [];
      const newer = items.filter((item) => item.sk !== keys.summary && (item.commit as number) > cached).reverse();
      const contiguous = newer.every((item, i) => item.commit === cached + 1 + i);
      const history = contiguous ? this.fold(events, cached, newer) : await this.readTail(pk, { version: cached, events });
      this.marks.set(history, { eventsVersion: cached });
      const latest = newer.findLast((item) => typeof item.summary === 'string');
      if (latest && (summary?.version ?? 0) < (latest.commit as number)) {
        // The summary write after that commit failed: write it now, so lists and the open index catch up.
        await this.writeSummary(tenant, ticketId, latest.commit as number, JSON.parse(latest.summary) as EscalationSummary);
      }
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
          // Only what a history needs: a commit's outbox can be several times larger than its events.
          ProjectionExpression: '#commit, events',
          ExpressionAttributeNames: { '#commit': 'commit' },
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
      // The summary as of this commit: a load repairs a summary write that failed from it.
      ...(commit.summary ? { summary: JSON.stringify(commit.summary) } : {}),
      [INDEX.week.pk]: keys.week(tenant, isoWeek(new Date(commit.at))),
      [INDEX.week.sk]: `${commit.at}#${ticketId}#${n}`,
      ...(dueAt ? { outbox: JSON.stringify(commit.outbox), [INDEX.outbox.pk]: keys.outbox(outboxShard(tenant, ticketId)), [INDEX.outbox.sk]: `${dueAt}#${pk}#${n}` } : {}),
    };
    await storeCall('append commit', () => this.client.send(new PutItemCommand({ TableName: this.tableName, Item: marshall(item), ConditionExpression: COMMIT_IS_NEW })));
    const history = { version: n, events: [...base.events, ...recorded] };
    const mark = this.marks.get(base) ?? { eventsVersion: 0 };
    // Every summary write carries the whole list entry, so "only forward by version" never drops a field;
    // a commit that changes nothing listed writes nothing, and its events reach the cache with the next write.
    if (!commit.summary) {
      this.marks.set(history, mark);
      return history;
    }
    const refresh = n - mark.eventsVersion >= SUMMARY_LAG ? this.eventsCache(history) : undefined;
    try {
      await this.writeSummary(tenant, ticketId, n, commit.summary, refresh);
      this.marks.set(history, refresh ? { eventsVersion: refresh.version } : mark);
    } catch (error) {
      // The commit stands; the list and the open index lag until the next load of this escalation repairs them.
      this.options.onSummaryError?.(error, { tenant, ticketId, version: n });
      this.marks.set(history, mark);
    }
    return history;
  }

  /** The events to cache with the summary, or none (version 0) when they are over the budget. */
  private eventsCache(history: EscalationHistory): { version: number; json?: string } {
    const json = JSON.stringify(history.events);
    return Buffer.byteLength(json) <= SUMMARY_EVENTS_BUDGET ? { version: history.version, json } : { version: 0 };
  }

  /**
   * Writes the summary of commit `version` (never over a newer one): the list's fields, the index
   * entries, and when given, the events cache. Bounded in size, so only an outage can fail it.
   */
  private async writeSummary(tenant: string, ticketId: string, version: number, summary: EscalationSummary, events?: { version: number; json?: string }): Promise<void> {
    const open = summary.state === 'open';
    const sortKey = keys.updated(summary.updatedAt, ticketId);
    const set = ['version = :version', 'tenant = :tenant', 'ticketId = :ticketId', 'summary = :summary', '#state = :state', 'ownerTeam = :team', 'ownerParty = :party', `${INDEX.escalations.pk} = :escPk`, `${INDEX.escalations.sk} = :sortKey`];
    const remove: string[] = [];
    const values: Record<string, unknown> = {
      ':version': version, ':tenant': tenant, ':ticketId': ticketId, ':summary': JSON.stringify(summary), ':state': summary.state,
      ':team': summary.owner.team, ':party': summary.owner.party, ':escPk': keys.escalations(tenant), ':sortKey': sortKey,
    };
    if (open) {
      set.push(`${INDEX.open.pk} = :openPk`, `${INDEX.open.sk} = :sortKey`);
      values[':openPk'] = keys.open(tenant);
    } else {
      remove.push(INDEX.open.pk, INDEX.open.sk);
    }
    if (events?.json !== undefined) {
      set.push('events = :events', 'eventsVersion = :eventsVersion');
      Object.assign(values, { ':events': events.json, ':eventsVersion': events.version });
    } else if (events) {
      remove.push('events', 'eventsVersion');
    }
    await storeCall('write summary', async () => {
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: keys.escalation(tenant, ticketId), sk: keys.summary },
            UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
            ConditionExpression: SUMMARY_MOVES_FORWARD,
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: values,
          }),
        );
      } catch (error) {
        // A newer commit's summary is there already.
        if (!isConditionFailure(error)) throw error;
      }
    });
  }

  async listOpen(tenant: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list(tenant, { state: 'open', limit: 100, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((item) => item.ticketId));
      cursor = page.cursor ?? undefined;
    } while (cursor);
    return ids;
  }

  async list(tenant: string, query: EscalationQuery): Promise<EscalationPage> {
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
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
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
        for (const item of page.Items ?? []) items.push({ ...(JSON.parse(item.summary as string) as EscalationSummary), ticketId: item.ticketId as string });
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
        outbox: storedOutbox(item.outbox as string),
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
