/** The tenant's active matrix, compiled, cached briefly so a new version takes effect within seconds. */
import { NotFoundError } from '../../shared/errors.js';
import { compileMatrix, type Matrix } from '../../shared/matrix/matrix.js';
import { matrixSchema } from '../../shared/matrix/schema.js';
import type { MatrixStore, StoredMatrix } from '../../shared/ports.js';

const TTL_MS = 15_000;

export class ActiveMatrices {
  private readonly cache = new Map<string, { matrix: Matrix; stored: StoredMatrix; until: number }>();

  constructor(private readonly store: MatrixStore) {}

  async get(tenant: string, now: number = performance.now()): Promise<{ matrix: Matrix; stored: StoredMatrix }> {
    const hit = this.cache.get(tenant);
    if (hit && hit.until > now) return hit;
    return this.fresh(tenant, now);
  }

  /** The active version as stored right now (governance decides on it), refreshing the cache; compiled again only when it changed. */
  async fresh(tenant: string, now: number = performance.now()): Promise<{ matrix: Matrix; stored: StoredMatrix }> {
    const stored = await this.store.active(tenant);
    if (!stored) throw new NotFoundError('No escalation matrix is active for this tenant');
    return this.keep(tenant, stored, now);
  }

  /**
   * A version this process just activated: requests here decide with it from now on (other instances
   * within TTL_MS), and a read of the older version still in flight cannot put that one back.
   */
  activated(tenant: string, stored: StoredMatrix, now: number = performance.now()): void {
    this.keep(tenant, stored, now);
  }

  private keep(tenant: string, stored: StoredMatrix, now: number): { matrix: Matrix; stored: StoredMatrix } {
    const hit = this.cache.get(tenant);
    // Versions only move forward: an answer read before an activation never replaces the activated version.
    if (hit && hit.stored.version > stored.version) return hit;
    const matrix = hit?.stored.version === stored.version ? hit.matrix : compileMatrix(matrixSchema.parse(stored.document), `v${stored.version}`);
    const entry = { matrix, stored, until: now + TTL_MS };
    this.cache.set(tenant, entry);
    return entry;
  }

  forget(tenant: string): void {
    this.cache.delete(tenant);
  }
}
