/** A proposal as the API answers it: its state, the approvals it still needs, its findings, diff and replay. */
import { diffMatrices } from '../../../shared/matrix/diff.js';
import { approvalStatus } from '../../../shared/matrix/governance.js';
import { decisionChanges } from '../../../shared/matrix/impact.js';
import { lintMatrix } from '../../../shared/matrix/lint.js';
import type { LocatedFinding } from '../../../shared/matrix/load.js';
import { compileMatrix } from '../../../shared/matrix/matrix.js';
import { redactDocument } from '../../../shared/matrix/redact.js';
import { matrixSchema } from '../../../shared/matrix/schema.js';
import type { StoredMatrix } from '../../../shared/ports.js';
import type { StoredProposal } from './proposal.js';

/** What a view is computed against: the version active now, and the one the proposal was based on (null: no longer stored). */
export interface ViewContext {
  activeVersion: number;
  base: StoredMatrix | null;
  /** The findings placed in the text proposed (when it was just proposed); otherwise they are computed again, by path. */
  findings?: LocatedFinding[];
}

const findingView = (f: LocatedFinding) => ({
  severity: f.severity,
  code: f.code,
  path: f.path.join('.'),
  message: f.message,
  ...(f.line !== undefined ? { line: f.line, column: f.column } : {}),
});

/**
 * The proposal's answer: an open proposal whose base is no longer active reads `stale`. Every URL secret
 * in it (a Teams Workflows `sig`, credentials before a host) is masked, as in GET /v1/matrix.
 * @example proposalView(stored, {activeVersion: 3, base}) // {id: 'mp_…', status: 'open', needs: ['an approver of party msp'], diff: {…}, replay: {…}, …}
 */
export function proposalView(p: StoredProposal, ctx: ViewContext) {
  const document = matrixSchema.parse(p.document);
  const proposed = compileMatrix(document, 'proposal');
  const base = ctx.base && matrixSchema.parse(ctx.base.document);
  const status = p.status === 'open' && ctx.activeVersion !== p.baseVersion ? 'stale' : p.status;
  const view = {
    id: p.id,
    status,
    baseVersion: p.baseVersion,
    activeVersion: ctx.activeVersion,
    activatedVersion: p.activatedVersion ?? null,
    proposedBy: p.proposedBy,
    proposedAt: p.proposedAt,
    rationale: p.rationale,
    risk: p.risk,
    approvals: p.approvals,
    needs: status === 'open' ? approvalStatus(p.risk, p.approvals).missing : [],
    rejection: p.rejection ?? null,
    closedAt: p.closedAt ?? null,
    findings: (ctx.findings ?? lintMatrix(document)).map(findingView),
    diff: base ? { ...diffMatrices(base, document), decisions: decisionChanges(compileMatrix(base, `v${p.baseVersion}`), proposed) } : null,
    replay: p.replay,
    matrix: document,
  };
  return redactDocument(view) as typeof view;
}

export type ProposalView = ReturnType<typeof proposalView>;
