/** The tenant administration commands on the embedded DynamoDB, with a manual clock and Secrets Manager mocked (no local emulator). */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { ManualClock } from '../../lambdas/adapters/clock.js';
import { adminDeps, type AdminDeps } from '../../lambdas/admin/deps.js';
import { hashApiKey } from '../../lambdas/http/auth.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';

export const PREFIX = 'baton/test/freshservice/';
export const MONDAY = '2026-11-30T09:00:00.000Z';

export interface AdminFixture {
  db: EmbeddedDynamoDb;
  clock: ManualClock;
  secrets: AwsClientStub<SecretsManagerClient>;
  deps: AdminDeps;
  close(): Promise<void>;
}

/** A fresh table, the clock at MONDAY, and a Secrets Manager client whose every call is mocked (and recorded). */
export async function startAdmin(options: { fetch?: typeof fetch } = {}): Promise<AdminFixture> {
  const db = await startEmbeddedDynamoDb();
  const clock = new ManualClock(new Date(MONDAY));
  const client = new SecretsManagerClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const secrets = mockClient(client);
  const deps = adminDeps({ client: db.client, tableName: db.tableName, secrets: client, secretPrefix: PREFIX, clock, ...options });
  return {
    db,
    clock,
    secrets,
    deps,
    close: async () => {
      secrets.restore();
      await db.close();
    },
  };
}

/** Every secret (API key or webhook secret) a command printed: each alone on an indented line. */
export const printedSecrets = (output: string) => [...output.matchAll(/^ {4}((?:baton|whsec)_\S+)$/gm)].map((m) => m[1]!);

/** The one secret a command printed. */
export function printedSecret(output: string): string {
  const [secret, ...more] = printedSecrets(output);
  if (secret === undefined || more.length > 0) throw new Error(`expected one secret in:\n${output}`);
  return secret;
}

/** The key id printed before a secret (`… key_1a2b3c4d (scope …):`), in order. */
export const printedKeyIds = (output: string) => [...output.matchAll(/(key_[0-9a-f]{8}) \(scope [^)]*\):$/gm)].map((m) => m[1]!);

/** The key as the API would find it, or null. */
export const lookup = (deps: AdminDeps, secret: string) => deps.keys.keyForHash(hashApiKey(secret));
