/**
 * `npm run tenant -- connect-freshservice`: the secret `<prefix><tenant>` written (Secrets Manager mocked) in the
 * shape the functions read, created or given a new version, and the API key in no output and no error.
 */
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, ResourceExistsException, SecretsManagerServiceException } from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FreshserviceSecrets } from '../../lambdas/adapters/freshservice-secrets.js';
import { SecretCache } from '../../lambdas/adapters/secrets.js';
import { connectFreshservice } from '../../lambdas/admin/freshservice.js';
import { createTenant } from '../../lambdas/admin/tenants.js';
import { PREFIX, startAdmin, type AdminFixture } from '../support/tenant-admin.js';

const API_KEY = 'fs-api-key-0123456789abcdef';

let admin: AdminFixture;
let calls: Array<{ url: string; authorization: string | null }>;
/** Freshservice as the check sees it: answers `status` to everything, and records what it was asked. */
let status: number;
beforeEach(async () => {
  calls = [];
  status = 200;
  admin = await startAdmin({
    fetch: async (input, init) => {
      calls.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
      return new Response(JSON.stringify({ agent: { id: 1 } }), { status });
    },
  });
  admin.secrets.on(CreateSecretCommand).resolves({ Name: `${PREFIX}acme` });
  admin.secrets.on(PutSecretValueCommand).resolves({ Name: `${PREFIX}acme` });
  await createTenant(admin.deps, { tenant: 'acme', label: 'Freshservice app', smoke: false });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await admin.close();
});

const connect = (input: Partial<{ tenant: string; domain: string; check: boolean; apiKey: string }> = {}) =>
  connectFreshservice(admin.deps, { tenant: 'acme', domain: 'acme.freshservice.com', check: false, ...input, readApiKey: async () => input.apiKey ?? API_KEY });
const created = () => admin.secrets.commandCalls(CreateSecretCommand).map((c) => c.args[0].input);
const put = () => admin.secrets.commandCalls(PutSecretValueCommand).map((c) => c.args[0].input);
/** What the command printed or refused with: never the API key. */
const said = (result: Promise<string>) => result.then((output) => output, (error: Error) => `${error.message} ${JSON.stringify(error)}`);

describe('connecting a tenant to Freshservice', () => {
  it('creates the secret <prefix><tenant> holding {domain, apiKey}, and prints neither the key nor a part of it', async () => {
    const output = await said(connect({ domain: ' Acme.Freshservice.com ' }));

    expect(created()).toEqual([{ Name: `${PREFIX}acme`, SecretString: JSON.stringify({ domain: 'acme.freshservice.com', apiKey: API_KEY }), Description: expect.stringContaining('tenant acme') }]);
    expect(put()).toEqual([]);
    expect(output).toContain(`Stored tenant acme's Freshservice connection (acme.freshservice.com) in the new secret ${PREFIX}acme.`);
    expect(output).not.toContain(API_KEY.slice(0, 8));
  });

  it('puts a new version of the secret when it exists', async () => {
    admin.secrets.on(CreateSecretCommand).rejects(new ResourceExistsException({ message: `The operation failed because the secret ${PREFIX}acme already exists.`, $metadata: {} }));

    const output = await connect({ apiKey: 'fs-rotated-key-0123456789' });

    expect(put()).toEqual([{ SecretId: `${PREFIX}acme`, SecretString: JSON.stringify({ domain: 'acme.freshservice.com', apiKey: 'fs-rotated-key-0123456789' }) }]);
    expect(output).toContain(`as a new version of the secret ${PREFIX}acme`);
  });

  it('writes what the functions read: their Freshservice calls go to the domain with the key', async () => {
    await connect();
    const functions = new FreshserviceSecrets(new SecretCache(admin.deps.secrets), PREFIX);
    admin.secrets.on(GetSecretValueCommand, { SecretId: `${PREFIX}acme` }).resolves({ SecretString: created()[0]!.SecretString! });

    const asked = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify({ ticket: { id: 4521, subject: 'VPN', group_id: 1, status: 2, priority: 1 } })));

    await (await functions.ticketSystem('acme'))?.getTicket('4521');

    const [url, init] = asked.mock.calls[0]!;
    expect([String(url), new Headers(init?.headers).get('authorization')]).toEqual(['https://acme.freshservice.com/api/v2/tickets/4521', `Basic ${Buffer.from(`${API_KEY}:X`).toString('base64')}`]);
  });

  it('refuses a custom domain (the API answers on *.freshservice.com only), storing nothing and not echoing the key', async () => {
    const output = await said(connect({ domain: 'helpdesk.acme.com' }));

    expect(output).toContain('The Freshservice connection is not valid (nothing was stored)');
    expect(output).toContain('not a custom domain: the API answers on *.freshservice.com only');
    expect(output).not.toContain(API_KEY);
    expect([created(), put()]).toEqual([[], []]);
  });

  it('refuses an empty API key', async () => {
    await expect(connect({ apiKey: '' })).rejects.toThrow('The Freshservice connection is not valid (nothing was stored)');

    expect(created()).toEqual([]);
  });

  it('names the secret but not the key when Secrets Manager refuses the write', async () => {
    admin.secrets.on(CreateSecretCommand).rejects(new SecretsManagerServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'User is not authorized to perform: secretsmanager:CreateSecret', $metadata: {} }));

    const output = await said(connect());

    expect(output).toContain(`Secrets Manager did not store ${PREFIX}acme (AccessDeniedException: User is not authorized to perform: secretsmanager:CreateSecret)`);
    expect(output).not.toContain(API_KEY);
  });

  it('asks for the key only once the tenant and the secret prefix are known', async () => {
    let asked = false;
    const read = async () => {
      asked = true;
      return API_KEY;
    };

    await expect(connectFreshservice(admin.deps, { tenant: 'initech', domain: 'initech.freshservice.com', check: false, readApiKey: read })).rejects.toThrow('There is no tenant initech');
    await expect(connectFreshservice({ ...admin.deps, secretPrefix: null }, { tenant: 'acme', domain: 'acme.freshservice.com', check: false, readApiKey: read })).rejects.toThrow('--secret-prefix');
    expect(asked).toBe(false);
  });
});

describe('connecting with --check', () => {
  it("asks Freshservice who the key belongs to, with the key as Basic auth's user, and stores it once accepted", async () => {
    const output = await connect({ check: true });

    expect(calls).toEqual([{ url: 'https://acme.freshservice.com/api/v2/agents/me', authorization: `Basic ${Buffer.from(`${API_KEY}:X`).toString('base64')}` }]);
    expect(created()).toHaveLength(1);
    expect(output).toContain('its API key accepted by Freshservice');
  });

  it('refuses a key Freshservice rejects, and stores nothing', async () => {
    status = 401;

    const output = await said(connect({ check: true }));

    expect(output).toContain('Freshservice at acme.freshservice.com refused this API key (401 to GET /api/v2/agents/me): nothing was stored');
    expect(output).not.toContain(API_KEY);
    expect(created()).toEqual([]);
  });

  it('refuses when Freshservice answers anything else, saying how to store the key unchecked', async () => {
    status = 503;

    await expect(connect({ check: true })).rejects.toThrow('answered 503 to GET /api/v2/agents/me: nothing was stored (leave out --check to store the key unchecked)');
    expect(created()).toEqual([]);
  });
});
