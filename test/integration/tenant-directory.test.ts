/** The tenant directory on the embedded DynamoDB: described keys (label, creation time), restarts, revocation. */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbTenantDirectory } from '../../lambdas/adapters/dynamodb/tenant-directory.js';
import { keys } from '../../lambdas/adapters/dynamodb/table.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import type { KeyRegistration } from '../../shared/ports.js';

/** A key hash whose id is key_<the 8 hex digits given>. */
const hash = (id: string) => id.padEnd(64, '0');
const MONDAY = '2026-11-30T09:00:00.000Z';
const TUESDAY = '2026-12-01T09:00:00.000Z';
const app = (at = MONDAY): KeyRegistration => ({ tenant: 'acme', scope: 'tenant', label: 'Freshservice app', at });

let db: EmbeddedDynamoDb;
let directory: DynamoDbTenantDirectory;
beforeEach(async () => {
  db = await startEmbeddedDynamoDb();
  directory = new DynamoDbTenantDirectory(db.client, db.tableName);
});
afterEach(() => db.close());

describe('a registered key', () => {
  it('is described by id, tenant, scope, label and creation time, and never by its hash', async () => {
    await directory.register(hash('aaaa0001'), app());
    await directory.register(hash('aaaa0002'), { tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration', at: TUESDAY });

    const listed = await directory.list();

    expect(listed).toEqual([
      { id: 'key_aaaa0001', tenant: 'acme', scope: 'tenant', label: 'Freshservice app', createdAt: MONDAY },
      { id: 'key_aaaa0002', tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration', createdAt: TUESDAY },
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/[0-9a-f]{64}/);
    expect(await directory.keyForHash(hash('aaaa0002'))).toEqual(listed[1]);
  });

  it('keeps its creation time when registered again (a restart), and takes the new label and scope', async () => {
    await directory.register(hash('aaaa0001'), app(MONDAY));

    await directory.register(hash('aaaa0001'), { tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration', at: TUESDAY });

    expect(await directory.keyForHash(hash('aaaa0001'))).toMatchObject({ scope: 'party:msp', label: 'MSP PSA integration', createdAt: MONDAY });
  });

  it('lists past a hundred keys (reads them a hundred at a time)', async () => {
    const ids = Array.from({ length: 130 }, (_, n) => n.toString(16).padStart(8, '0'));
    await Promise.all(ids.map((id, n) => directory.register(hash(id), { ...app(), tenant: n % 2 ? 'acme' : 'globex' })));

    const listed = await directory.list();

    expect(listed).toHaveLength(130);
    expect(listed.filter((k) => k.tenant === 'globex')).toHaveLength(65);
  });
});

describe('a key stored before keys had labels', () => {
  beforeEach(async () => {
    await db.client.send(new PutCommand({ TableName: db.tableName, Item: { ...keys.apiKeyRegistry(hash('0d0d0007')), tenant: 'acme' } }));
    await db.client.send(new PutCommand({ TableName: db.tableName, Item: { pk: keys.apiKey(hash('0d0d0007')), sk: 'KEY', tenant: 'acme', scope: 'tenant' } }));
  });

  it('still works, and lists as "(unlabelled)", created at an unknown time', async () => {
    const expected = { id: 'key_0d0d0007', tenant: 'acme', scope: 'tenant', label: '(unlabelled)', createdAt: null };

    expect(await directory.keyForHash(hash('0d0d0007'))).toEqual(expected);
    expect(await directory.list()).toEqual([expected]);
  });

  it('takes a label when registered again, and its creation time stays unknown rather than becoming now', async () => {
    await directory.register(hash('0d0d0007'), app(TUESDAY));

    expect(await directory.keyForHash(hash('0d0d0007'))).toMatchObject({ label: 'Freshservice app', createdAt: null });
  });
});

describe('revoking every key but the configured ones', () => {
  it('stops the others working, answers their ids, and keeps the configured ones as they were', async () => {
    for (const id of ['11111111', '22222222', '33333333']) await directory.register(hash(id), app());

    const revoked = await directory.revokeAllBut(new Set([hash('11111111')]));

    expect(revoked.sort()).toEqual(['key_22222222', 'key_33333333']);
    expect([await directory.keyForHash(hash('22222222')), await directory.keyForHash(hash('33333333'))]).toEqual([null, null]);
    expect(await directory.list()).toEqual([{ id: 'key_11111111', tenant: 'acme', scope: 'tenant', label: 'Freshservice app', createdAt: MONDAY }]);
  });

  it('also clears a listing whose key item a cut-short revocation already removed', async () => {
    await directory.register(hash('0e0e0005'), app());
    await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: { pk: keys.apiKey(hash('0e0e0005')), sk: 'KEY' } }));
    expect(await directory.list()).toEqual([]);

    expect(await directory.revokeAllBut(new Set())).toEqual(['key_0e0e0005']);
    expect(await directory.revokeAllBut(new Set())).toEqual([]);
  });
});
