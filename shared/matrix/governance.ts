/** Who may propose and approve matrix changes, and when a proposal has the approvals its risk needs. */
import { approvalParties } from './lint-governance.js';
import type { RiskAssessment } from './risk.js';
import type { MatrixDocument } from './schema.js';

/**
 * The teams whose members may propose a change: the coordinator teams of governance.coordinators.
 * @example coordinatorTeams(doc) // ['service-desk', 'msp-noc']
 */
export function coordinatorTeams(doc: MatrixDocument): string[] {
  return [...new Set(Object.values(doc.governance.coordinators))];
}

/**
 * Whether an actor (with the teams the server resolved for them) may propose a change to `doc`: a member
 * of a coordinator team, or an approver.
 * @example mayPropose(active, 'agent-anna', ['service-desk']) // true
 */
export function mayPropose(doc: MatrixDocument, actorId: string, teams: readonly string[]): boolean {
  const coordinators = coordinatorTeams(doc);
  return teams.some((t) => coordinators.includes(t)) || approvalParties(doc, actorId, teams).length > 0;
}

/**
 * The party an actor approves for under `doc`: exactly one, else why not.
 * @example approverParty(active, 'agent-carla', ['infrastructure']) // {party: 'internal'}
 */
export function approverParty(doc: MatrixDocument, actorId: string, teams: readonly string[]): { party: string } | { refused: 'not-an-approver' | 'ambiguous'; parties: string[] } {
  const parties = approvalParties(doc, actorId, teams);
  if (parties.length === 1) return { party: parties[0]! };
  return { refused: parties.length === 0 ? 'not-an-approver' : 'ambiguous', parties };
}

/** An approval as counted: who, for which party. */
export interface ApprovalVote {
  id: string;
  party: string;
}

/**
 * Whether `votes` satisfy `risk`, and if not, what is still missing (in words).
 * @example approvalStatus(high, [{id: 'agent-carla', party: 'internal'}]) // {satisfied: false, missing: ['an approver of party msp']}
 */
export function approvalStatus(risk: Pick<RiskAssessment, 'parties' | 'approvals'>, votes: readonly ApprovalVote[]): { satisfied: boolean; missing: string[] } {
  const people = new Set(votes.map((v) => v.id));
  const covered = new Set(votes.map((v) => v.party));
  const missing = risk.parties.filter((p) => !covered.has(p)).map((p) => `an approver of party ${p}`);
  const more = risk.approvals - people.size - missing.length;
  if (more > 0) missing.push(more === 1 ? 'one more approver' : `${more} more approvers`);
  return { satisfied: missing.length === 0, missing };
}

/**
 * The parties a proposal needs an approver of that `doc` (the active matrix) names none for: such a
 * proposal can never be approved, and is refused when made.
 * @example partiesWithoutApprover(active, ['internal', 'msp']) // ['msp'] when only internal has approvers
 */
export function partiesWithoutApprover(doc: MatrixDocument, parties: readonly string[]): string[] {
  const teams = new Map(doc.teams.map((t) => [t.id, t.party]));
  const approving = new Set(doc.governance.approvers.map((a) => (a.team !== undefined ? teams.get(a.team) : a.party)));
  return parties.filter((p) => !approving.has(p));
}
