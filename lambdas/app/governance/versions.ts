/** The matrix's version history as the API lists it: every version with who proposed and approved it, when and why. */
import type { MatrixOrigin, MatrixVersionInfo } from '../../../shared/ports.js';

/** Who stored versions before governed updates, by the createdBy they recorded. */
const LEGACY_ORIGINS: Record<string, MatrixOrigin> = { 'local-start': 'local-start', 'tenant-admin': 'tenant-admin' };

/**
 * How a version came to be active; null for a version stored before governed updates by something else.
 * @example matrixOrigin({version: 1, createdBy: 'local-start', …}) // 'local-start'
 */
export function matrixOrigin(version: Pick<MatrixVersionInfo, 'origin' | 'createdBy'>): MatrixOrigin | null {
  return version.origin ?? (Object.hasOwn(LEGACY_ORIGINS, version.createdBy) ? LEGACY_ORIGINS[version.createdBy]! : null);
}

/** What each origin means, said once for the history. */
const HOW: Record<MatrixOrigin | 'unknown', string> = {
  proposal: 'a governed proposal, approved as its risk required',
  'local-start': "local mode's BATON_MATRIX file, loaded at start (not governed: whoever runs `npm start` decides it)",
  'tenant-admin': "the platform team's `npm run tenant -- matrix` (a first matrix, or --replace: not governed)",
  unknown: 'recorded before governed updates, by an unknown path',
};

/**
 * One version as `GET /v1/matrix/versions` lists it.
 * @example versionView(v, 7) // {version: 3, active: false, origin: 'proposal', governed: true, proposedBy: {id: 'agent-anna'}, approvedBy: [...], …}
 */
export function versionView(v: MatrixVersionInfo, activeVersion: number) {
  const origin = matrixOrigin(v);
  return {
    version: v.version,
    active: v.version === activeVersion,
    activatedAt: v.createdAt,
    basedOn: v.basedOn ?? null,
    origin: origin ?? 'unknown',
    governed: origin === 'proposal',
    how: HOW[origin ?? 'unknown'],
    proposalId: v.proposal?.id ?? null,
    proposedBy: v.proposal?.proposedBy ?? { id: v.createdBy },
    proposedAt: v.proposal?.proposedAt ?? v.createdAt,
    why: v.proposal?.rationale ?? v.note ?? null,
    approvedBy: v.proposal?.approvals ?? [],
  };
}
