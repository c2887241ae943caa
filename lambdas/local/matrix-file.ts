/**
 * BATON_MATRIX at start: the file becomes a new version when it changed since it was last loaded, so a
 * restart never undoes a version a governed proposal activated since; each such version records itself
 * as loaded from the file (origin local-start, not governed).
 */
import { canonical } from '../../shared/matrix/diff.js';
import type { MatrixDocument } from '../../shared/matrix/schema.js';
import type { MatrixStore } from '../../shared/ports.js';
import type { Log } from '../app/log.js';
import { matrixOrigin } from '../app/governance/versions.js';

/** Who a version loaded from the file is recorded as made by. */
export const LOCAL_START = 'local-start';

/**
 * Activates `document` (read from `path`) for the tenant unless the file is as it was last loaded, or is the active version already.
 * @example await activateMatrixFile(deps.matrices, 'acme', document, 'examples/matrix.example.yaml', clock.now().toISOString(), log)
 */
export async function activateMatrixFile(matrices: MatrixStore, tenant: string, document: MatrixDocument, path: string, at: string, log: Log): Promise<void> {
  const history = await matrices.versions(tenant);
  const active = history.at(-1);
  const file = canonical(document);
  const lastLoaded = history.findLast((v) => matrixOrigin(v) === 'local-start');
  const loaded = lastLoaded && (await matrices.version(tenant, lastLoaded.version));
  if (loaded && canonical(loaded.document) === file) {
    if (active && active.version !== loaded.version) {
      log.info(`Tenant ${tenant}: keeping matrix version ${active.version} (${matrixOrigin(active) ?? active.createdBy}); ${path} is unchanged since it was loaded as version ${loaded.version}.`);
    }
    return;
  }
  if (active && canonical((await matrices.version(tenant, active.version))?.document) === file) return;
  const note = active
    ? `loaded from ${path} at start, replacing version ${active.version} without a governed proposal (the file changed since it was last loaded)`
    : `loaded from ${path} at start`;
  const stored = await matrices.activate(tenant, { document, createdAt: at, createdBy: LOCAL_START, origin: 'local-start', note });
  if (active) log.warn(`Tenant ${tenant}: ${path} changed since it was last loaded; activated it as matrix version ${stored.version} (not governed; recorded as ${LOCAL_START}).`);
}
