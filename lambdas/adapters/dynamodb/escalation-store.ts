/**
 * EscalationStore on DynamoDB: one item per commit (conditional on its number) and a summary item that
 * keeps the lists (read by escalation-list.ts) and caches the events. A commit that owes side effects is
 * also an entry of the outbox log (read by outbox-log.ts). Every item read back is checked (escalation-items.ts).
 * The per-request calls (load, commit, summary) send the plain DynamoDB commands with marshalled items:
 * the document client's wrapping costs more client CPU than these flat items need.
 */
import { PutItemCommand, QueryCommand as RawQueryCommand } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { RecordedEvent } from '../../../shared/escalation/events.js';
import type { EscalationSummary } from '../../../shared/escalation/summary.js';
import type { EscalationHistory, EscalationPage, EscalationQuery, EscalationStore, NewCommit, Outbox } from '../../app/ports.js';
import { describeError, type Log } from '../../app/log.js';
import { commitItemSchema, summaryItemSchema, type CommitItem } from './escalation-items.js';
import { isConditionFailure, storeCall } from './errors.js';
import { listSummaries } from './escalation-list.js';
import { lateRecordItems } from './late-records.js';
import { readItem } from './read-item.js';
import { INDEX, isoWeek, keys, outboxLogAttributes } from './table.js';

const COMMIT_IS_NEW = 'attribute_not_exists(sk)';
const SUMMARY_MOVES_FORWARD = 'attribute_not_exists(version) OR version < :version';

/** When the outbox of a commit is next due; null when it owes nothing (the commit then stays out of the outbox log). */
export function outboxDueAt(outbox: Outbox, committedAt: string): string | null {
  if (outbox.schedule.length > 0 || outbox.cancel.length > 0) return committedAt;
  const pending = outbox.deliveries.filter((d) => d.status === 'pending').map((d) => d.nextAttemptAt ?? committedAt);
  return pending.length > 0 ? pending.sort()[0]! : null;
}

/** A commit of nothing but delivery receipts (half of all commits): no reader of the week index needs it, so it stays out and costs no index write. */
const nothingForTheWeekIndex = (recorded: readonly RecordedEvent[]): boolean => recorded.every((r) => r.event.type === 'notification.sent');

/**
 * Commit `n` of a ticket as the table stores it: its events, the summary as of it (when it changed one),
 * its week-index entry (unless it holds only delivery receipts) and, when it owes side effects, its
 * outbox and outbox-log entry. The benchmarks seed the table with it.
 * @example await client.send(new PutItemCommand({ TableName, Item: marshall(commitItem('acme', '4521', 1, commit, recorded)) }))
 */
export function commitItem(tenant: string, ticketId: string, n: number, commit: NewCommit, recorded: readonly RecordedEvent[]): Record<string, unknown> {
  const dueAt = outboxDueAt(commit.outbox, commit.at);
  return {
    pk: keys.escalation(tenant, ticketId),
    sk: keys.commit(n),
    tenant,
    ticketId,
    commit: n,
    at: commit.at,
    events: JSON.stringify(recorded),
    // The summary as of this commit: a load repairs a summary write that failed from it.
    ...(commit.summary ? { summary: JSON.stringify(commit.summary) } : {}),
    ...(nothingForTheWeekIndex(recorded) ? {} : { [INDEX.week.pk]: keys.week(tenant, isoWeek(new Date(commit.at))), [INDEX.week.sk]: `${commit.at}#${ticketId}#${n}` }),
    ...(dueAt ? { outbox: JSON.stringify(commit.outbox), ...outboxLogAttributes(tenant, ticketId, n, dueAt) } : {}),
  };
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

/** What the summary item cached when a history was read or written (the store's own bookkeeping). */
interface SummaryMark {
  eventsVersion: number;
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
      const stored = items.find((item) => item.sk === keys.summary);
      const summary = stored && readItem(summaryItemSchema, stored);
      const cached = summary?.eventsVersion ?? 0;
      // Only the commits the cache does not hold are read (commit keys sort by number).
      const newer = items
        .filter((item) => item.sk !== keys.summary && String(item.sk) > keys.commit(cached))
        .map((item) => readItem(commitItemSchema, item))
        .reverse();
      const contiguous = newer.every((item, i) => item.commit === cached + 1 + i);
      const events = summary?.events ?? [];
      const history = contiguous ? this.fold(events, cached, newer) : await this.readTail(pk, { version: cached, events });
      this.marks.set(history, { eventsVersion: cached });
      const latest = newer.findLast((item) => item.summary !== undefined);
      if (latest?.summary && (summary?.version ?? 0) < latest.commit) {
        // The summary write after that commit failed: write it now, so lists and the open index catch up.
        await this.writeSummary(tenant, ticketId, latest.commit, latest.summary);
      }
      return history;
    });
  }

  private fold(events: RecordedEvent[], version: number, commits: CommitItem[]): EscalationHistory {
    for (const item of commits) events.push(...item.events);
    return { version: commits.at(-1)?.commit ?? version, events };
  }

  private async readTail(pk: string, base: EscalationHistory): Promise<EscalationHistory> {
    let history = base;
    let startKey: Record<string, unknown> | undefined;
    do {
      const tail = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          // Only what a history needs (and the key, to name an unreadable item): a commit's outbox can be several times larger than its events.
          ProjectionExpression: 'pk, sk, #commit, events',
          ExpressionAttributeNames: { '#commit': 'commit' },
          ExpressionAttributeValues: { ':pk': pk, ':from': keys.commit(base.version + 1), ':to': keys.commit(9_999_999_999) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      history = this.fold(history.events, history.version, (tail.Items ?? []).map((item) => readItem(commitItemSchema, item)));
      startKey = tail.LastEvaluatedKey;
    } while (startKey);
    return history;
  }

  async append(tenant: string, ticketId: string, base: EscalationHistory, commit: NewCommit): Promise<EscalationHistory> {
    const n = base.version + 1;
    const firstSeq = (base.events.at(-1)?.seq ?? 0) + 1;
    const recorded: RecordedEvent[] = commit.events.map((event, i) => ({ ticketId, seq: firstSeq + i, event }));
    // Before the commit: a late record whose commit then fails points at nothing, never the other way round.
    for (const late of lateRecordItems(tenant, ticketId, n, commit.at, recorded)) {
      await storeCall('write a late record', () => this.client.send(new PutItemCommand({ TableName: this.tableName, Item: marshall(late) })));
    }
    await storeCall('append commit', () => this.client.send(new PutItemCommand({ TableName: this.tableName, Item: marshall(commitItem(tenant, ticketId, n, commit, recorded)), ConditionExpression: COMMIT_IS_NEW })));
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

  list(tenant: string, query: EscalationQuery): Promise<EscalationPage> {
    return listSummaries(this.client, this.tableName, tenant, query);
  }
}
