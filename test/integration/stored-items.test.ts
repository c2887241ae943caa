/**
 * Every item a store reads back is checked: a corrupted or foreign item stops the read with a
 * CorruptItemError (503 class) that names its key and the failing field, never its content.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEscalationStore, SUMMARY_LAG } from '../../lambdas/adapters/dynamodb/escalation-store.js';
import { DynamoDbIdempotencyStore } from '../../lambdas/adapters/dynamodb/idempotency-store.js';
import { DynamoDbMatrixStore } from '../../lambdas/adapters/dynamodb/matrix-store.js';
import { DynamoDbTenantDirectory } from '../../lambdas/adapters/dynamodb/tenant-directory.js';
import { keys } from '../../lambdas/adapters/dynamodb/table.js';
import type { NewCommit } from '../../lambdas/app/ports.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import { CorruptItemError } from '../../shared/errors.js';
import type { EscalationEvent } from '../../shared/escalation/events.js';

/** Content that must never reach an error message or a log. */
const SECRET = 'SECRET-CONTENT-4711';
const AT = '2026-11-30T10:00:00.000Z';

const paused = (at: string): EscalationEvent => ({ type: 'sla.paused', at, reason: 'Vendor' });
const commit = (open = true): NewCommit => ({
  at: AT,
  events: [paused(AT)],
  outbox: { schedule: [], cancel: [], deliveries: [] },
  summary: { ticketId: 'x', state: open ? 'open' : 'resolved', subject: null, owner: { team: 'service-desk', party: 'internal' }, dueAt: null, paused: true, breached: false, breachedAt: null, updatedAt: AT },
});

let db: EmbeddedDynamoDb;
let store: DynamoDbEscalationStore;

beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
  store = new DynamoDbEscalationStore(db.client, db.tableName);
});
afterAll(() => db.close());

const put = (item: Record<string, unknown>) => db.client.send(new PutCommand({ TableName: db.tableName, Item: item }));
const set = (key: { pk: string; sk: string }, attribute: string, value: unknown) =>
  db.client.send(new UpdateCommand({ TableName: db.tableName, Key: key, UpdateExpression: 'SET #a = :v', ExpressionAttributeNames: { '#a': attribute }, ExpressionAttributeValues: { ':v': value } }));

/** What `read` threw: a CorruptItemError of the 503 class, whose message holds no stored content. */
async function corruptItemError(read: Promise<unknown>): Promise<CorruptItemError> {
  const error = await read.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CorruptItemError);
  const corrupt = error as CorruptItemError;
  expect(corrupt.code).toBe('unavailable');
  expect(corrupt.message).not.toContain(SECRET);
  return corrupt;
}

describe('the escalation store reading back', () => {
  it('stops at a commit whose event is not one the store writes, naming its key and the field', async () => {
    await store.append('t', 'bad-event', { version: 0, events: [] }, commit());
    const key = { pk: keys.escalation('t', 'bad-event'), sk: keys.commit(1) };
    await set(key, 'events', JSON.stringify([{ ticketId: 'bad-event', seq: 1, event: { type: 'sla.paused', at: 'yesterday', reason: SECRET } }]));

    const error = await corruptItemError(store.load('t', 'bad-event'));

    expect(error.key).toEqual(key);
    expect(error.field).toBe('events.0.event.at');
    expect(error.message).toContain(`${key.pk} ${key.sk}`);
  });

  it('stops at a commit whose events are not JSON, without quoting them', async () => {
    await store.append('t', 'not-json', { version: 0, events: [] }, commit());
    await set({ pk: keys.escalation('t', 'not-json'), sk: keys.commit(1) }, 'events', `[${SECRET}`);

    const error = await corruptItemError(store.load('t', 'not-json'));

    expect(error.field).toBe('events');
  });

  it('stops at a summary item of another shape', async () => {
    await store.append('t', 'bad-summary', { version: 0, events: [] }, commit());
    await put({ pk: keys.escalation('t', 'bad-summary'), sk: keys.summary, version: 'three', summary: SECRET });

    const error = await corruptItemError(store.load('t', 'bad-summary'));

    expect(error.key).toEqual({ pk: keys.escalation('t', 'bad-summary'), sk: keys.summary });
    expect(error.field).toBe('version');
  });

  it('stops at a foreign item among the commits', async () => {
    await store.append('t', 'foreign', { version: 0, events: [] }, commit());
    // "C#x" sorts after every numbered commit: the first read returns it with the latest ones.
    await put({ pk: keys.escalation('t', 'foreign'), sk: 'C#x', note: SECRET });

    const error = await corruptItemError(store.load('t', 'foreign'));

    expect(error.key.sk).toBe('C#x');
    expect(error.field).toBe('commit');
  });

  it('stops at a commit whose number is not the one in its key', async () => {
    await store.append('t', 'renumbered', { version: 0, events: [] }, commit());
    await set({ pk: keys.escalation('t', 'renumbered'), sk: keys.commit(1) }, 'commit', 7);

    const error = await corruptItemError(store.load('t', 'renumbered'));

    expect(error.field).toBe('commit');
  });

  it('stops at a corrupted commit read with a long tail of commits', async () => {
    await store.append('t', 'tail', { version: 0, events: [] }, commit());
    // More commits than the first read returns: the rest is read commit by commit, the corrupted one among them.
    for (let n = 2; n <= 3 + SUMMARY_LAG; n++) {
      const events = n === 2 ? SECRET : JSON.stringify([{ ticketId: 'tail', seq: n, event: paused(AT) }]);
      await put({ pk: keys.escalation('t', 'tail'), sk: keys.commit(n), commit: n, events });
    }

    const error = await corruptItemError(store.load('t', 'tail'));

    expect(error.key).toEqual({ pk: keys.escalation('t', 'tail'), sk: keys.commit(2) });
  });

  it('stops a list at a listed summary of another shape', async () => {
    await store.append('t-list', 'listed', { version: 0, events: [] }, commit());
    await set({ pk: keys.escalation('t-list', 'listed'), sk: keys.summary }, 'summary', JSON.stringify({ note: SECRET }));

    const error = await corruptItemError(store.list('t-list', { limit: 10 }));

    expect(error.key).toEqual({ pk: keys.escalation('t-list', 'listed'), sk: keys.summary });
    expect(error.field).toMatch(/^summary\./);
  });
});

describe('the other stores reading back', () => {
  it('stops at an active matrix item of another shape', async () => {
    // The active version is the latest version item.
    await put({ pk: keys.matrix('m'), sk: keys.matrixVersion(1), version: 1, matrix: JSON.stringify({ version: 'one', document: SECRET }) });

    const error = await corruptItemError(new DynamoDbMatrixStore(db.client, db.tableName).active('m'));

    expect(error.field).toBe('matrix.version');
  });

  it('stops at a remembered answer of another shape', async () => {
    await put({ pk: keys.idempotency('i', 'k1'), sk: 'IDEM', requestHash: 'h', status: SECRET });

    const error = await corruptItemError(new DynamoDbIdempotencyStore(db.client, db.tableName).claim('i', 'k1', 'h', new Date(AT)));

    expect(error.field).toBe('status');
  });

  it('stops at an API key item with a scope it does not know', async () => {
    await put({ pk: keys.apiKey('hash-1'), sk: 'KEY', tenant: 'a', scope: SECRET });

    const error = await corruptItemError(new DynamoDbTenantDirectory(db.client, db.tableName).keyForHash('hash-1'));

    expect(error.field).toBe('scope');
  });
});
