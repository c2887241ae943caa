/** The outbox log on the embedded DynamoDB: entries written with their commits, read behind a position per shard. */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEscalationStore } from '../../lambdas/adapters/dynamodb/escalation-store.js';
import { DynamoDbOutboxLog } from '../../lambdas/adapters/dynamodb/outbox-log.js';
import { INDEX, OUTBOX_SHARDS, keys, outboxShard, tableDefinition } from '../../lambdas/adapters/dynamodb/table.js';
import type { Outbox, OutboxLogEntry, PendingOutbox } from '../../lambdas/app/ports.js';
import { startEmbeddedDynamoDb, untilActive, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import { CorruptItemError } from '../../shared/errors.js';
import type { EscalationEvent } from '../../shared/escalation/events.js';

const paused = (at: string): EscalationEvent => ({ type: 'sla.paused', at, reason: 'Vendor' });
const nothingOwed: Outbox = { schedule: [], cancel: [], deliveries: [] };
const ackOwed: Outbox = { schedule: [{ kind: 'ack-due', generation: 1, handoffId: 'h1', dueAt: '2026-11-30T10:15:00.000Z' }], cancel: [], deliveries: [] };
const commit = (at: string, outbox = nothingOwed) => ({ at, events: [paused(at)], outbox });

/** The entries, every one of them readable (a test of readable entries fails on any other). */
function readable(entries: OutboxLogEntry[]): PendingOutbox[] {
  return entries.map((entry) => {
    if ('unreadable' in entry) throw entry.unreadable;
    return entry;
  });
}

let db: EmbeddedDynamoDb;

beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
});
afterAll(() => db.close());

