/** The tenant directory on the embedded DynamoDB: described keys (label, creation time, expiry), restarts, revocation by id, expiry. */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbTenantDirectory } from '../../lambdas/adapters/dynamodb/tenant-directory.js';
import { ManualClock } from '../../lambdas/adapters/clock.js';
import { keys, TTL_ATTRIBUTE } from '../../lambdas/adapters/dynamodb/table.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import type { KeyRegistration } from '../../shared/ports.js';

/** A key hash whose id is key_<the 8 hex digits given>. */
const hash = (id: string) => id.padEnd(64, '0');
const MONDAY = '2026-11-30T09:00:00.000Z';
const TUESDAY = '2026-12-01T09:00:00.000Z';
const app = (at = MONDAY): KeyRegistration => ({ tenant: 'acme', scope: 'tenant', label: 'Freshservice app', at });

let db: EmbeddedDynamoDb;
let clock: ManualClock;
let directory: DynamoDbTenantDirectory;
beforeEach(async () => {
  db = await startEmbeddedDynamoDb();
  clock = new ManualClock(new Date(TUESDAY));
  directory = new DynamoDbTenantDirectory(db.client, db.tableName, clock);
});
afterEach(() => db.close());

describe('a registered key', () => {
  it('is described by id, tenant, scope, label and creation time, and never by its hash', async () => {
    await directory.register(hash('aaaa0001'), app());
    await directory.register(hash('aaaa0002'), { tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration', at: TUESDAY });

    const listed = await directory.list();

    expect(listed).toEqual([
      { id: 'key_aaaa0001', tenant: 'acme', scope: 'tenant', label: 'Freshservice app', createdAt: MONDAY, expiresAt: null },
      { id: 'key_aaaa0002', tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration', createdAt: TUESDAY, expiresAt: null },
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/[0-9a-f]{64}/);
    expect(await directory.keyForHash(hash('aaaa0002'))).toEqual(listed[1]);
  });

  it('keeps its creation time when registered again (a restart), and takes the new label and scope', async () => {
    await directory.register(hash('aaaa0001'), app(MONDAY));

    await directory.register(hash('aaaa0001'), { tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration', at: TUESDAY });

    expect(await directory.keyForHash(hash('aaaa0001'))).toMatchObject({ scope: 'party:msp', label: 'MSP PSA integration', createdAt: MONDAY, expiresAt: null });
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
    const expected = { id: 'key_0d0d0007', tenant: 'acme', scope: 'tenant', label: '(unlabelled)', createdAt: null, expiresAt: null };

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
    expect(await directory.list()).toEqual([{ id: 'key_11111111', tenant: 'acme', scope: 'tenant', label: 'Freshservice app', createdAt: MONDAY, expiresAt: null }]);
  });

  it('also clears a listing whose key item a cut-short revocation already removed', async () => {
    await directory.register(hash('0e0e0005'), app());
    await db.client.send(new DeleteCommand({ TableName: db.tableName, Key: { pk: keys.apiKey(hash('0e0e0005')), sk: 'KEY' } }));
    expect(await directory.list()).toEqual([]);

    expect(await directory.revokeAllBut(new Set())).toEqual(['key_0e0e0005']);
    expect(await directory.revokeAllBut(new Set())).toEqual([]);
  });
});

describe('revoking a key by its id', () => {
  it('stops it working, unlists it, and answers it as it was', async () => {
    await directory.register(hash('aaaa0001'), app());

    const revoked = await directory.revoke('acme', 'key_aaaa0001');

    expect(revoked).toMatchObject({ id: 'key_aaaa0001', tenant: 'acme', label: 'Freshservice app' });
    expect(await directory.keyForHash(hash('aaaa0001'))).toBeNull();
    expect(await directory.list()).toEqual([]);
  });

  it("refuses another tenant's key exactly as a key that does not exist, and leaves it working", async () => {
    await directory.register(hash('aaaa0001'), { ...app(), tenant: 'globex' });

    const refusals = await Promise.all([directory.revoke('acme', 'key_aaaa0001'), directory.revoke('acme', 'key_bbbb0001')].map((p) => p.catch((e: Error) => e.message)));

    expect(refusals).toEqual(['Tenant acme has no key key_aaaa0001 (see: npm run tenant -- keys acme)', 'Tenant acme has no key key_bbbb0001 (see: npm run tenant -- keys acme)']);
    expect(await directory.keyForHash(hash('aaaa0001'))).toMatchObject({ tenant: 'globex' });
  });
});

describe('an expiring key', () => {
  const WEDNESDAY = '2026-12-02T09:00:00.000Z';

  it('works until its expiry and not at it, and is listed with its expiry meanwhile', async () => {
    await directory.register(hash('aaaa0001'), app());

    const expiring = await directory.expire('acme', 'key_aaaa0001', WEDNESDAY);
    const before = [await directory.keyForHash(hash('aaaa0001')), await directory.list()];
    clock.set(new Date(WEDNESDAY));

    expect(expiring).toMatchObject({ id: 'key_aaaa0001', expiresAt: WEDNESDAY });
    expect(before).toEqual([expiring, [expiring]]);
    expect([await directory.keyForHash(hash('aaaa0001')), await directory.list()]).toEqual([null, []]);
  });

  it("carries the table's time-to-live at its expiry, on its item and on its registry entry, so DynamoDB removes both", async () => {
    await directory.register(hash('aaaa0001'), app());

    await directory.expire('acme', 'key_aaaa0001', WEDNESDAY);

    const read = async (key: Record<string, unknown>) => (await db.client.send(new GetCommand({ TableName: db.tableName, Key: key }))).Item?.[TTL_ATTRIBUTE];
    const epoch = Date.parse(WEDNESDAY) / 1000;
    expect([await read({ pk: keys.apiKey(hash('aaaa0001')), sk: 'KEY' }), await read(keys.apiKeyRegistry(hash('aaaa0001')))]).toEqual([epoch, epoch]);
  });

  it('keeps an earlier expiry when asked for a later one', async () => {
    await directory.register(hash('aaaa0001'), app());
    await directory.expire('acme', 'key_aaaa0001', WEDNESDAY);

    const again = await directory.expire('acme', 'key_aaaa0001', '2026-12-09T09:00:00.000Z');

    expect(again.expiresAt).toBe(WEDNESDAY);
  });

  it("refuses another tenant's key and a key that has already expired", async () => {
    await directory.register(hash('aaaa0001'), { ...app(), tenant: 'globex' });
    await directory.register(hash('aaaa0002'), app());
    await directory.expire('acme', 'key_aaaa0002', TUESDAY);

    await expect(directory.expire('acme', 'key_aaaa0001', WEDNESDAY)).rejects.toThrow('Tenant acme has no key key_aaaa0001');
    await expect(directory.expire('acme', 'key_aaaa0002', WEDNESDAY)).rejects.toThrow('Tenant acme has no key key_aaaa0002 that still works');
    expect(await directory.keyForHash(hash('aaaa0001'))).toMatchObject({ tenant: 'globex', expiresAt: null });
  });

  it('works until revoked again once registered again (local mode registers its configured keys at every start)', async () => {
    await directory.register(hash('aaaa0001'), app());
    await directory.expire('acme', 'key_aaaa0001', WEDNESDAY);

    await directory.register(hash('aaaa0001'), app());
    clock.set(new Date(WEDNESDAY));

    expect(await directory.keyForHash(hash('aaaa0001'))).toMatchObject({ expiresAt: null });
    expect((await db.client.send(new GetCommand({ TableName: db.tableName, Key: { pk: keys.apiKey(hash('aaaa0001')), sk: 'KEY' } }))).Item).not.toHaveProperty(TTL_ATTRIBUTE);
  });

  it('is revoked with the others that are not configured (local mode), also once expired', async () => {
    for (const id of ['11111111', '22222222', '33333333']) await directory.register(hash(id), app());
    await directory.expire('acme', 'key_22222222', WEDNESDAY);
    await directory.expire('acme', 'key_33333333', TUESDAY);

    const revoked = await directory.revokeAllBut(new Set([hash('11111111')]));

    expect(revoked.sort()).toEqual(['key_22222222', 'key_33333333']);
    expect(await directory.list()).toEqual([expect.objectContaining({ id: 'key_11111111' })]);
  });
});
