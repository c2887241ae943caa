/** What the tenant command creates, seen through the HTTP API (local mode: the same handlers, the same table). */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminDeps, type AdminDeps } from '../../lambdas/admin/deps.js';
import { revokeKey, rotateKey } from '../../lambdas/admin/keys.js';
import { createTenant } from '../../lambdas/admin/tenants.js';
import { startTestBaton, type TestBaton } from '../support/baton.js';
import { printedKeyIds, printedSecret, printedSecrets } from '../support/tenant-admin.js';

let h: TestBaton;
let deps: AdminDeps;
beforeEach(async () => {
  let client: DynamoDBDocumentClient | undefined;
  h = await startTestBaton({ faults: { wrapDynamoDb: (c) => (client = c) } });
  // Secrets Manager is not called by these commands.
  deps = adminDeps({ client: client!, tableName: 'baton', secrets: new SecretsManagerClient({ region: 'eu-west-1' }), secretPrefix: null, clock: h.clock() });
});
afterEach(() => h.stop());

const matrixWith = (key: string) => h.call<{ version: number }>('GET', '/v1/matrix', undefined, { key });

describe('a tenant created with the tenant command', () => {
  it('is served with its printed key: the smoke matrix it activated answers GET /v1/matrix', async () => {
    const created = await createTenant(deps, { tenant: 'initech', label: 'smoke', smoke: true });

    const answer = await matrixWith(printedSecrets(created)[0]!);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ version: 1 });
  });

  it('loses a revoked key: 401', async () => {
    const created = await createTenant(deps, { tenant: 'initech', label: 'smoke', smoke: true });

    await revokeKey(deps, { tenant: 'initech', keyId: printedKeyIds(created)[0]! });

    expect((await matrixWith(printedSecrets(created)[0]!)).status).toBe(401);
  });

  it('keeps a rotated key working until the overlap ends on the clock the API runs on, then refuses it', async () => {
    const created = await createTenant(deps, { tenant: 'initech', label: 'smoke', smoke: true });
    const rotated = await rotateKey(deps, { tenant: 'initech', keyId: printedKeyIds(created)[0]!, overlapHours: 1 });
    expect((await matrixWith(printedSecret(rotated))).status).toBe(200);

    await h.advance(60);

    // The old key was never looked up before, so no cached lookup stands in for the store's answer.
    expect([(await matrixWith(printedSecrets(created)[0]!)).status, (await matrixWith(printedSecret(rotated))).status]).toEqual([401, 200]);
  });
});
