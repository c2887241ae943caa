/** Making a key: a fresh secret, registered by its hash only; the caller prints the secret once. */
import type { ApiKey, KeyRegistration } from '../../shared/ports.js';
import { keyId } from '../adapters/dynamodb/tenant-directory.js';
import { hashApiKey } from '../http/auth.js';
import type { AdminDeps } from './deps.js';
import { newSecret, SECRET_PREFIX } from './new-secret.js';

/** The label a webhook secret gets unless it replaces one that had another. */
export const WEBHOOK_LABEL = 'Freshservice webhook secret';

/**
 * Registers a new key or webhook secret and answers it with its secret (to print once, never to keep).
 * @example const { key, secret } = await issueKey(deps, { tenant: 'acme', scope: 'tenant', label: 'Freshservice app', at })
 */
export async function issueKey(deps: AdminDeps, registration: KeyRegistration): Promise<{ key: ApiKey; secret: string }> {
  const secret = newSecret(registration.scope === 'webhook' ? SECRET_PREFIX.webhook : SECRET_PREFIX.apiKey);
  const hash = hashApiKey(secret);
  await deps.keys.register(hash, registration);
  const { tenant, scope, label, at } = registration;
  return { key: { id: keyId(hash), tenant, scope, label, createdAt: at, expiresAt: null }, secret };
}
