/** `npm run tenant` on keys: create, add-key, keys, revoke, rotate and webhook-secret against the embedded DynamoDB. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addKey, listKeys, revokeKey, rotateKey, rotateWebhookSecret } from '../../lambdas/admin/keys.js';
import { createTenant, listTenants } from '../../lambdas/admin/tenants.js';
import { activateMatrix } from '../../lambdas/admin/matrix.js';
import { MONDAY, lookup, printedKeyIds, printedSecret, printedSecrets, startAdmin, type AdminFixture } from '../support/tenant-admin.js';

const HOUR = 3_600_000;
const later = (hours: number) => new Date(Date.parse(MONDAY) + hours * HOUR);

let admin: AdminFixture;
beforeEach(async () => {
  admin = await startAdmin();
});
afterEach(() => admin.close());

const create = (tenant = 'acme', label = 'Freshservice app') => createTenant(admin.deps, { tenant, label, smoke: false });

describe('creating a tenant', () => {
  it('prints an API key and a webhook secret once, each working for the tenant with its scope, and says they cannot be shown again', async () => {
    const output = await create('acme', 'Acme Freshservice app');

    const [apiKey, webhook] = printedSecrets(output);
    expect(output).toContain('Created tenant acme at 2026-11-30T09:00:00.000Z.');
    expect(output).toContain('These secrets are shown once: Baton stores only their hashes, so they cannot be shown again.');
    expect(await lookup(admin.deps, apiKey!)).toEqual({ id: printedKeyIds(output)[0], tenant: 'acme', scope: 'tenant', label: 'Acme Freshservice app', createdAt: MONDAY, expiresAt: null });
    expect(await lookup(admin.deps, webhook!)).toMatchObject({ id: printedKeyIds(output)[1], tenant: 'acme', scope: 'webhook' });
    expect(apiKey).toMatch(/^baton_[\w-]{32}$/);
    expect(webhook).toMatch(/^whsec_[\w-]{32}$/);
  });

  it('refuses a tenant that exists, saying so, and changes nothing', async () => {
    await create('acme');
    const before = await admin.deps.keys.list();

    await expect(create('acme')).rejects.toThrow('Tenant acme exists already');

    expect(await admin.deps.keys.list()).toEqual(before);
  });

  it('lists the tenants with their creation times', async () => {
    await create('globex');
    admin.clock.advance(60);
    await create('acme');

    expect(await listTenants(admin.deps)).toBe(['tenant  created', 'acme    2026-11-30T10:00:00.000Z', 'globex  2026-11-30T09:00:00.000Z'].join('\n'));
  });
});

describe('adding a key', () => {
  beforeEach(() => create('acme'));

  it('prints a party-scoped key once, and the key works with that scope and label', async () => {
    const output = await addKey(admin.deps, { tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration' });

    expect(await lookup(admin.deps, printedSecret(output))).toMatchObject({ tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration' });
    expect(output).toContain('This secret is shown once');
  });

  it("refuses a party the tenant's active matrix does not have, naming those it has", async () => {
    await activateMatrix(admin.deps, { tenant: 'acme', file: 'examples/matrix.smoke.yaml', replace: false });

    const refusal = addKey(admin.deps, { tenant: 'acme', scope: 'party:vendor', label: 'Vendor' });

    await expect(refusal).rejects.toThrow(`Tenant acme's matrix has no party "vendor" (it has internal, msp)`);
  });

  it('refuses a tenant that was never created', async () => {
    await expect(addKey(admin.deps, { tenant: 'initech', scope: 'tenant', label: 'x' })).rejects.toThrow('There is no tenant initech');
  });
});

describe("a tenant's keys", () => {
  it('are listed with id, scope, label, created and expires, never a secret or a hash; other tenants\' keys are not', async () => {
    const created = await create('acme');
    await create('globex');
    const added = await addKey(admin.deps, { tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration' });

    const table = await listKeys(admin.deps, { tenant: 'acme' });

    const [app, webhook] = printedKeyIds(created);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^id +scope +label +created +expires$/);
    expect(lines.slice(1).map((line) => line.split(/ {2,}/))).toEqual(
      expect.arrayContaining([
        [app, 'tenant', 'Freshservice app', MONDAY, 'never'],
        [webhook, 'webhook', 'Freshservice webhook secret', MONDAY, 'never'],
        [printedKeyIds(added)[0], 'party:msp', 'MSP PSA integration', MONDAY, 'never'],
      ]),
    );
    expect(lines).toHaveLength(4);
    for (const secret of [...printedSecrets(created), printedSecret(added)]) expect(table).not.toContain(secret.slice(6, 14));
    expect(table).not.toMatch(/[0-9a-f]{16}/);
  });
});

describe('revoking a key', () => {
  it('stops it working, and says the API may accept it for up to a minute more', async () => {
    const created = await create('acme');
    const [apiKey] = printedSecrets(created);

    const output = await revokeKey(admin.deps, { tenant: 'acme', keyId: printedKeyIds(created)[0]! });

    expect(await lookup(admin.deps, apiKey!)).toBeNull();
    expect(output).toContain(`Revoked ${printedKeyIds(created)[0]} (scope tenant, "Freshservice app") of tenant acme`);
    expect(output).toContain('The API may still accept it for up to a minute more');
  });

  it("refuses another tenant's key as one it does not have, and the key keeps working", async () => {
    await create('acme');
    const globex = await create('globex');

    const refusal = revokeKey(admin.deps, { tenant: 'acme', keyId: printedKeyIds(globex)[0]! });

    await expect(refusal).rejects.toThrow(`Tenant acme has no key ${printedKeyIds(globex)[0]}`);
    expect(await lookup(admin.deps, printedSecrets(globex)[0]!)).toMatchObject({ tenant: 'globex' });
  });
});

describe('rotating a key', () => {
  it('prints a new key with the same scope and label; both work during the overlap, and the old one not after it', async () => {
    await create('acme');
    const old = await addKey(admin.deps, { tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration' });
    admin.clock.advance(60);

    const output = await rotateKey(admin.deps, { tenant: 'acme', keyId: printedKeyIds(old)[0]!, overlapHours: 24 });

    const [oldKey, newKey] = [printedSecret(old), printedSecret(output)];
    expect(await lookup(admin.deps, newKey)).toMatchObject({ scope: 'party:msp', label: 'MSP PSA integration', expiresAt: null });
    expect(output).toContain(`${printedKeyIds(old)[0]} (scope party:msp, "MSP PSA integration") keeps working until 2026-12-01T10:00:00.000Z, then stops`);
    expect(output).toContain('After that, the API may still accept it for up to a minute more');
    admin.clock.set(new Date(later(25).getTime() - 1));
    expect(await lookup(admin.deps, oldKey)).toMatchObject({ expiresAt: '2026-12-01T10:00:00.000Z' });
    admin.clock.set(later(25));
    expect([await lookup(admin.deps, oldKey), await lookup(admin.deps, newKey)]).toEqual([null, expect.objectContaining({ scope: 'party:msp' })]);
  });

  it('with no overlap, stops the old key at once', async () => {
    const created = await create('acme');

    const output = await rotateKey(admin.deps, { tenant: 'acme', keyId: printedKeyIds(created)[0]!, overlapHours: 0 });

    expect(await lookup(admin.deps, printedSecrets(created)[0]!)).toBeNull();
    expect(await lookup(admin.deps, printedSecret(output))).toMatchObject({ scope: 'tenant' });
    expect(output).toContain('stopped working now');
    expect(output).toContain('The API may still accept it for up to a minute more');
  });

  it("refuses another tenant's key and creates nothing", async () => {
    await create('acme');
    const globex = await create('globex');
    const before = await admin.deps.keys.list();

    await expect(rotateKey(admin.deps, { tenant: 'acme', keyId: printedKeyIds(globex)[0]!, overlapHours: 24 })).rejects.toThrow(`Tenant acme has no key ${printedKeyIds(globex)[0]} that works`);

    expect(await admin.deps.keys.list()).toEqual(before);
  });
});

describe("rotating the tenant's webhook secret", () => {
  it('prints a new webhook secret once; the old one works until the overlap ends, the new one after', async () => {
    const created = await create('acme');
    const [, oldSecret] = printedSecrets(created);

    const output = await rotateWebhookSecret(admin.deps, { tenant: 'acme', overlapHours: 2 });

    const newSecret = printedSecret(output);
    expect(newSecret).toMatch(/^whsec_/);
    expect(await lookup(admin.deps, newSecret)).toMatchObject({ tenant: 'acme', scope: 'webhook', label: 'Freshservice webhook secret' });
    expect(await lookup(admin.deps, oldSecret!)).toMatchObject({ expiresAt: '2026-11-30T11:00:00.000Z' });
    admin.clock.set(later(2));
    expect([await lookup(admin.deps, oldSecret!), await lookup(admin.deps, newSecret)]).toEqual([null, expect.objectContaining({ scope: 'webhook' })]);
  });

  it('with no overlap, also stops a secret still in an earlier overlap', async () => {
    const created = await create('acme');
    const second = await rotateWebhookSecret(admin.deps, { tenant: 'acme', overlapHours: 24 });

    await rotateWebhookSecret(admin.deps, { tenant: 'acme', overlapHours: 0 });

    expect([await lookup(admin.deps, printedSecrets(created)[1]!), await lookup(admin.deps, printedSecret(second))]).toEqual([null, null]);
  });

  it('leaves the API keys alone', async () => {
    const created = await create('acme');

    await rotateWebhookSecret(admin.deps, { tenant: 'acme', overlapHours: 0 });

    expect(await lookup(admin.deps, printedSecrets(created)[0]!)).toMatchObject({ scope: 'tenant', expiresAt: null });
  });
});
