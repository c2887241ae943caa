/** Making a proposal: who may, what is refused, and the risk and replay it is stored with. */
import { randomBytes } from 'node:crypto';
import { actorRef } from '../../../shared/escalation/classify.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../../shared/errors.js';
import { canonical } from '../../../shared/matrix/diff.js';
import { coordinatorTeams, mayPropose, partiesWithoutApprover } from '../../../shared/matrix/governance.js';
import { parseMatrixText, type LocatedFinding } from '../../../shared/matrix/load.js';
import { compileMatrix, type Matrix } from '../../../shared/matrix/matrix.js';
import type { ProposeBody } from '../../../shared/matrix/proposal-api.js';
import { replay, ReplayCases } from '../../../shared/matrix/replay.js';
import { assessRisk, type RiskAssessment } from '../../../shared/matrix/risk.js';
import type { MatrixDocument } from '../../../shared/matrix/schema.js';
import type { AppDeps } from '../deps.js';
import type { StoredProposal } from './proposal.js';

const WEEK_MS = 7 * 86_400_000;
/** A stored proposal stays far below DynamoDB's 400 KB item limit. */
const MAX_PROPOSAL_BYTES = 300_000;

/**
 * The proposed matrix parsed and linted like a matrix file: JSON objects are linted as their JSON text,
 * so both forms give the same findings (positions only for text, where they help).
 * @throws ValidationError naming each error finding by its path under `matrix` (and its line:column in text)
 */
export function lintProposed(matrix: ProposeBody['matrix']): { document: MatrixDocument; findings: LocatedFinding[] } {
  const text = typeof matrix === 'string' ? matrix : JSON.stringify(matrix, null, 2);
  const parsed = parseMatrixText(text);
  const findings: LocatedFinding[] = typeof matrix === 'string' ? parsed.findings : parsed.findings.map(({ line: _line, column: _column, ...f }) => f);
  const errors = findings.filter((f) => f.severity === 'error');
  if (!parsed.document || errors.length > 0) {
    throw new ValidationError(
      `The proposed matrix has ${errors.length} error(s) and cannot be activated; nothing was stored`,
      errors.map((f) => ({ path: ['matrix', ...f.path].join('.'), message: f.line === undefined ? f.message : `${f.message} (line ${f.line}, column ${f.column})` })),
    );
  }
  return { document: parsed.document, findings };
}

/**
 * The checks before anything is read or stored: who proposes, that something changes, and that the change
 * can be approved at all. Answers the proposal compiled, and its risk.
 */
export function checkProposal(active: Matrix, activeVersion: number, document: MatrixDocument, proposer: { id: string; teams: readonly string[] }): { proposed: Matrix; risk: RiskAssessment } {
  if (!mayPropose(active.document, proposer.id, proposer.teams)) {
    throw new ForbiddenError(`Only members of a coordinator team (${coordinatorTeams(active.document).join(', ')}) and approvers may propose a matrix change; ${proposer.id} is neither`);
  }
  if (canonical(document) === canonical(active.document)) {
    throw new ValidationError('Nothing to propose', [{ path: 'matrix', message: `This is the active matrix (version ${activeVersion}): change something first` }]);
  }
  const proposed = compileMatrix(document, 'proposal');
  const risk = assessRisk(active, proposed);
  const none = active.document.governance.approvers.length === 0;
  const without = partiesWithoutApprover(active.document, risk.parties);
  if (none || without.length > 0) {
    throw new ConflictError(
      `This ${risk.level}-risk change needs an approver${none ? '' : ` of party ${without.join(', ')}`}, and the active matrix (version ${activeVersion}) names none in governance.approvers, so it could never be approved. ` +
        "Name one first (through the platform team's `npm run tenant -- matrix --replace`).",
    );
  }
  return { proposed, risk };
}

/**
 * The escalations opened in the `weeks` before `now`, replayed under the active matrix and the proposal,
 * read through the week index (only commits holding an opening or a reclassification).
 */
export async function replayWeeks(deps: AppDeps, tenant: string, active: Matrix, proposed: Matrix, weeks: number) {
  const to = deps.clock.now();
  const from = new Date(to.getTime() - weeks * WEEK_MS);
  const cases = new ReplayCases(from.toISOString(), to.toISOString());
  for await (const page of deps.weeks.events(tenant, { from, to, types: ['escalation.opened', 'escalation.reclassified'] })) cases.add(page);
  return { ...replay(cases.list(), active, proposed, { from: from.toISOString(), to: to.toISOString() }), weeks };
}

/** A new proposal's id: `mp_`, the time in base 36 (ids sort by creation), and 40 random bits. */
export function newProposalId(now: Date): string {
  return `mp_${now.getTime().toString(36).padStart(9, '0')}${randomBytes(5).toString('hex')}`;
}

/**
 * The proposal to store, open and without approvals.
 * @throws ValidationError when it would not fit in one item
 */
export function openProposal(fields: Omit<StoredProposal, 'id' | 'status' | 'approvals' | 'rev' | 'proposedBy'> & { proposer: Parameters<typeof actorRef>[0] }): StoredProposal {
  const { proposer, ...rest } = fields;
  const proposal: StoredProposal = { id: newProposalId(new Date(fields.proposedAt)), status: 'open', ...rest, proposedBy: actorRef(proposer), approvals: [], rev: 0 };
  if (Buffer.byteLength(JSON.stringify(proposal)) > MAX_PROPOSAL_BYTES) {
    throw new ValidationError('The proposal is too large to store', [{ path: 'matrix', message: `A proposal with its replay is at most ${MAX_PROPOSAL_BYTES / 1000} KB; this matrix is larger` }]);
  }
  return proposal;
}
