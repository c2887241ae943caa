/** The status block's content: owner, the resolution clock in business time, due times, the pending handoff. */
import { businessMinutesBetween, compileCalendar } from '../../shared/calendar/calendar.js';
import type { EscalationView } from '../../shared/escalation/view.js';
import type { Matrix } from '../../shared/matrix/matrix.js';
import { partyName, teamName, teamZone } from './matrix.js';
import { formatDuration, formatInstant, zoneName } from './time.js';

export type StatusState = 'running' | 'paused' | 'warned' | 'breached' | 'resolved';

export interface StatusModel {
  state: StatusState;
  stateText: string;
  owner: string;
  clock: string;
  due: string | null;
  dueOwner: string | null;
  pausedReason: string | null;
  classification: string;
  runbook: string | null;
  pending: { text: string; overdue: boolean } | null;
}

/** Where and when the agent reads the sidebar. */
export interface Reader {
  zone: string;
  locale: string | undefined;
  now: Date;
}

/**
 * Business minutes left on the resolution clock at `now`: the view's figure (as of `loadedAt`) less the
 * business time since, on the policy's calendar. Negative once breached. Without the calendar, the view's figure.
 * @example remainingMinutes(view, matrix, loadedAt, new Date(loadedAt.getTime() + 60_000)) // one minute less while open hours run
 */
export function remainingMinutes(view: EscalationView, matrix: Matrix | null, loadedAt: Date, now: Date): number {
  const atLoad = view.sla.resolveMinutes - view.sla.elapsedBusinessMinutes;
  if (view.state !== 'open' || view.sla.paused) return atLoad;
  const policy = matrix?.policy(view.sla.policy);
  const calendar = policy && matrix?.calendar(policy.calendar);
  return calendar ? atLoad - businessMinutesBetween(compileCalendar(calendar), loadedAt, now) : atLoad;
}

function stateOf(view: EscalationView, remaining: number): StatusState {
  if (view.state === 'resolved') return 'resolved';
  if (view.sla.breachedAt !== null || remaining <= 0) return 'breached';
  if (view.sla.paused) return 'paused';
  return view.sla.warnedAt !== null ? 'warned' : 'running';
}

const STATE_TEXT: Record<Exclude<StatusState, 'resolved'>, string> = {
  running: 'On track',
  paused: 'Paused',
  warned: 'Warned: most of the resolution time is used',
  breached: 'Breached: the resolution target has passed',
};

const httpLink = (url: string | null | undefined): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

function clockText(view: EscalationView, remaining: number): string {
  if (view.state === 'resolved') return `Took ${formatDuration(view.sla.elapsedBusinessMinutes)} of business time (target ${formatDuration(view.sla.resolveMinutes)})`;
  const left = remaining > 0 ? `${formatDuration(remaining)} of business time left` : `Over the target by ${formatDuration(-remaining)} of business time`;
  return view.sla.paused ? `${left} (clock paused)` : left;
}

function pendingText(view: EscalationView, matrix: Matrix | null, reader: Reader): StatusModel['pending'] {
  const p = view.pendingHandoff;
  if (!p) return null;
  const members = matrix?.team(p.toTeam)?.members ?? [];
  const who = `${teamName(matrix, p.toTeam)}${members.length > 0 ? ` (${members.join(', ')})` : ''}`;
  const by = formatInstant(p.ackDueAt, reader.zone, reader.locale, reader.now);
  return {
    text: `Handoff from ${teamName(matrix, p.fromTeam)} waiting: ${who} must accept it by ${by}${p.overdue ? ' — overdue' : ''}`,
    overdue: p.overdue,
  };
}

/**
 * Everything the status block shows, in words, for an agent in `reader.zone`.
 * @example statusModel(view, matrix, 175, {zone: 'Europe/Paris', locale: 'en-GB', now}).clock // '2 h 55 min of business time left'
 */
export function statusModel(view: EscalationView, matrix: Matrix | null, remaining: number, reader: Reader): StatusModel {
  const state = stateOf(view, remaining);
  const ownerZone = teamZone(matrix, view.owner.team);
  const due = view.state === 'open' && view.sla.dueAt ? formatInstant(view.sla.dueAt, reader.zone, reader.locale, reader.now) : null;
  const dueThere = view.state === 'open' && view.sla.dueAt && ownerZone ? formatInstant(view.sla.dueAt, ownerZone, reader.locale, reader.now) : null;
  return {
    state,
    stateText: state === 'resolved' ? (view.sla.withinTarget ? 'Resolved within target' : 'Resolved after the target') : STATE_TEXT[state],
    owner: `${teamName(matrix, view.owner.team)} · ${partyName(matrix, view.owner.party)}`,
    clock: clockText(view, remaining),
    due: due ? `Due ${due} (your time, ${zoneName(reader.zone)})` : view.state === 'open' ? 'No due time while the clock is paused' : null,
    dueOwner: dueThere && ownerZone && dueThere !== due ? `${dueThere} for ${teamName(matrix, view.owner.team)} (${zoneName(ownerZone)})` : null,
    pausedReason: view.sla.paused && view.sla.pausedReason ? `Paused: ${view.sla.pausedReason}` : null,
    classification: `${view.incidentType} · impact tier ${view.impactTier} · SLA ${view.sla.policy} · decided by matrix ${view.matrixVersion}`,
    runbook: httpLink(view.runbook),
    pending: pendingText(view, matrix, reader),
  };
}
