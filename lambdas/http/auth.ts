/** Bearer API keys: hashed with SHA-256 and looked up; the key itself is never stored or logged. */
import { createHash } from 'node:crypto';
import type { TenantDirectory } from '../../shared/ports.js';
import { HttpError } from './errors.js';
import type { HttpRequest } from './request.js';

const TTL_MS = 60_000;

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export class ApiKeyAuth {
  private readonly cache = new Map<string, { tenant: string | null; until: number }>();

  constructor(private readonly tenants: TenantDirectory) {}

  /** The tenant of the request's key; 401 when the key is missing or unknown. */
  async tenantOf(request: HttpRequest): Promise<string> {
    const match = /^Bearer\s+(\S{16,256})$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new HttpError('unauthorized', 'Send "Authorization: Bearer <your Baton API key>"');
    const hash = hashApiKey(match[1]!);
    const now = performance.now();
    let hit = this.cache.get(hash);
    if (!hit || hit.until < now) {
      hit = { tenant: await this.tenants.tenantForKeyHash(hash), until: now + TTL_MS };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, hit);
    }
    if (!hit.tenant) throw new HttpError('unauthorized', 'The API key is not valid');
    return hit.tenant;
  }
}
