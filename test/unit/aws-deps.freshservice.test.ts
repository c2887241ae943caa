/** The AWS wiring connects each tenant to its own Freshservice, from its secret in (mocked) Secrets Manager. */
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppDeps } from '../../lambdas/app/deps.js';
import { awsApp } from '../../lambdas/handlers/aws-deps.js';
import type { NotificationMessage } from '../../shared/ports.js';

const PREFIX = 'baton/freshservice/';
const FS_KEY = 'acme-freshservice-api-key';
const secretsManager = mockClient(SecretsManagerClient);
let fetched: Array<{ url: string; method: string; authorization: string | null }>;

const note = (tenant: string): NotificationMessage => ({
  tenant, ticketId: '4521', eventType: 'sla.warning', seq: 3, severity: 'warning', title: 'SLA at 75%', lines: [], links: [], recipients: [],
});
const secretReads = () => secretsManager.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId);

beforeAll(() => {
  for (const [name, value] of Object.entries({
    AWS_REGION: 'eu-west-1',
    TABLE_NAME: 'baton',
    SCHEDULE_GROUP_NAME: 'baton-deadlines',
    DEADLINE_FUNCTION_ARN: 'arn:aws:lambda:eu-west-1:111122223333:function:baton-deadline',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::111122223333:role/baton-scheduler',
    DEADLINE_DLQ_ARN: 'arn:aws:sqs:eu-west-1:111122223333:baton-deadlines-dlq',
    FRESHSERVICE_SECRET_PREFIX: PREFIX,
    POWERTOOLS_LOG_LEVEL: 'CRITICAL',
  })) vi.stubEnv(name, value);
});
afterAll(() => {
  vi.unstubAllEnvs();
  secretsManager.restore();
});

beforeEach(() => {
  secretsManager.reset();
  secretsManager.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'Secrets Manager can\'t find the specified secret.', $metadata: {} }));
  secretsManager.on(GetSecretValueCommand, { SecretId: `${PREFIX}acme` }).resolves({ SecretString: JSON.stringify({ domain: 'acme.freshservice.com', apiKey: FS_KEY }) });
  secretsManager.on(GetSecretValueCommand, { SecretId: `${PREFIX}initech` }).resolves({ SecretString: '{"domain": "desk.initech.example", "apiKey": "initech-secret-key"' });
  secretsManager.on(GetSecretValueCommand, { SecretId: `${PREFIX}hooli` }).resolves({ SecretString: JSON.stringify({ domain: 'desk.hooli.example', apiKey: 'hooli-secret-key' }) });
  fetched = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    fetched.push({ url: String(input), method: init?.method ?? 'GET', authorization: new Headers(init?.headers).get('authorization') });
    const body = String(input).endsWith('/notes') ? { conversation: { id: 1 } } : { ticket: { id: 4521, subject: 'Branch VPN down', group_id: 1002, status: 2, priority: 4 } };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => vi.restoreAllMocks());

describe('the AWS wiring of Freshservice', () => {
  let deps: AppDeps;
  beforeEach(async () => {
    ({ deps } = await awsApp());
  });

  it("gives a tenant with a secret a working ticket system on its own domain, with its own key", async () => {
    const tickets = await deps.ticketSystem('acme');

    const ticket = await tickets?.getTicket('4521');

    expect(ticket).toEqual({ id: '4521', subject: 'Branch VPN down', groupId: 1002, status: 2, priority: 4 });
    expect(fetched).toEqual([{ url: 'https://acme.freshservice.com/api/v2/tickets/4521', method: 'GET', authorization: `Basic ${Buffer.from(`${FS_KEY}:X`).toString('base64')}` }]);
  });

  it('gives a tenant without a secret no ticket system', async () => {
    expect(await deps.ticketSystem('globex')).toBeNull();
  });

  it('reads a secret only when a tenant first needs it, then from the cache', async () => {
    expect(secretReads()).toEqual([]);

    await deps.ticketSystem('acme');
    await deps.ticketSystem('acme');
    await deps.ticketSystem('globex');
    await deps.ticketSystem('globex');

    expect(secretReads()).toEqual([`${PREFIX}acme`, `${PREFIX}globex`]);
  });

  it("writes a ticket note on the tenant's own desk, and fails for a tenant without one", async () => {
    await deps.deliverer.send({ kind: 'ticket-note', ticketId: '4521' }, note('acme'));
    const unconnected = deps.deliverer.send({ kind: 'ticket-note', ticketId: '4521' }, note('globex'));

    await expect(unconnected).rejects.toThrow('Tenant globex has no Freshservice connection');
    expect(fetched.map(({ url, method }) => `${method} ${url}`)).toEqual(['POST https://acme.freshservice.com/api/v2/tickets/4521/notes']);
  });

  it('refuses a secret that is not {domain, apiKey} JSON, naming the secret and never quoting it', async () => {
    const refusal = await deps.ticketSystem('initech').catch((error: unknown) => error as Error);

    expect(refusal).toBeInstanceOf(Error);
    expect((refusal as Error).message).toContain(`The secret ${PREFIX}initech is not JSON`);
    expect((refusal as Error).message).not.toContain('initech-secret-key');
    expect(fetched).toEqual([]);
  });

  it("refuses a domain other than the account's *.freshservice.com: no request leaves for it", async () => {
    const refusal = deps.ticketSystem('hooli');

    await expect(refusal).rejects.toThrow(`The secret ${PREFIX}hooli is not a Freshservice connection (domain: write the account's *.freshservice.com domain`);
    expect(fetched).toEqual([]);
  });
});
