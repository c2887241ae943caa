import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEscalationStore, SUMMARY_LAG, outboxShard } from '../../lambdas/adapters/dynamodb/escalation-store.js';
import { DynamoDbMatrixStore } from '../../lambdas/adapters/dynamodb/matrix-store.js';
import { INDEX, OUTBOX_SHARDS, keys, tableDefinition } from '../../lambdas/adapters/dynamodb/table.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import { ConflictError } from '../../shared/errors.js';
import type { EscalationEvent } from '../../shared/escalation/events.js';
import type { EscalationSummary } from '../../shared/escalation/summary.js';
import type { Outbox } from '../../shared/ports.js';

const paused = (at: string): EscalationEvent => ({ type: 'sla.paused', at, reason: 'Vendor' });
const nothingOwed: Outbox = { schedule: [], cancel: [], deliveries: [] };
const ackOwed: Outbox = { schedule: [{ kind: 'ack-due', generation: 1, handoffId: 'h1', dueAt: '2026-11-30T10:15:00.000Z' }], cancel: [], deliveries: [] };
const summary = (at: string, open: boolean): EscalationSummary => ({
  ticketId: 'set-by-the-store', state: open ? 'open' : 'resolved', subject: null, owner: { team: 'service-desk', party: 'internal' },
  dueAt: null, paused: true, breached: false, breachedAt: null, updatedAt: at,
});
const commit = (at: string, outbox = nothingOwed, open = true) => ({ at, events: [paused(at)], outbox, summary: summary(at, open) });

let db: EmbeddedDynamoDb;
let store: DynamoDbEscalationStore;

beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
  store = new DynamoDbEscalationStore(db.client, db.tableName);
});
afterAll(() => db.close());

