/** `add-key`, `keys`, `revoke`, `rotate` and `webhook-secret`: a tenant's API keys and webhook secrets, by id; each new secret printed once. */
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import type { ApiKey, KeyScope } from '../../shared/ports.js';
import type { AdminDeps } from './deps.js';
import { issueKey, WEBHOOK_LABEL } from './issue-key.js';
import { activeParties } from './matrix.js';
import { describeKey, lookupCacheNote, secretLines, shownOnce, textTable } from './output.js';
import { requireTenant } from './require-tenant.js';

const HOUR_MS = 3_600_000;

/** The tenant's keys that work, oldest first. */
const keysOf = async (deps: AdminDeps, tenant: string) => (await deps.keys.list()).filter((k) => k.tenant === tenant);

/**
 * Another key for the tenant; a party scope must name a party of the tenant's active matrix, if it has one.
 * @example await addKey(deps, { tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration' })
 */
export async function addKey(deps: AdminDeps, input: { tenant: string; scope: Exclude<KeyScope, 'webhook'>; label: string }): Promise<string> {
  const { tenant, scope, label } = input;
  await requireTenant(deps, tenant);
  if (scope.startsWith('party:')) {
    const parties = await activeParties(deps, tenant);
    const party = scope.slice('party:'.length);
    if (parties && !parties.includes(party)) {
      throw new ValidationError(`Tenant ${tenant}'s matrix has no party "${party}" (it has ${parties.join(', ')})`, [{ path: 'scope', message: `use party:${parties.join(' or party:')}` }]);
    }
  }
  const { key, secret } = await issueKey(deps, { tenant, scope, label, at: deps.clock.now().toISOString() });
  return [...secretLines('API key', key, secret), shownOnce(1)].join('\n');
}

/** The tenant's keys and webhook secrets that work: id, scope, label, created, expires; never a secret or a hash. */
export async function listKeys(deps: AdminDeps, input: { tenant: string }): Promise<string> {
  await requireTenant(deps, input.tenant);
  const found = await keysOf(deps, input.tenant);
  if (found.length === 0) return `Tenant ${input.tenant} has no key that works (add one: npm run tenant -- add-key ${input.tenant} --scope tenant --label <what it is for>).`;
  const rows = found.map((k) => [k.id, k.scope, k.label, k.createdAt ?? 'unknown', k.expiresAt ?? 'never']);
  return textTable([['id', 'scope', 'label', 'created', 'expires'], ...rows]).join('\n');
}

/** The key stops working now. */
export async function revokeKey(deps: AdminDeps, input: { tenant: string; keyId: string }): Promise<string> {
  await requireTenant(deps, input.tenant);
  const key = await deps.keys.revoke(input.tenant, input.keyId);
  return [`Revoked ${describeKey(key)} of tenant ${input.tenant}: it no longer works.`, lookupCacheNote('it', 'now')].join('\n');
}

/**
 * A new key with the old one's scope and label, printed once; the old one works until the overlap ends.
 * @example await rotateKey(deps, { tenant: 'acme', keyId: 'key_1a2b3c4d', overlapHours: 24 })
 */
export async function rotateKey(deps: AdminDeps, input: { tenant: string; keyId: string; overlapHours: number }): Promise<string> {
  const { tenant, keyId, overlapHours } = input;
  await requireTenant(deps, tenant);
  const old = (await keysOf(deps, tenant)).find((k) => k.id === keyId);
  if (!old) throw new NotFoundError(`Tenant ${tenant} has no key ${keyId} that works (see: npm run tenant -- keys ${tenant})`, { tenant, keyId });
  return replace(deps, [old], { tenant, scope: old.scope, label: old.label }, overlapHours, old.scope === 'webhook' ? 'webhook secret' : 'API key');
}

/** A new webhook secret for the tenant, printed once; the ones it had work until the overlap ends. */
export async function rotateWebhookSecret(deps: AdminDeps, input: { tenant: string; overlapHours: number }): Promise<string> {
  const { tenant, overlapHours } = input;
  await requireTenant(deps, tenant);
  // Every one that works, also one still in an earlier overlap: an overlap of 0 stops them all (and none gets a later end than it had).
  const current = (await keysOf(deps, tenant)).filter((k) => k.scope === 'webhook');
  return replace(deps, current, { tenant, scope: 'webhook', label: current.at(-1)?.label ?? WEBHOOK_LABEL }, overlapHours, 'webhook secret');
}

/** Issues the new key, then gives the old ones their end: `overlapHours` from now (0: now). */
async function replace(deps: AdminDeps, old: ApiKey[], next: Pick<ApiKey, 'tenant' | 'scope' | 'label'>, overlapHours: number, what: string): Promise<string> {
  const now = deps.clock.now();
  const { key, secret } = await issueKey(deps, { ...next, at: now.toISOString() });
  const until = new Date(now.getTime() + overlapHours * HOUR_MS).toISOString();
  const ended: ApiKey[] = [];
  for (const previous of old) {
    try {
      ended.push(await deps.keys.expire(next.tenant, previous.id, until));
    } catch (error) {
      // The new secret is not shown: without the old one's end, the rotation did not happen. It works, so say how to stop it.
      throw new Error(`${previous.id} could not be given an end (${(error as Error).message}); the new one, ${key.id}, was not shown: revoke it (npm run tenant -- revoke ${next.tenant} ${key.id}) and try again`, { cause: error });
    }
  }
  const lines = [...secretLines(`New ${what}`, key, secret), shownOnce(1)];
  for (const previous of ended) {
    lines.push(previous.expiresAt! <= now.toISOString() ? `${describeKey(previous)} stopped working now.` : `${describeKey(previous)} keeps working until ${previous.expiresAt}, then stops: replace it everywhere before then.`);
  }
  if (ended.length > 0) lines.push(lookupCacheNote(ended.length === 1 ? 'it' : 'them', overlapHours === 0 ? 'now' : 'after'));
  return lines.join('\n');
}
