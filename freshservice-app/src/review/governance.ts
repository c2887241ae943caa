/** Who the agent is in matrix governance (proposer, approver for a party) and what the Matrix tab offers them on a proposal; the API decides again. */
import type { ProposalView } from '../../../lambdas/app/governance/views.js';
import { approverParty, coordinatorTeams, mayPropose } from '../../../shared/matrix/governance.js';
import type { Matrix } from '../../../shared/matrix/matrix.js';
import type { Agent } from '../identity.js';
import { membershipOf } from '../roles.js';
import type { Names } from './names.js';

export interface GovernanceRole {
  /** The party the agent approves for, or null when they are no approver (or an ambiguous one). */
  approverFor: string | null;
  mayPropose: boolean;
  /** Who may approve, in words, for the agents who may not. */
  approvers: string;
  /** Who may propose, in words. */
  proposers: string;
}

/**
 * The agent's governance role under the active matrix: approvers are named in `governance.approvers` (a
 * person with a party, or a team for its party); proposers are coordinator team members and approvers.
 * @example governanceRole(matrix, {actor: {id: 'agent-carla'}, groupIds: null}, names) // {approverFor: 'internal', mayPropose: true, …}
 */
export function governanceRole(matrix: Matrix, agent: Agent, names: Names): GovernanceRole {
  const doc = matrix.document;
  const teams = [...membershipOf(matrix, agent).teams];
  const approver = approverParty(doc, agent.actor.id, teams);
  const approvers = doc.governance.approvers.map((a) => (a.team !== undefined ? `members of ${names.team(a.team)}` : `${a.id} (${names.party(a.party ?? '')})`));
  return {
    approverFor: 'party' in approver ? approver.party : null,
    mayPropose: mayPropose(doc, agent.actor.id, teams),
    approvers: approvers.length === 0 ? 'nobody (the matrix names no approvers)' : approvers.join(', '),
    proposers: `members of ${coordinatorTeams(doc).map((t) => names.team(t)).join(' or ')}, and approvers`,
  };
}

/**
 * What a proposal still needs, as the API says it ("an approver of party msp"), with the parties' names.
 * @example needsText(['an approver of party msp', 'one more approver'], names) // 'an approver of party Acme MSP and one more approver'
 */
export function needsText(needs: readonly string[], names: Names): string {
  return needs.map((n) => n.replace(/party (\S+)/, (_, party: string) => `party ${names.party(party)}`)).join(' and ');
}

/**
 * What became of a proposal that is no longer open, in a sentence (null while it is open). A rejection
 * carries the approver's note: what the proposer learns to change.
 * @example outcomeOf({status: 'rejected', rejection: {id: 'ivan', party: 'internal', at: '…', note: 'Keep the NOC'}, activatedVersion: null}) // 'Rejected by ivan: Keep the NOC.'
 */
export function outcomeOf(p: Pick<ProposalView, 'status' | 'activatedVersion' | 'rejection'>): string | null {
  switch (p.status) {
    case 'activated':
      return `Approved and active as version ${p.activatedVersion ?? '?'}.`;
    case 'approved':
      return 'Approved; its activation is being finished. Refresh in a moment.';
    case 'rejected':
      return `Rejected by ${p.rejection?.name ?? p.rejection?.id ?? 'an approver'}${p.rejection?.note ? `: ${p.rejection.note}` : ''}.`;
    case 'stale':
      return 'Another version became active first: propose the change again on the active matrix.';
    case 'open':
      return null;
  }
}

export interface ProposalActions {
  approve: boolean;
  reject: boolean;
  /** Why the agent is offered less than approve and reject, or what happened to a closed proposal. */
  note: string | null;
}

/**
 * What the agent may do on a proposal, and a sentence when it is not everything.
 * @example proposalActions(open, roleOfMia, 'agent-mia', names) // {approve: true, reject: true, note: null}
 */
export function proposalActions(p: Pick<ProposalView, 'status' | 'proposedBy' | 'approvals' | 'needs' | 'activatedVersion' | 'rejection'>, role: GovernanceRole, agentId: string, names: Names): ProposalActions {
  const none = (note: string): ProposalActions => ({ approve: false, reject: false, note });
  const closed = outcomeOf(p);
  if (closed !== null) return none(closed);
  const needs = p.needs.length > 0 ? ` It still needs ${needsText(p.needs, names)}.` : '';
  if (p.proposedBy.id === agentId) return none(`You proposed this change; nobody approves their own proposal.${needs}`);
  if (role.approverFor === null) return none(`Only approvers can approve or reject: ${role.approvers}.${needs}`);
  const mine = p.approvals.find((a) => a.id === agentId);
  if (mine) return { approve: false, reject: true, note: `You approved this for ${names.party(mine.party)}.${needs}` };
  return { approve: true, reject: true, note: needs.trim() || null };
}
