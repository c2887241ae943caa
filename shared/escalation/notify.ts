/** Who must hear about what: the aggregate decides recipients, adapters deliver. */
import type { TeamRef } from './events.js';
import { pendingHandoff, type OpenEscalation } from './state.js';

/** Keeps the first occurrence of each team. */
export function uniqueTeams(teams: TeamRef[]): TeamRef[] {
  const seen = new Set<string>();
  return teams.filter((t) => (seen.has(t.team) ? false : (seen.add(t.team), true)));
}

/**
 * BOTH accountable parties of an SLA warning or breach: the owner's team, and for every other party
 * the team awaiting a handoff, else the last team of that party that held the ticket, else that party's coordinators.
 * @example accountableTeams(state) // [{team: 'msp-noc', party: 'msp'}, {team: 'service-desk', party: 'internal'}]
 */
export function accountableTeams(state: OpenEscalation): TeamRef[] {
  const pending = pendingHandoff(state);
  const parties = new Set([...state.coordinators.map((c) => c.party), ...Object.keys(state.lastHolders), ...(pending ? [pending.to.party] : [])]);
  parties.delete(state.owner.party);
  const counterparts = [...parties].map((party) => {
    if (pending?.to.party === party) return pending.to;
    return state.lastHolders[party] ?? state.coordinators.find((c) => c.party === party);
  });
  return uniqueTeams([state.owner, ...counterparts.filter((t): t is TeamRef => t !== undefined)]);
}

/** An overdue acknowledgement: the sender, the receiving team and every coordinator team. */
export function overdueAckTeams(from: TeamRef, to: TeamRef, coordinators: TeamRef[]): TeamRef[] {
  return uniqueTeams([from, to, ...coordinators]);
}
