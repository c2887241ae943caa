/** Bearer API keys: hashed with SHA-256 and looked up; the key itself is never stored or logged. */
import { createHash } from 'node:crypto';
import type { ApiKey, TenantDirectory } from '../../shared/ports.js';
import { ForbiddenError } from '../../shared/errors.js';
import { HttpError } from './errors.js';

const TTL_MS = 60_000;

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export class ApiKeyAuth {
  private readonly cache = new Map<string, { key: ApiKey | null; until: number }>();

  constructor(private readonly tenants: TenantDirectory) {}

  /** The key with this hash, remembered for a minute. */
  private async lookup(hash: string): Promise<ApiKey | null> {
    const now = performance.now();
    let hit = this.cache.get(hash);
    if (!hit || hit.until < now) {
      hit = { key: await this.tenants.keyForHash(hash), until: now + TTL_MS };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, hit);
    }
    return hit.key;
  }

  /** The request's key (its tenant and scope); 401 when the key is missing or unknown. */
  async keyOf(headers: Record<string, string>): Promise<ApiKey> {
    const match = /^Bearer\s+(\S{16,256})$/i.exec(headers.authorization ?? '');
    if (!match) throw new HttpError('unauthorized', 'Send "Authorization: Bearer <your Baton API key>"');
    const hit = { key: await this.lookup(hashApiKey(match[1]!)) };
    if (!hit.key) throw new HttpError('unauthorized', 'The API key is not valid');
    if (hit.key.scope === 'webhook') throw new ForbiddenError(`This key (${hit.key.id}) is a webhook secret, scope webhook: it can only report ticket changes at POST /v1/webhooks/freshservice`);
    return hit.key;
  }

  /** The tenant whose webhook secret the request carries in X-Baton-Webhook-Secret; 401 otherwise. */
  async webhookKeyOf(headers: Record<string, string>): Promise<ApiKey> {
    const secret = headers['x-baton-webhook-secret'];
    const key = secret && secret.length >= 16 && secret.length <= 256 ? await this.lookup(hashApiKey(secret)) : null;
    if (!key || key.scope !== 'webhook') throw new HttpError('unauthorized', "Send your tenant's webhook secret in the X-Baton-Webhook-Secret header");
    return key;
  }
}
