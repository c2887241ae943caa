/** `decide(state, command, now) → events`: every rule of the escalation, pure, time passed in. */
import { addBusinessMinutes, compileCalendar } from '../calendar/calendar.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { checkHandoffRecord } from '../handoff/schema.js';
import { LIMITS } from '../limits.js';
import { unreachable } from '../unreachable.js';
import type { ActingUser, CommandOf, EscalationCommand } from './commands.js';
import { clockAt, planSla } from './deadlines.js';
import type { EscalationEvent } from './events.js';
import { actorRef, classify, teamRef } from './classify.js';
import { uniqueTeams } from './notify.js';
import { recordOverdue } from './overdue.js';
import { evolve, pendingHandoff, type EscalationState, type OpenEscalation } from './state.js';

function requireOpen(state: EscalationState): OpenEscalation {
  if (state.status === 'none') throw new NotFoundError('No escalation exists for this ticket');
  if (state.status === 'resolved') throw new ConflictError('The escalation is already resolved');
  return state;
}

function requireMember(actor: ActingUser, teams: string[], what: string): void {
  if (!teams.some((t) => actor.teams.includes(t))) {
    throw new ForbiddenError(`Only members of ${teams.join(' or ')} may ${what}`, { actor: actor.id, teams });
  }
}

/** Pause, resume, reclassify and resolve belong to the owning team and to the coordinators. */
function requireOwnerOrCoordinator(s: OpenEscalation, actor: ActingUser, what: string): void {
  requireMember(actor, uniqueTeams([s.owner, ...s.coordinators]).map((t) => t.team), what);
}

/** An escalation that reached one of LIMITS takes no more of that kind: the record stays bounded. */
function requireRoom(count: number, limit: number, what: string): void {
  if (count >= limit) {
    throw new ConflictError(`This escalation is full: it already has ${limit} ${what}, the most one escalation may have. Resolve it and open a follow-up escalation.`, { limit });
  }
}

function requirePending(state: OpenEscalation, handoffId: string) {
  const handoff = state.handoffs.find((h) => h.id === handoffId);
  if (!handoff) throw new NotFoundError(`Handoff ${handoffId} does not exist on this escalation`);
  if (handoff.status !== 'pending') throw new ConflictError(`Handoff ${handoffId} is already ${handoff.status}`);
  return handoff;
}

function open(state: EscalationState, c: CommandOf<'OpenEscalation'>, now: Date): EscalationEvent[] {
  if (state.status === 'open') throw new ConflictError('This ticket already has an open escalation', { ticketId: c.ticketId });
  const at = now.toISOString();
  const { owner, decided, ambiguity } = classify(c.matrix, c.incidentType, c.impactTier, at);
  const opened: EscalationEvent = {
    type: 'escalation.opened',
    at,
    actor: actorRef(c.actor),
    ticketId: c.ticketId,
    ...(c.subject ? { subject: c.subject } : {}),
    owner,
    plan: planSla(decided.sla, 0, now, 1, []),
    ...decided,
  };
  return ambiguity ? [opened, { ...ambiguity, actor: actorRef(c.actor) }] : [opened];
}

function requestHandoff(s: OpenEscalation, c: CommandOf<'RequestHandoff'>, now: Date): EscalationEvent[] {
  const checked = checkHandoffRecord(c.record, now);
  if (!checked.ok) throw new ValidationError('Invalid handoff record', checked.fields);
  const record = checked.record;
  requireMember(c.actor, [s.owner.team], 'hand this escalation off');
  requireRoom(s.handoffs.length, LIMITS.handoffs, 'handoffs');
  const pending = pendingHandoff(s);
  if (pending) throw new ConflictError(`Handoff ${pending.id} to ${pending.to.team} is still waiting for acknowledgement`);
  const to = c.matrix.team(record.toTeam);
  if (!to) throw new ValidationError('Unknown receiving team', [{ path: 'toTeam', message: `Team "${record.toTeam}" is not in the escalation matrix` }]);
  if (to.id === s.owner.team) throw new ValidationError('Invalid receiving team', [{ path: 'toTeam', message: 'The escalation is already owned by this team' }]);
  const calendar = c.matrix.calendar(to.calendar);
  if (!calendar) throw new ValidationError(`Team ${to.id} has no usable calendar`, [{ path: 'toTeam', message: 'The receiving team has no calendar in the matrix' }]);
  return [
    {
      type: 'handoff.requested',
      at: now.toISOString(),
      actor: actorRef(c.actor),
      handoffId: `h${s.handoffs.length + 1}`,
      from: s.owner,
      to: teamRef(to),
      record,
      ackDueAt: addBusinessMinutes(compileCalendar(calendar), now, s.sla.ackMinutes).toISOString(),
      notify: [teamRef(to)],
    },
  ];
}

