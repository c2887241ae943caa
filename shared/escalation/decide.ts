/** `decide(state, command, now) → events`: every rule of the escalation, pure, time passed in. */
import { addBusinessMinutes, compileCalendar } from '../calendar/calendar.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { checkHandoffRecord } from '../handoff/schema.js';
import type { ActingUser, CommandOf, EscalationCommand } from './commands.js';
import { clockAt, deadlineKey, dueDeadlines, planSla } from './deadlines.js';
import type { EscalationEvent, SlaPlan } from './events.js';
import { actorRef, classify, teamRef } from './classify.js';
import { accountableTeams, overdueAckTeams, uniqueTeams } from './notify.js';
import { pendingHandoff, type EscalationState, type OpenEscalation } from './state.js';

/** A firing may arrive a little early (schedulers round to the second); anything earlier is not yet due. */
const EARLY_FIRING_TOLERANCE_MS = 60_000;

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

function requirePending(state: OpenEscalation, handoffId: string) {
  const handoff = state.handoffs.find((h) => h.id === handoffId);
  if (!handoff) throw new NotFoundError(`Handoff ${handoffId} does not exist on this escalation`);
  if (handoff.status !== 'pending') throw new ConflictError(`Handoff ${handoffId} is already ${handoff.status}`);
  return handoff;
}

/** Deadlines of a new plan that are already due fire in the same decision. */
function firedAtOnce(state: OpenEscalation, plan: SlaPlan, elapsed: number, now: Date, warned: number[], breached: boolean): EscalationEvent[] {
  const at = now.toISOString();
  const notify = accountableTeams(state);
  const out: EscalationEvent[] = plan.warnings
    .filter((w) => !warned.includes(w.fraction) && Date.parse(w.at) <= now.getTime())
    .map((w) => ({ type: 'sla.warning', at, generation: plan.generation, fraction: w.fraction, elapsedBusinessMinutes: elapsed, dueAt: plan.dueAt, owner: state.owner, notify }));
  if (!breached && Date.parse(plan.dueAt) <= now.getTime()) {
    out.push({ type: 'sla.breached', at, generation: plan.generation, elapsedBusinessMinutes: elapsed, dueAt: plan.dueAt, owner: state.owner, notify });
  }
  return out;
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
  return [{ type: 'handoff.rejected', ...base, reason: c.reason, ...(note ? { note } : {}), notify: [handoff.from] }];
}

function pauseOrResume(s: OpenEscalation, c: CommandOf<'PauseClock'> | CommandOf<'ResumeClock'>, now: Date): EscalationEvent[] {
  requireOwnerOrCoordinator(s, c.actor, 'pause or resume the SLA clock');
  const at = now.toISOString();
  if (c.type === 'PauseClock') {
    if (s.paused) throw new ConflictError('The SLA clock is already paused');
    const reason = c.reason.trim();
    if (!reason) throw new ValidationError('A reason is required', [{ path: 'reason', message: 'Say why the clock is paused' }]);
    return [{ type: 'sla.paused', at, actor: actorRef(c.actor), reason }];
  }
  if (!s.paused) throw new ConflictError('The SLA clock is not paused');
  const elapsed = clockAt(s, now).elapsedMinutes;
  const plan = planSla(s.sla, elapsed, now, s.generation + 1, s.warned);
  const pausedMinutes = (now.getTime() - Date.parse(s.paused.since)) / 60_000;
  const resumed: EscalationEvent = { type: 'sla.resumed', at, actor: actorRef(c.actor), pausedMinutes, plan };
  return [resumed, ...firedAtOnce(s, plan, elapsed, now, s.warned, s.breachedAt !== null)];
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
  if (plan) events.push(...firedAtOnce({ ...s, sla: decided.sla }, plan, elapsed, now, warned, s.breachedAt !== null));
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
      withinTarget: clock.elapsedMinutes <= s.sla.resolveMinutes,
      handoffCount: s.handoffs.length,
      byParty: clock.byParty,
      inHandoff: clock.inHandoff,
    },
  ];
}

/** A deadline firing: acted on once, ignored when stale, repeated or early. */
function fire(state: EscalationState, c: CommandOf<'FireDeadline'>, now: Date): EscalationEvent[] {
  if (state.status !== 'open') return [];
  const key = deadlineKey(c.deadline);
  const due = dueDeadlines(state).find((d) => deadlineKey(d) === key);
  if (!due || Date.parse(due.dueAt) - EARLY_FIRING_TOLERANCE_MS > now.getTime()) return [];
  const at = now.toISOString();
  const elapsedBusinessMinutes = clockAt(state, now).elapsedMinutes;
  switch (due.kind) {
    case 'sla-warning':
      return [{ type: 'sla.warning', at, generation: due.generation, fraction: due.fraction ?? 0, elapsedBusinessMinutes, dueAt: state.plan?.dueAt ?? due.dueAt, owner: state.owner, notify: accountableTeams(state) }];
    case 'sla-breach':
      return [{ type: 'sla.breached', at, generation: due.generation, elapsedBusinessMinutes, dueAt: due.dueAt, owner: state.owner, notify: accountableTeams(state) }];
    case 'ack-due': {
      const handoff = pendingHandoff(state);
      if (!handoff) return [];
      return [{ type: 'handoff.ack-overdue', at, handoffId: handoff.id, from: handoff.from, to: handoff.to, ackDueAt: handoff.ackDueAt, notify: overdueAckTeams(handoff.from, handoff.to, state.coordinators) }];
    }
    default: {
      const unreachable: never = due.kind;
      return unreachable;
    }
  }
}

/** A queue move in the ticket system: silent unless it follows a pending or acknowledged handoff. */
function groupChange(state: EscalationState, c: CommandOf<'RecordGroupChange'>, now: Date): EscalationEvent[] {
  if (state.status !== 'open' || c.toGroupId === c.fromGroupId) return [];
  const toTeam = c.toGroupId === null ? undefined : c.matrix.teamByGroupId(c.toGroupId);
  const pending = pendingHandoff(state);
  const governed = toTeam !== undefined && (toTeam.id === state.owner.team || toTeam.id === pending?.to.team);
  if (governed) return [];
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

/**
 * Decides what a command means for an escalation. Throws a DomainError when it may not happen;
 * returns [] when it is a no-op (a stale or repeated deadline, a queue move Baton already governs).
 * @example const events = decide(state, { type: 'PauseClock', reason: 'Waiting for vendor', actor }, now);
 */
export function decide(state: EscalationState, command: EscalationCommand, now: Date): EscalationEvent[] {
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
      return fire(state, command, now);
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
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}
