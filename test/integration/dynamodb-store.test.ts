import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEscalationStore, SUMMARY_LAG } from '../../lambdas/adapters/dynamodb/escalation-store.js';
import { DynamoDbMatrixStore } from '../../lambdas/adapters/dynamodb/matrix-store.js';
import { INDEX, keys } from '../../lambdas/adapters/dynamodb/table.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import { ConflictError } from '../../shared/errors.js';
import type { EscalationEvent } from '../../shared/escalation/events.js';
import type { Outbox } from '../../shared/ports.js';

const paused = (at: string): EscalationEvent => ({ type: 'sla.paused', at, reason: 'Vendor' });
const nothingOwed: Outbox = { schedule: [], cancel: [], deliveries: [] };
const ackOwed: Outbox = { schedule: [{ kind: 'ack-due', generation: 1, handoffId: 'h1', dueAt: '2026-11-30T10:15:00.000Z' }], cancel: [], deliveries: [] };
const commit = (at: string, outbox = nothingOwed, open = true) => ({ at, events: [paused(at)], outbox, open });

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

  it('writes the summary every few commits and still reads every commit back', async () => {
    let history = await store.append('t1', 'lazy', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));
    for (let minute = 1; minute <= 4; minute++) history = await store.append('t1', 'lazy', history, commit(`2026-11-30T10:0${minute}:00.000Z`));

    const summary = await db.client.send(new GetCommand({ TableName: db.tableName, Key: { pk: keys.escalation('t1', 'lazy'), sk: keys.summary } }));
    const loaded = await store.load('t1', 'lazy');

    expect(summary.Item?.version).toBe(1 + SUMMARY_LAG);
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

  it('lists open escalations per tenant and drops resolved ones from the list', async () => {
    await store.append('t2', 'open-1', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));
    const closing = await store.append('t2', 'open-2', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));
    await store.append('t2', 'open-2', closing, commit('2026-11-30T10:01:00.000Z', nothingOwed, false));
    await store.append('t3', 'other-tenant', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));

    expect(await store.listOpen('t2')).toEqual(['open-1']);
  });

  it('keeps a commit in the outbox index until its outbox is done', async () => {
    await store.append('t4', 'owed', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z', ackOwed));

    const pending = (await store.pendingOutboxes(new Date('2026-11-30T10:00:30.000Z'), 10)).filter((p) => p.tenant === 't4');
    expect(pending).toEqual([{ tenant: 't4', ticketId: 'owed', commit: 1, outbox: ackOwed }]);
    expect((await store.pendingOutboxes(new Date('2026-11-30T09:59:00.000Z'), 10)).filter((p) => p.tenant === 't4')).toEqual([]);

    await store.updateOutbox(pending[0]!, nothingOwed, null);
    expect((await store.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 10)).filter((p) => p.tenant === 't4')).toEqual([]);
  });

  it('finishes many outboxes in shared batches and keeps the rest of each commit item', async () => {
    const written = await Promise.all(Array.from({ length: 30 }, (_, i) => store.append('t6', `batch-${i}`, { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z', ackOwed))));

    await Promise.all(written.map((_, i) => store.updateOutbox({ tenant: 't6', ticketId: `batch-${i}`, commit: 1, outbox: ackOwed }, nothingOwed, null)));

    expect((await store.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 100)).filter((p) => p.tenant === 't6')).toEqual([]);
    const item = await db.client.send(new GetCommand({ TableName: db.tableName, Key: { pk: keys.escalation('t6', 'batch-7'), sk: keys.commit(1) } }));
    expect(item.Item).toMatchObject({ commit: 1, outbox: JSON.stringify(nothingOwed), [INDEX.week.pk]: keys.week('t6', '2026-W49') });
    expect(item.Item?.[INDEX.outbox.pk]).toBeUndefined();
    expect((await store.load('t6', 'batch-7')).events).toHaveLength(1);
  });

  it('finishes an outbox it did not write itself (the sweeper after a restart)', async () => {
    await store.append('t7', 'other-process', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z', ackOwed));
    const restarted = new DynamoDbEscalationStore(db.client, db.tableName);

    const [pending] = (await restarted.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 100)).filter((p) => p.tenant === 't7');
    await restarted.updateOutbox(pending!, nothingOwed, null);

    expect((await restarted.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 100)).filter((p) => p.tenant === 't7')).toEqual([]);
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
