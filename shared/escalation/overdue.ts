/**
 * Deadlines recorded as of the instant they fell due, whenever they are noticed: the record depends
 * only on commands and their times, never on when (or whether) a scheduler delivered a firing.
 */
import { unreachable } from '../unreachable.js';
import { clockAt, deadlineKey, dueDeadlines, type Deadline } from './deadlines.js';
import type { EscalationEvent } from './events.js';
import { accountableTeams, overdueAckTeams } from './notify.js';
import { evolve, pendingHandoff, type EscalationState, type OpenEscalation } from './state.js';

const KIND_ORDER: Record<Deadline['kind'], number> = { 'sla-warning': 0, 'sla-breach': 1, 'ack-due': 2 };

const fractionOf = (d: Deadline) => (d.kind === 'sla-warning' ? d.fraction : 0);

/** Earliest first; on one instant, warnings (lowest fraction first) before the breach, then acknowledgements. */
function byDueInstant(a: Deadline, b: Deadline): number {
  return Date.parse(a.dueAt) - Date.parse(b.dueAt) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || fractionOf(a) - fractionOf(b) || deadlineKey(a).localeCompare(deadlineKey(b));
}

/** What a warning and the breach record alike: the plan's generation and the clock as of `at`. */
function slaFacts(state: OpenEscalation, deadline: Deadline, at: string, recordedAt: string) {
  return {
    at,
    recordedAt,
    generation: deadline.generation,
    elapsedBusinessMinutes: clockAt(state, new Date(at)).elapsedMinutes,
    dueAt: state.plan?.dueAt ?? deadline.dueAt,
    owner: state.owner,
    notify: accountableTeams(state),
  };
}

/** The event a deadline records, stamped with its due instant and the clock as of that instant. */
function eventFor(state: OpenEscalation, deadline: Deadline, recordedAt: string): EscalationEvent | null {
  const at = new Date(deadline.dueAt).toISOString();
  switch (deadline.kind) {
    case 'sla-warning':
      return { type: 'sla.warning', ...slaFacts(state, deadline, at, recordedAt), fraction: deadline.fraction };
    case 'sla-breach':
      return { type: 'sla.breached', ...slaFacts(state, deadline, at, recordedAt) };
    case 'ack-due': {
      const handoff = pendingHandoff(state);
      if (!handoff || handoff.id !== deadline.handoffId) return null;
      return { type: 'handoff.ack-overdue', at, recordedAt, handoffId: handoff.id, from: handoff.from, to: handoff.to, ackDueAt: handoff.ackDueAt, notify: overdueAckTeams(handoff.from, handoff.to, state.coordinators) };
    }
    default:
      return unreachable(deadline);
  }
}

/**
 * Every deadline of `state` due at or before `now` and not yet recorded, in order, each as of its due
 * instant (`at`), with `recordedAt` = `now`. At the due instant the deadline has passed: a command
 * decided exactly then comes after it.
 * @example const overdue = recordOverdue(state, now); // [{type: 'sla.breached', at: '…13:00', recordedAt: '…13:00:30', …}]
 */
export function recordOverdue(state: EscalationState, now: Date): EscalationEvent[] {
  const recordedAt = now.toISOString();
  const events: EscalationEvent[] = [];
  let current = state;
  // One at a time: each event changes the state the next one is described from (the clock, who is warned).
  for (;;) {
    if (current.status !== 'open') return events;
    const next = dueDeadlines(current)
      .filter((d) => Date.parse(d.dueAt) <= now.getTime())
      .sort(byDueInstant)[0];
    if (!next) return events;
    const event = eventFor(current, next, recordedAt);
    if (!event) return events;
    events.push(event);
    current = evolve(current, event);
  }
}
