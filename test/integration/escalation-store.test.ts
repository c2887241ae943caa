/** The escalation store on the embedded DynamoDB: commits, the summary cache and its repair, the lists. */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEscalationStore, SUMMARY_LAG } from '../../lambdas/adapters/dynamodb/escalation-store.js';
import { INDEX, keys } from '../../lambdas/adapters/dynamodb/table.js';
import type { Outbox } from '../../lambdas/app/ports.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import { ConflictError } from '../../shared/errors.js';
import type { EscalationEvent } from '../../shared/escalation/events.js';
import type { EscalationSummary } from '../../shared/escalation/summary.js';

const paused = (at: string): EscalationEvent => ({ type: 'sla.paused', at, reason: 'Vendor' });
const nothingOwed: Outbox = { schedule: [], cancel: [], deliveries: [] };
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

    expect(page.Items?.map((i) => i.pk)).toEqual([keys.escalation('t5', 'weekly')]);
  });

  it('keeps only what the weekly review reads in the week index: the events, not the outbox or the summary', async () => {
    const ackOwed: Outbox = { schedule: [{ kind: 'ack-due', generation: 1, handoffId: 'h1', dueAt: '2026-12-09T10:15:00.000Z' }], cancel: [], deliveries: [] };
    await store.append('t7', 'lean', { version: 0, events: [] }, commit('2026-12-09T10:00:00.000Z', ackOwed));
    const stored = await db.client.send(new GetCommand({ TableName: db.tableName, Key: { pk: keys.escalation('t7', 'lean'), sk: keys.commit(1) } }));

    const page = await db.client.send(
      new QueryCommand({ TableName: db.tableName, IndexName: INDEX.week.name, KeyConditionExpression: `${INDEX.week.pk} = :pk`, ExpressionAttributeValues: { ':pk': keys.week('t7', '2026-W50') } }),
    );

    expect(Object.keys(stored.Item ?? {})).toEqual(expect.arrayContaining(['outbox', 'summary', 'tenant', 'at']));
    expect(Object.keys(page.Items?.[0] ?? {}).sort()).toEqual(['commit', 'events', INDEX.week.pk, INDEX.week.sk, 'pk', 'sk'].sort());
    expect(page.Items?.[0]?.events).toBe(stored.Item?.events);
  });
});
