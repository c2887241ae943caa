/**
 * `npm run tenant` as an operator runs it: its own process, the real AWS SDK pointed at the embedded DynamoDB
 * (AWS_ENDPOINT_URL_DYNAMODB, as for any local table) and at a recording stand-in for Secrets Manager.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbTenantDirectory } from '../../lambdas/adapters/dynamodb/tenant-directory.js';
import { hashApiKey } from '../../lambdas/http/auth.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import { recordingServer } from '../support/recording-server.js';
import { printedSecrets } from '../support/tenant-admin.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let db: EmbeddedDynamoDb;
const secretsManager = recordingServer({ body: { ARN: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:baton/cli/freshservice/acme-AbCdEf', Name: 'baton/cli/freshservice/acme' } });
let secretsEndpoint: string;
beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
  secretsEndpoint = await secretsManager.start();
});
afterAll(async () => {
  await secretsManager.stop();
  await db.close();
});

/** The command with this table's credentials and endpoints, and nothing of this machine's AWS configuration. */
function tenant(args: string[], stdin = ''): Promise<Run> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  Object.assign(env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: db.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: db.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsEndpoint,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/tenant.ts', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const table = () => ['--table', db.tableName];

describe('usage mistakes', () => {
  it('--help prints the commands and exits 0', async () => {
    const { code, stdout } = await tenant(['--help']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run tenant -- <command>/);
    for (const command of ['create', 'tenants', 'add-key', 'keys', 'revoke', 'rotate', 'webhook-secret', 'connect-freshservice', 'matrix']) expect(stdout).toContain(`\n  ${command}`);
  });

  it('exits 2 on a mistake, saying what is wrong, then the usage', async () => {
    const { code, stdout, stderr } = await tenant(['frobnicate', 'acme', '--table', 't']);

    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(/^There is no command "frobnicate"\n\nUsage: npm run tenant -- <command>/);
  });

  it('exits 2 on an API key given on the command line, and does not repeat it', async () => {
    const { code, stderr } = await tenant(['connect-freshservice', 'acme', '--domain', 'acme.freshservice.com', 'fs-key-on-argv-0123456789', '--table', 't']);

    expect(code).toBe(2);
    expect(stderr).toContain('connect-freshservice takes <tenant>: 1 argument too many (the API key is read from stdin, never from the command line)');
    expect(stderr).not.toContain('fs-key-on-argv');
  });

  it('exits 1 naming the outputs file when a stage was never deployed from here', async () => {
    const { code, stderr } = await tenant(['tenants', '--stage', 'never-deployed']);

    expect(code).toBe(1);
    expect(stderr).toContain('Cannot read .baton-aws/never-deployed.outputs.json (it does not exist): deploy the stage first (npm run deploy -- never-deployed)');
  });
});

describe('against a table', () => {
  it('creates a tenant whose printed key then works, lists it, and refuses to create it twice (exit 1)', async () => {
    const created = await tenant(['create', 'acme', '--label', 'Acme Freshservice app', ...table()]);
    const listed = await tenant(['tenants', ...table()]);
    const again = await tenant(['create', 'acme', ...table()]);

    expect(created.code, created.stderr).toBe(0);
    const [apiKey] = printedSecrets(created.stdout);
    expect(await new DynamoDbTenantDirectory(db.client, db.tableName).keyForHash(hashApiKey(apiKey!))).toMatchObject({ tenant: 'acme', scope: 'tenant', label: 'Acme Freshservice app' });
    expect(listed.stdout).toMatch(/^tenant +created\nacme +\d{4}-\d\d-\d\dT/);
    expect([again.code, again.stderr.trim()]).toEqual([1, 'npm run tenant: Tenant acme exists already: choose another id, or give it keys with add-key']);
  });

  it('reads the Freshservice API key from stdin into the secret <prefix><tenant>, and prints no part of it', async () => {
    await tenant(['create', 'globex', ...table()]);
    secretsManager.reset();

    const run = await tenant(['connect-freshservice', 'globex', '--domain', 'https://globex.freshservice.com/', '--secret-prefix', 'baton/cli/freshservice/', ...table()], 'fs-key-from-stdin-0123456789\n');

    expect(run.code, run.stderr).toBe(0);
    expect(secretsManager.requests.map((r) => [r.headers['x-amz-target'], r.body])).toEqual([
      ['secretsmanager.CreateSecret', expect.objectContaining({ Name: 'baton/cli/freshservice/globex', SecretString: JSON.stringify({ domain: 'globex.freshservice.com', apiKey: 'fs-key-from-stdin-0123456789' }) })],
    ]);
    expect(run.stdout + run.stderr).not.toContain('fs-key-from');
  });
});
