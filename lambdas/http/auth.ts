/** Bearer API keys: hashed with SHA-256 and looked up; the key itself is never stored or logged. */
import { createHash } from 'node:crypto';
import type { ApiKey, TenantDirectory } from '../../shared/ports.js';
import { HttpError } from './errors.js';
import type { HttpRequest } from './request.js';

const TTL_MS = 60_000;

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

export class ApiKeyAuth {
  private readonly cache = new Map<string, { key: ApiKey | null; until: number }>();

  constructor(private readonly tenants: TenantDirectory) {}

  /** The request's key (its tenant and scope); 401 when the key is missing or unknown. */
  async keyOf(request: HttpRequest): Promise<ApiKey> {
    const match = /^Bearer\s+(\S{16,256})$/i.exec(request.headers.authorization ?? '');
    if (!match) throw new HttpError('unauthorized', 'Send "Authorization: Bearer <your Baton API key>"');
    const hash = hashApiKey(match[1]!);
    const now = performance.now();
    let hit = this.cache.get(hash);
    if (!hit || hit.until < now) {
      hit = { key: await this.tenants.keyForHash(hash), until: now + TTL_MS };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, hit);
    }
    if (!hit.key) throw new HttpError('unauthorized', 'The API key is not valid');
    return hit.key;
  }
}