describe('the outbox log', () => {
  let tables = 0;
  /** Each test its own table: the sweeper's position is the table's, not a tenant's. The store writes the commits that owe work. */
  async function freshLog(): Promise<{ store: DynamoDbEscalationStore; log: DynamoDbOutboxLog; tableName: string }> {
    const tableName = `outbox-log-${++tables}`;
    await db.client.send(new CreateTableCommand(tableDefinition(tableName)));
    // dynalite answers CreateTable before the table takes writes: without the wait, a first write raced it.
    await untilActive(db.client, tableName);
    return { store: new DynamoDbEscalationStore(db.client, tableName), log: new DynamoDbOutboxLog(db.client, tableName), tableName };
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
    const { store, log } = await freshLog();
    await store.append('t', 'owed', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z', ackOwed));
    await store.append('t', 'owes-nothing', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z'));

    expect(await log.pendingOutboxes(new Date('2026-11-30T09:59:59.000Z'), 10)).toEqual([]);
    const pending = await log.pendingOutboxes(new Date('2026-11-30T10:00:30.000Z'), 10);
    expect(pending).toEqual([owedBy('owed', '2026-11-30T10:00:00.000Z')]);

    await log.passOutboxes(pending);
    expect(await log.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 10)).toEqual([]);
  });

  it('reads back deadlines stored before each kind had its own fields, as the deadlines they were stored for', async () => {
    const { store, log } = await freshLog();
    const dueAt = '2026-11-30T10:15:00.000Z';
    // As an older version wrote them: an ack without its handoff id, a warning without its fraction, a breach with both.
    const older = { schedule: [{ kind: 'ack-due', generation: 2, dueAt }, { kind: 'sla-warning', generation: 1, dueAt }], cancel: [{ kind: 'sla-breach', generation: 1, fraction: 0.5, handoffId: 'h1', dueAt }], deliveries: [] };
    await store.append('t', 'older', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z', older as unknown as Outbox));

    const [entry] = readable(await log.pendingOutboxes(new Date('2026-11-30T10:00:30.000Z'), 10));

    expect(entry?.outbox).toEqual({
      schedule: [{ kind: 'ack-due', generation: 2, handoffId: 'h2', dueAt }, { kind: 'sla-warning', generation: 1, fraction: 0, dueAt }],
      cancel: [{ kind: 'sla-breach', generation: 1, dueAt }],
      deliveries: [],
    });
  });

  it('writes nothing to the commit when its outbox is finished', async () => {
    const { store, log, tableName } = await freshLog();
    await store.append('t', 'done', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z', ackOwed));
    const before = await db.client.send(new GetCommand({ TableName: tableName, Key: { pk: keys.escalation('t', 'done'), sk: keys.commit(1) } }));

    await log.passOutboxes(await log.pendingOutboxes(new Date('2026-11-30T10:00:30.000Z'), 10));

    const after = await db.client.send(new GetCommand({ TableName: tableName, Key: { pk: keys.escalation('t', 'done'), sk: keys.commit(1) } }));
    expect(after.Item).toEqual(before.Item);
  });

  it('lists work left over again when it comes due, though the sweeper passed its first entry', async () => {
    const { store, log } = await freshLog();
    await store.append('t', 'retry', { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z', ackOwed));
    const [entry] = readable(await log.pendingOutboxes(new Date('2026-11-30T10:00:30.000Z'), 10));
    const leftover: Outbox = { ...nothingOwed, cancel: ackOwed.schedule };

    await log.updateOutbox(entry!, leftover, '2026-11-30T10:05:00.000Z');
    await log.passOutboxes([entry!]);

    expect(await log.pendingOutboxes(new Date('2026-11-30T10:04:59.000Z'), 10)).toEqual([]);
    expect(await log.pendingOutboxes(new Date('2026-11-30T10:05:00.000Z'), 10)).toEqual([{ ...owedBy('retry', '2026-11-30T10:05:00.000Z'), outbox: leftover }]);
  });

  it('keeps the position in the store: another process starts where the first stopped, and it never moves back', async () => {
    const { store, log, tableName } = await freshLog();
    // Three escalations whose entries share one shard of the log, written a minute apart.
    const shard = outboxShard('t', 'same-0');
    const ids = Array.from({ length: 200 }, (_, i) => `same-${i}`).filter((id) => outboxShard('t', id) === shard).slice(0, 3);
    for (const [i, id] of ids.entries()) await store.append('t', id, { version: 0, events: [] }, commit(`2026-11-30T10:0${i}:00.000Z`, ackOwed));
    const [first, second, third] = readable(await log.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 40));
    expect([first?.ticketId, second?.ticketId, third?.ticketId]).toEqual(ids);

    await log.passOutboxes([second!]);
    await log.passOutboxes([first!]);

    const restarted = new DynamoDbOutboxLog(db.client, tableName);
    expect(await restarted.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 40)).toEqual([third]);
  });

  it('pages through every shard in turn and, passing each page, reads every entry exactly once', async () => {
    const { store, log } = await freshLog();
    const ids = Array.from({ length: 40 }, (_, i) => `page-${i}`);
    for (const [i, id] of ids.entries()) await store.append('t', id, { version: 0, events: [] }, commit(`2026-11-30T10:${String(i).padStart(2, '0')}:00.000Z`, ackOwed));
    const perShard = (entries: Array<{ ticketId: string }>) => Array.from({ length: OUTBOX_SHARDS }, (_, shard) => entries.filter((e) => outboxShard('t', e.ticketId) === shard).length);
    expect(Math.min(...perShard(ids.map((ticketId) => ({ ticketId }))))).toBeGreaterThanOrEqual(2);

    // A page of 8 takes the 2 oldest of each of the 4 shards, and reads no entry it leaves out.
    const read = await countingLogReads(async () => readable(await log.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 8)));
    const first = read.result;
    expect(perShard(first)).toEqual([2, 2, 2, 2]);
    expect(read.items).toBe(8);

    const seen = [...first];
    await log.passOutboxes(first);
    for (let page = await log.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 8); page.length > 0; page = await log.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 8)) {
      seen.push(...readable(page));
      await log.passOutboxes(page);
    }
    expect(seen.map((entry) => entry.ticketId).sort()).toEqual([...ids].sort());
  });

  it('hands back an entry it cannot read as unreadable, naming its key, and passing it reads on past it', async () => {
    const { store, log, tableName } = await freshLog();
    const shard = outboxShard('t', 'same-0');
    const [spoilt, sound] = Array.from({ length: 200 }, (_, i) => `same-${i}`).filter((id) => outboxShard('t', id) === shard);
    await store.append('t', spoilt!, { version: 0, events: [] }, commit('2026-11-30T10:00:00.000Z', ackOwed));
    await store.append('t', sound!, { version: 0, events: [] }, commit('2026-11-30T10:01:00.000Z', ackOwed));
    const key = { pk: keys.escalation('t', spoilt!), sk: keys.commit(1) };
    await db.client.send(new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: 'SET outbox = :o', ExpressionAttributeValues: { ':o': JSON.stringify({ schedule: 'SECRET-CONTENT' }) } }));

    const page = await log.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 40);

    expect(page).toEqual([{ unreadable: expect.any(CorruptItemError), shard, position: `2026-11-30T10:00:00.000Z#${key.pk}#1` }, owedBy(sound!, '2026-11-30T10:01:00.000Z')]);
    const unreadable = page[0] as { unreadable: CorruptItemError };
    expect(unreadable.unreadable).toMatchObject({ key, field: 'outbox.schedule' });
    expect(unreadable.unreadable.message).not.toContain('SECRET-CONTENT');
    await log.passOutboxes(page);
    expect(await log.pendingOutboxes(new Date('2026-11-30T11:00:00.000Z'), 40)).toEqual([]);
  });
});