function answerHandoff(s: OpenEscalation, c: CommandOf<'AcknowledgeHandoff'> | CommandOf<'RejectHandoff'>, now: Date): EscalationEvent[] {
  const handoff = requirePending(s, c.handoffId);
  const base = { at: now.toISOString(), actor: actorRef(c.actor), handoffId: handoff.id, from: handoff.from, to: handoff.to };
  if (c.type === 'AcknowledgeHandoff') {
    requireMember(c.actor, [handoff.to.team], 'acknowledge this handoff');
    const waitedMinutes = (now.getTime() - Date.parse(handoff.requestedAt)) / 60_000;
    return [{ type: 'handoff.acknowledged', ...base, waitedMinutes, notify: [handoff.from] }];
  }
  requireMember(c.actor, [handoff.to.team], 'reject this handoff');
  const note = c.note?.trim();
  if (c.reason === 'other' && !note) throw new ValidationError('A reason is required', [{ path: 'note', message: 'Say why the handoff is rejected' }]);
  const missingFields = c.reason === 'missing-information' && c.missingFields?.length ? { missingFields: c.missingFields } : {};
  return [{ type: 'handoff.rejected', ...base, reason: c.reason, ...(note ? { note } : {}), ...missingFields, notify: [handoff.from] }];
}

function pauseOrResume(s: OpenEscalation, c: CommandOf<'PauseClock'> | CommandOf<'ResumeClock'>, now: Date): EscalationEvent[] {
  requireOwnerOrCoordinator(s, c.actor, 'pause or resume the SLA clock');
  const at = now.toISOString();
  if (c.type === 'PauseClock') {
    if (s.paused) throw new ConflictError('The SLA clock is already paused');
    requireRoom(s.counts.pauses, LIMITS.pauses, 'pauses');
    const reason = c.reason.trim();
    if (!reason) throw new ValidationError('A reason is required', [{ path: 'reason', message: 'Say why the clock is paused' }]);
    return [{ type: 'sla.paused', at, actor: actorRef(c.actor), reason }];
  }
  if (!s.paused) throw new ConflictError('The SLA clock is not paused');
  const elapsed = clockAt(s, now).elapsedMinutes;
  const plan = planSla(s.sla, elapsed, now, s.generation + 1, s.warned);
  const pausedMinutes = (now.getTime() - Date.parse(s.paused.since)) / 60_000;
  return [{ type: 'sla.resumed', at, actor: actorRef(c.actor), pausedMinutes, plan }];
}

function reclassify(s: OpenEscalation, c: CommandOf<'Reclassify'>, now: Date): EscalationEvent[] {
  const reason = c.reason.trim();
  if (!reason) throw new ValidationError('A reason is required', [{ path: 'reason', message: 'Say why the escalation is reclassified' }]);
  const incidentType = c.incidentType ?? s.incidentType;
  const impactTier = c.impactTier ?? s.impactTier;
  if (incidentType === s.incidentType && impactTier === s.impactTier) {
    throw new ValidationError('Nothing to change', [{ path: 'incidentType', message: 'Give a new incident type or impact tier' }]);
  }
  requireOwnerOrCoordinator(s, c.actor, 'reclassify this escalation');
  requireRoom(s.counts.reclassifications, LIMITS.reclassifications, 'reclassifications');
  const at = now.toISOString();
  const { owner, decided, ambiguity } = classify(c.matrix, incidentType, impactTier, at);
  const elapsed = clockAt(s, now).elapsedMinutes;
  const policyChanged = decided.sla.policy !== s.sla.policy || decided.sla.resolveMinutes !== s.sla.resolveMinutes;
  const warned = policyChanged ? [] : s.warned;
  const plan = s.paused ? null : planSla(decided.sla, elapsed, now, s.generation + 1, warned);
  const events: EscalationEvent[] = [
    { type: 'escalation.reclassified', at, actor: actorRef(c.actor), reason, plan, suggestedOwner: owner.team === s.owner.team ? null : owner, ...decided },
  ];
  if (ambiguity) events.push({ ...ambiguity, actor: actorRef(c.actor) });
  return events;
}