describe('the DynamoDB escalation store', () => {
  it('numbers commits and events in order and reads them back', async () => {
    const first = await store.append('t1', 'a', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));
    await store.append('t1', 'a', first, { ...commit('2026-11-30T10:05:00.000Z'), events: [paused('2026-11-30T10:05:00.000Z'), paused('2026-11-30T10:06:00.000Z')] });

    const loaded = await store.load('t1', 'a');

    expect(loaded.version).toBe(2);
    expect(loaded.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(loaded.events[2]).toEqual({ ticketId: 'a', seq: 3, event: paused('2026-11-30T10:06:00.000Z') });
  });

  it('lets only one of two writers racing for the same commit number win', async () => {
    const base = await store.append('t1', 'race', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));

    const results = await Promise.allSettled([store.append('t1', 'race', base, commit('2026-11-30T10:01:00.000Z')), store.append('t1', 'race', base, commit('2026-11-30T10:02:00.000Z'))]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(ConflictError);
    expect((await store.load('t1', 'race')).version).toBe(2);
  });

  it('reads commits the summary has not caught up with', async () => {
    const first = await store.append('t1', 'behind', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));
    // A crash between the commit and its summary: the commit item alone is written.
    await db.client.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { pk: keys.escalation('t1', 'behind'), sk: keys.commit(2), commit: 2, events: JSON.stringify([{ ticketId: 'behind', seq: 2, event: paused('2026-11-30T10:09:00.000Z') }]) },
      }),
    );

    const loaded = await store.load('t1', 'behind');

    expect(first.version).toBe(1);
    expect(loaded.version).toBe(2);
    expect(loaded.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('never moves the summary backwards when a slower writer finishes last', async () => {
    const one = await store.append('t1', 'forward', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));
    // A faster writer already left a newer summary (version 3) behind.
    await db.client.send(new PutCommand({ TableName: db.tableName, Item: { pk: keys.escalation('t1', 'forward'), sk: keys.summary, version: 3, events: '[]' } }));

    // Resolving changes the open-escalations entry, so this commit writes the summary.
    await store.append('t1', 'forward', one, commit('2026-11-30T10:01:00.000Z', nothingOwed, false));

    const summary = await db.client.send(new GetCommand({ TableName: db.tableName, Key: { pk: keys.escalation('t1', 'forward'), sk: keys.summary } }));
    expect(summary.Item?.version).toBe(3);
  });

  it('writes the summary on every commit, its events cache every few, and still reads every commit back', async () => {
    let history = await store.append('t1', 'lazy', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));
    for (let minute = 1; minute <= 4; minute++) history = await store.append('t1', 'lazy', history, commit(`2026-11-30T10:0${minute}:00.000Z`));

    const summary = await db.client.send(new GetCommand({ TableName: db.tableName, Key: { pk: keys.escalation('t1', 'lazy'), sk: keys.summary } }));
    const loaded = await store.load('t1', 'lazy');

    expect(summary.Item).toMatchObject({ version: 5, eventsVersion: SUMMARY_LAG });
    expect(JSON.parse(summary.Item?.summary as string)).toMatchObject({ updatedAt: '2026-11-30T10:04:00.000Z' });
    expect(loaded.version).toBe(5);
    expect(loaded.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads a long tail of commits when summary writes kept failing', async () => {
    await store.append('t1', 'long-tail', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));
    for (let n = 2; n <= 3 + SUMMARY_LAG; n++) {
      await db.client.send(
        new PutCommand({
          TableName: db.tableName,
          Item: { pk: keys.escalation('t1', 'long-tail'), sk: keys.commit(n), commit: n, events: JSON.stringify([{ ticketId: 'long-tail', seq: n, event: paused('2026-11-30T10:09:00.000Z') }]) },
        }),
      );
    }

    const loaded = await store.load('t1', 'long-tail');

    expect(loaded.version).toBe(3 + SUMMARY_LAG);
    expect(loaded.events.map((e) => e.seq)).toEqual(Array.from({ length: 3 + SUMMARY_LAG }, (_, i) => i + 1));
  });

  it('caches no events in a summary whose history is over the budget, and reads such a history from its commits', async () => {
    const big = (at: string): EscalationEvent => ({ type: 'sla.paused', at, reason: 'x'.repeat(60_000) });
    let history = await store.append('t1', 'big', { version: 0, events: [] }, { ...commit('2026-11-30T10:00:00.000Z'), events: [big('2026-11-30T10:00:00.000Z')] });
    for (let minute = 1; minute <= 5; minute++) history = await store.append('t1', 'big', history, { ...commit(`2026-11-30T10:0${minute}:00.000Z`), events: [big(`2026-11-30T10:0${minute}:00.000Z`)] });

    const summary = await db.client.send(new GetCommand({ TableName: db.tableName, Key: { pk: keys.escalation('t1', 'big'), sk: keys.summary } }));
    const loaded = await store.load('t1', 'big');

    expect(summary.Item?.events).toBeUndefined();
    expect(summary.Item?.version).toBe(6);
    expect(loaded.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('repairs on the next load a summary whose write failed after its commit, so the open list catches up', async () => {
    const failures: number[] = [];
    const flaky = new DynamoDbEscalationStore(
      { send: (command: { input?: { UpdateExpression?: string } }) => (command.input?.UpdateExpression?.includes('summary') ? Promise.reject(new Error('throttled')) : db.client.send(command as never)) } as never,
      db.tableName,
      { onSummaryError: (_error, { version }) => failures.push(version) },
    );
    const opened = await store.append('t6', 'repair', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));
    await flaky.append('t6', 'repair', opened, commit('2026-11-30T10:01:00.000Z', nothingOwed, false));

    const before = await store.listOpen('t6');
    await store.load('t6', 'repair');

    expect(failures).toEqual([2]);
    expect(before).toEqual(['repair']);
    expect(await store.listOpen('t6')).toEqual([]);
  });

  it('lists open escalations per tenant and drops resolved ones from the list', async () => {
    await store.append('t2', 'open-1', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));
    const closing = await store.append('t2', 'open-2', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));
    await store.append('t2', 'open-2', closing, commit('2026-11-30T10:01:00.000Z', nothingOwed, false));
    await store.append('t3', 'other-tenant', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));

    expect(await store.listOpen('t2')).toEqual(['open-1']);
  });

  it('puts commits of a tenant in the week index by ISO week', async () => {
    await store.append('t5', 'weekly', { version: 0, events: [] }, commit('2026-12-02T10:00:00.000Z'));

    const page = await db.client.send(
      new QueryCommand({ TableName: db.tableName, IndexName: INDEX.week.name, KeyConditionExpression: `${INDEX.week.pk} = :pk`, ExpressionAttributeValues: { ':pk': keys.week('t5', '2026-W49') } }),
    );

    expect(page.Items?.map((i) => i.ticketId)).toEqual(['weekly']);
  });
});

