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
    const stored = await this.store.active(tenant);
    if (!stored) throw new NotFoundError('No escalation matrix is active for this tenant');
    const matrix = hit?.stored.version === stored.version ? hit.matrix : compileMatrix(matrixSchema.parse(stored.document), `v${stored.version}`);
    this.cache.set(tenant, { matrix, stored, until: now + TTL_MS });
    return { matrix, stored };
  }

  forget(tenant: string): void {
    this.cache.delete(tenant);
  }
}
