/** Which actions the sidebar offers the agent; the API decides again, so this only spares a refused click. */
import type { EscalationView } from '../../shared/escalation/view.js';
import type { Matrix } from '../../shared/matrix/matrix.js';
import type { Agent } from './identity.js';
import { teamName } from './matrix.js';

export interface Membership {
  teams: ReadonlySet<string>;
  /** False when nothing tells who belongs where (no member lists, no groups): every action is offered and the API decides. */
  known: boolean;
}

export type ActionName = 'handoff' | 'acknowledge' | 'reject' | 'pause' | 'resume' | 'resolve';

/**
 * The agent's teams as the server resolves them: listed in a team's `members`, or in its Freshservice group.
 * @example membershipOf(matrix, {actor: {id: 'agent-ivan'}, groupIds: null}) // {teams: Set {'infrastructure'}, known: true}
 */
export function membershipOf(matrix: Matrix | null, agent: Agent): Membership {
  if (!matrix) return { teams: new Set(), known: false };
  const teams = matrix.document.teams.filter(
    (t) => t.members.includes(agent.actor.id) || (t.freshserviceGroupId !== undefined && (agent.groupIds ?? []).includes(t.freshserviceGroupId)),
  );
  const known = agent.groupIds !== null || matrix.document.teams.some((t) => t.members.length > 0);
  return { teams: new Set(teams.map((t) => t.id)), known };
}

const andOr = (names: string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);

/**
 * The actions to offer on an escalation, in display order, and a sentence for each kind withheld.
 * @example actionsFor(view, matrix, membership) // {offered: ['acknowledge', 'reject'], notes: []}
 */
export function actionsFor(view: EscalationView, matrix: Matrix | null, membership: Membership): { offered: ActionName[]; notes: string[] } {
  if (view.state === 'resolved') return { offered: [], notes: [] };
  const may = (teams: string[]) => !membership.known || teams.some((t) => membership.teams.has(t));
  const offered: ActionName[] = [];
  const notes: string[] = [];
  const owner = view.owner.team;
  const pending = view.pendingHandoff;
  if (pending) {
    if (may([pending.toTeam])) offered.push('acknowledge', 'reject');
    else notes.push(`Only members of ${teamName(matrix, pending.toTeam)} can acknowledge or reject this handoff.`);
  } else if (may([owner])) {
    offered.push('handoff');
  } else {
    notes.push(`Only members of ${teamName(matrix, owner)} can hand this escalation off.`);
  }
  const coordinators = matrix?.coordinatorTeams().map((t) => t.id) ?? [];
  if (may([owner, ...coordinators])) {
    offered.push(view.sla.paused ? 'resume' : 'pause', 'resolve');
  } else {
    const others = coordinators.filter((t) => t !== owner).map((t) => teamName(matrix, t));
    notes.push(`Only ${teamName(matrix, owner)}${others.length > 0 ? ` or a coordinator (${andOr(others)})` : ''} can pause, resume or resolve.`);
  }
  return { offered, notes };
}
