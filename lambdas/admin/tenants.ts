/** `create <tenant>` and `tenants`: the tenant's record, its first key and webhook secret (shown once), and the smoke matrix on request. */
import { fileURLToPath } from 'node:url';
import type { AdminDeps } from './deps.js';
import { issueKey, WEBHOOK_LABEL } from './issue-key.js';
import { activate, lintedMatrix, riskLines } from './matrix.js';
import { secretLines, shownOnce, textTable } from './output.js';

/** The label of a tenant's first key unless `--label` gives one: the Freshservice app is what usually holds it. */
export const FIRST_KEY_LABEL = 'Freshservice app';

/** The smoke test's matrix (a 1-minute acknowledgement target), as the repository ships it. */
export const SMOKE_MATRIX = { path: fileURLToPath(new URL('../../examples/matrix.smoke.yaml', import.meta.url)), shownAs: 'examples/matrix.smoke.yaml' };

/**
 * Records a new tenant and gives it an API key (scope tenant) and a webhook secret, printed once; with
 * `smoke`, also activates the smoke-test matrix (and says how to run the smoke test against `apiUrl`).
 * @throws ConflictError when the tenant exists (nothing is changed then)
 */
export async function createTenant(deps: AdminDeps, input: { tenant: string; label: string; smoke: boolean; apiUrl?: string | null }): Promise<string> {
  const { tenant, label, smoke } = input;
  // Read before anything is written: a broken checkout stops here, not half way.
  const matrix = smoke ? await lintedMatrix(SMOKE_MATRIX.path, SMOKE_MATRIX.shownAs) : null;
  const at = deps.clock.now().toISOString();
  await deps.tenants.create({ tenant, createdAt: at });
  const lines = [`Created tenant ${tenant} at ${at}.`];
  try {
    // The matrix before the keys: should a write fail, no secret has been made that nobody saw.
    if (matrix) {
      const stored = await activate(deps, tenant, matrix, `${SMOKE_MATRIX.shownAs} (npm run tenant -- create ${tenant} --smoke)`);
      lines.push(...riskLines(matrix), `Activated the smoke-test matrix ${SMOKE_MATRIX.shownAs} as version ${stored.version}: one round-the-clock team per party and a 1-minute acknowledgement target. Never use this tenant for a real desk.`);
    }
    const apiKey = await issueKey(deps, { tenant, scope: 'tenant', label, at });
    const webhook = await issueKey(deps, { tenant, scope: 'webhook', label: WEBHOOK_LABEL, at });
    lines.push(
      '',
      ...secretLines('API key', apiKey.key, apiKey.secret),
      ...secretLines('Webhook secret', webhook.key, webhook.secret),
      '',
      shownOnce(2),
      'The API key goes in the Freshservice app\'s installation parameters; the webhook secret in the X-Baton-Webhook-Secret header of the workflow that reports ticket changes.',
    );
    if (smoke) lines.push(`Then: BATON_SMOKE_KEY=<the API key> npm run smoke -- --url ${input.apiUrl ?? '<ApiUrl>'} --deadline`);
  } catch (error) {
    throw new Error(
      `Tenant ${tenant} was recorded, but setting it up failed: ${(error as Error).message}. Finish it with add-key, webhook-secret${smoke ? ' and matrix' : ''} (npm run tenant -- --help).`,
      { cause: error },
    );
  }
  return lines.join('\n');
}

/** Every tenant: id and when it was created. */
export async function listTenants(deps: AdminDeps): Promise<string> {
  const records = await deps.tenants.list();
  if (records.length === 0) return 'No tenants yet (create one: npm run tenant -- create <tenant>).';
  return textTable([['tenant', 'created'], ...records.map((r) => [r.tenant, r.createdAt])]).join('\n');
}