function resolve(s: OpenEscalation, c: CommandOf<'Resolve'>, now: Date): EscalationEvent[] {
  requireOwnerOrCoordinator(s, c.actor, 'resolve this escalation');
  const resolution = c.resolution.trim();
  if (!resolution) throw new ValidationError('A resolution is required', [{ path: 'resolution', message: 'Say how the escalation was resolved' }]);
  const clock = clockAt(s, now);
  return [
    {
      type: 'escalation.resolved',
      at: now.toISOString(),
      actor: actorRef(c.actor),
      resolution,
      owner: s.owner,
      elapsedBusinessMinutes: clock.elapsedMinutes,
      resolveMinutes: s.sla.resolveMinutes,
      // One rule with the breach: met when resolved before the due instant (a breach due by now is recorded first).
      withinTarget: s.breachedAt === null,
      handoffCount: s.handoffs.length,
      byParty: clock.byParty,
      inHandoff: clock.inHandoff,
    },
  ];
}

/** A queue move in the ticket system: silent unless it follows a pending or acknowledged handoff. */
function groupChange(state: EscalationState, c: CommandOf<'RecordGroupChange'>, now: Date): EscalationEvent[] {
  if (state.status !== 'open' || c.toGroupId === c.fromGroupId) return [];
  const toTeam = c.toGroupId === null ? undefined : c.matrix.teamByGroupId(c.toGroupId);
  const pending = pendingHandoff(state);
  const governed = toTeam !== undefined && (toTeam.id === state.owner.team || toTeam.id === pending?.to.team);
  if (governed) return [];
  requireRoom(state.counts.silentTransfers, LIMITS.silentTransfers, 'silent transfers recorded');
  return [
    {
      type: 'ownership.silent-transfer',
      at: now.toISOString(),
      ...(c.actor ? { actor: actorRef(c.actor) } : {}),
      fromGroupId: c.fromGroupId,
      toGroupId: c.toGroupId,
      toTeam: toTeam ? teamRef(toTeam) : null,
      owner: state.owner,
      notify: uniqueTeams([state.owner, ...(toTeam ? [teamRef(toTeam)] : []), ...state.coordinators]),
    },
  ];
}

/** What the command itself means, on a state with nothing overdue. */
function decideCommand(state: EscalationState, command: EscalationCommand, now: Date): EscalationEvent[] {
  switch (command.type) {
    case 'OpenEscalation':
      return open(state, command, now);
    case 'RequestHandoff':
      return requestHandoff(requireOpen(state), command, now);
    case 'AcknowledgeHandoff':
    case 'RejectHandoff':
      return answerHandoff(requireOpen(state), command, now);
    case 'PauseClock':
    case 'ResumeClock':
      return pauseOrResume(requireOpen(state), command, now);
    case 'Reclassify':
      return reclassify(requireOpen(state), command, now);
    case 'Resolve':
      return resolve(requireOpen(state), command, now);
    case 'FireDeadline':
      // A firing only says "decide now": recordOverdue has recorded whatever was due by now; a stale,
      // repeated or early firing finds nothing.
      return [];
    case 'RecordGroupChange':
      return groupChange(state, command, now);
    case 'RecordNotification': {
      if (state.status === 'none') return [];
      const { outcome, type: _type, ...rest } = command;
      const at = now.toISOString();
      return outcome === 'sent'
        ? [{ type: 'notification.sent', at, forSeq: rest.forSeq, channel: rest.channel, target: rest.target }]
        : [{ type: 'notification.failed', at, forSeq: rest.forSeq, channel: rest.channel, target: rest.target, error: rest.error ?? 'unknown error', attempt: rest.attempt }];
    }
    default:
      return unreachable(command);
  }
}

/**
 * Decides what a command means for an escalation at `now`. First, every deadline that fell due by
 * `now` and is not recorded yet is recorded as of its due instant; then the command; then any
 * deadline the command itself made due already (a resume or reclassification past a threshold).
 * Throws a DomainError when the command may not happen; returns [] when nothing is to be recorded
 * (a stale or repeated deadline, a queue move Baton already governs).
 * @example const events = decide(state, { type: 'PauseClock', reason: 'Waiting for vendor', actor }, now);
 */
export function decide(state: EscalationState, command: EscalationCommand, now: Date): EscalationEvent[] {
  const overdue = recordOverdue(state, now);
  const before = overdue.reduce(evolve, state);
  const decided = decideCommand(before, command, now);
  if (decided.length === 0) return overdue;
  return [...overdue, ...decided, ...recordOverdue(decided.reduce(evolve, before), now)];
}