describe('the DynamoDB matrix store', () => {
  it('activates numbered versions and serves the latest', async () => {
    const matrices = new DynamoDbMatrixStore(db.client, db.tableName);

    const v1 = await matrices.activate('m1', { document: { a: 1 }, createdAt: '2026-11-30T10:00:00.000Z', createdBy: 'carla' });
    const v2 = await matrices.activate('m1', { document: { a: 2 }, createdAt: '2026-11-30T11:00:00.000Z', createdBy: 'carla' });

    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(await matrices.active('m1')).toMatchObject({ version: 2, document: { a: 2 } });
    expect(await matrices.active('nobody')).toBeNull();
  });
});

describe('the outbox log', () => {
  let tables = 0;
  /** Each test its own table: the sweeper's position is the table's, not a tenant's. */
  async function freshStore(): Promise<{ store: DynamoDbEscalationStore; tableName: string }> {
    const tableName = `outbox-log-${++tables}`;
    await db.client.send(new CreateTableCommand(tableDefinition(tableName)));
    return { store: new DynamoDbEscalationStore(db.client, tableName), tableName };
  }
  /** Runs `work` and counts the items DynamoDB returned from the outbox index meanwhile (each one is paid for). */
  async function countingLogReads<T>(work: () => Promise<T>): Promise<{ result: T; items: number }> {
    let items = 0;
    const name = 'count-outbox-log-reads';
    db.client.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        const { input } = args as { input: { IndexName?: string } };
        if (input.IndexName === INDEX.outbox.name) items += (out.output as { Count?: number }).Count ?? 0;
        return out;
      },
      { step: 'initialize', name },
    );
    try {
      return { result: await work(), items };
    } finally {
      db.client.middlewareStack.remove(name);
    }
  }
  const owedBy = (ticketId: string, at: string) => ({ tenant: 't', ticketId, commit: 1, outbox: ackOwed, position: `${at}#${keys.escalation('t', ticketId)}#1` });

  it('lists each commit that owed work, once due, until the sweeper passes it', async () => {
    const { store } = await freshStore();
    await store.append('t', 'owed', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z', ackOwed));
    await store.append('t', 'owes-nothing', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));

    expect(await store.pendingOutboxes(new Date('2026-11-30T09:59:59.000Z'), 10)).toEqual([]);
    const pending = await store.pendingOutboxes(new Date('2026-11-30T10:00:30.000Z'), 10);
    expect(pending).toEqual([owedBy('owed', '2026-11-30T10:00:00.000Z')]);

    await store.passOutboxes(pending);
    expect(await store.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 10)).toEqual([]);
  });

  it('reads back deadlines stored before each kind had its own fields, as the deadlines they were stored for', async () => {
    const { store } = await freshStore();
    const dueAt = '2026-11-30T10:15:00.000Z';
    // As an older version wrote them: an ack without its handoff id, a warning without its fraction, a breach with both.
    const older = { schedule: [{ kind: 'ack-due', generation: 2, dueAt }, { kind: 'sla-warning', generation: 1, dueAt }], cancel: [{ kind: 'sla-breach', generation: 1, fraction: 0.5, handoffId: 'h1', dueAt }], deliveries: [] };
    await store.append('t', 'older', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z', older as unknown as Outbox));

    const [entry] = await store.pendingOutboxes(new Date('2026-11-30T10:00:30.000Z'), 10);

    expect(entry?.outbox).toEqual({
      schedule: [{ kind: 'ack-due', generation: 2, handoffId: 'h2', dueAt }, { kind: 'sla-warning', generation: 1, fraction: 0, dueAt }],
      cancel: [{ kind: 'sla-breach', generation: 1, dueAt }],
      deliveries: [],
    });
  });

  it('writes nothing to the commit when its outbox is finished', async () => {
    const { store, tableName } = await freshStore();
    await store.append('t', 'done', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z', ackOwed));
    const before = await db.client.send(new GetCommand({ TableName: tableName, Key: { pk: keys.escalation('t', 'done'), sk: keys.commit(1) } }));

    await store.passOutboxes(await store.pendingOutboxes(new Date('2026-11-30T10:00:30.000Z'), 10));

    const after = await db.client.send(new GetCommand({ TableName: tableName, Key: { pk: keys.escalation('t', 'done'), sk: keys.commit(1) } }));
    expect(after.Item).toEqual(before.Item);
  });

  it('lists work left over again when it comes due, though the sweeper passed its first entry', async () => {
    const { store } = await freshStore();
    await store.append('t', 'retry', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z', ackOwed));
    const [entry] = await store.pendingOutboxes(new Date('2026-11-30T10:00:30.000Z'), 10);
    const leftover: Outbox = { ...nothingOwed, cancel: ackOwed.schedule };

    await store.updateOutbox(entry!, leftover, '2026-11-30T10:05:00.000Z');
    await store.passOutboxes([entry!]);

    expect(await store.pendingOutboxes(new Date('2026-11-30T10:04:59.000Z'), 10)).toEqual([]);
    expect(await store.pendingOutboxes(new Date('2026-11-30T10:05:00.000Z'), 10)).toEqual([{ ...owedBy('retry', '2026-11-30T10:05:00.000Z'), outbox: leftover }]);
  });

  it('keeps the position in the store: another process starts where the first stopped, and it never moves back', async () => {
    const { store, tableName } = await freshStore();
    // Three escalations whose entries share one shard of the log, written a minute apart.
    const shard = outboxShard('t', 'same-0');
    const ids = Array.from({ length: 200 }, (_, i) => `same-${i}`).filter((id) => outboxShard('t', id) === shard).slice(0, 3);
    for (const [i, id] of ids.entries()) await store.append('t', id, { version: 0, events: [] }, commit(`2026-11-30T10:0${i}:00.000Z`, ackOwed));
    const [first, second, third] = await store.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 40);
    expect([first?.ticketId, second?.ticketId, third?.ticketId]).toEqual(ids);

    await store.passOutboxes([second!]);
    await store.passOutboxes([first!]);

    const restarted = new DynamoDbEscalationStore(db.client, tableName);
    expect(await restarted.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 40)).toEqual([third]);
  });

  it('pages through every shard in turn and, passing each page, reads every entry exactly once', async () => {
    const { store } = await freshStore();
    const ids = Array.from({ length: 40 }, (_, i) => `page-${i}`);
    for (const [i, id] of ids.entries()) await store.append('t', id, { version: 0, events: [] }, commit(`2026-11-30T10:${String(i).padStart(2, '0')}:00.000Z`, ackOwed));
    const perShard = (entries: Array<{ ticketId: string }>) => Array.from({ length: OUTBOX_SHARDS }, (_, shard) => entries.filter((e) => outboxShard('t', e.ticketId) === shard).length);
    expect(Math.min(...perShard(ids.map((ticketId) => ({ ticketId }))))).toBeGreaterThanOrEqual(2);

    // A page of 8 takes the 2 oldest of each of the 4 shards, and reads no entry it leaves out.
    const read = await countingLogReads(() => store.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 8));
    const first = read.result;
    expect(perShard(first)).toEqual([2, 2, 2, 2]);
    expect(read.items).toBe(8);

    const seen = [...first];
    await store.passOutboxes(first);
    for (let page = await store.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 8); page.length > 0; page = await store.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 8)) {
      seen.push(...page);
      await store.passOutboxes(page);
    }
    expect(seen.map((entry) => entry.ticketId).sort()).toEqual([...ids].sort());
  });
});
