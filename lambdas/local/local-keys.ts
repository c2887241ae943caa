/** Local mode's keys: the configured (or generated) API keys and webhook secrets are the whole set, shown at start. */
import type { ApiKey, KeyRegistration, TenantDirectory } from '../../shared/ports.js';
import type { Log } from '../app/log.js';
import { hashApiKey } from '../http/auth.js';

/** A key to register: the secret itself (hashed here, never stored) and what it is. */
export interface WantedKey {
  secret: string;
  registration: KeyRegistration;
}

/**
 * Registers every wanted key (one registered before keeps its createdAt) and revokes every other: a key
 * removed from BATON_API_KEYS, the demo key once real keys are set, a replaced webhook secret.
 * Answers the keys as the directory now describes them.
 */
export async function registerOnly(directory: TenantDirectory, wanted: WantedKey[], log: Log): Promise<ApiKey[]> {
  const hashed = wanted.map(({ secret, registration }) => ({ hash: hashApiKey(secret), registration }));
  const revoked = await directory.revokeAllBut(new Set(hashed.map(({ hash }) => hash)));
  if (revoked.length > 0) log.info(`revoked ${revoked.length} API key(s) no longer configured: ${revoked.join(', ')}`);
  for (const { hash, registration } of hashed) await directory.register(hash, registration);
  return directory.list();
}

/**
 * Each tenant's keys as a short table (id, scope, label, created), for the start-up banner; never a secret.
 * @example keyTable(keys) // '    acme\n      id            scope    label …'
 */
export function keyTable(keys: ApiKey[], indent = '    '): string {
  const lines: string[] = [];
  for (const tenant of [...new Set(keys.map((k) => k.tenant))]) {
    const rows = [['id', 'scope', 'label', 'created'], ...keys.filter((k) => k.tenant === tenant).map((k) => [k.id, k.scope, k.label, k.createdAt ?? 'unknown'])];
    const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
    lines.push(`${indent}${tenant}`);
    for (const row of rows) lines.push(`${indent}  ${row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  ')}`);
  }
  return lines.join('\n');
}
