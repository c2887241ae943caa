/** Deadlines the aggregate wants scheduled: SLA warnings and breach per plan generation, one ack per handoff. */
import { addBusinessMinutes, compileCalendar } from '../calendar/calendar.js';
import { unreachable } from '../unreachable.js';
import type { SlaPlan, SlaTerms } from './events.js';
import { clockHolder, type EscalationState } from './state.js';
import { accrue, type ClockState } from './clock.js';

export const DEADLINE_KINDS = ['sla-warning', 'sla-breach', 'ack-due'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Identifies one firing; `generation` is the SLA plan's, or the handoff's number for acks. */
export interface DeadlineRef {
  kind: DeadlineKind;
  generation: number;
  fraction?: number;
  handoffId?: string;
}

export interface Deadline extends DeadlineRef {
  dueAt: string;
}

/**
 * A stable name for a deadline, unique within its escalation (schedulers build names from it).
 * @example deadlineKey({kind: 'sla-warning', generation: 2, fraction: 0.75}) === 'sla-warning-g2-750'
 */
export function deadlineKey(d: DeadlineRef): string {
  switch (d.kind) {
    case 'sla-warning':
      return `sla-warning-g${d.generation}-${Math.round((d.fraction ?? 0) * 1000)}`;
    case 'sla-breach':
      return `sla-breach-g${d.generation}`;
    case 'ack-due':
      return `ack-due-${d.handoffId ?? `h${d.generation}`}`;
    default:
      return unreachable(d.kind);
  }
}

/**
 * Plans the resolution clock from `now`, given the business minutes already used.
 * Thresholds already passed come out due at `now`, so the caller fires them at once.
 * @example planSla(terms, 0, new Date(openedAt), 1, [])
 */
export function planSla(terms: SlaTerms, elapsedMinutes: number, now: Date, generation: number, warned: number[]): SlaPlan {
  const calendar = compileCalendar(terms.calendar);
  const at = (budget: number) => addBusinessMinutes(calendar, now, Math.max(0, budget - elapsedMinutes)).toISOString();
  return {
    generation,
    dueAt: at(terms.resolveMinutes),
    warnings: terms.warnAt.filter((f) => !warned.includes(f)).map((fraction) => ({ fraction, at: at(fraction * terms.resolveMinutes) })),
  };
}

/** The clock brought up to `now` (the stored clock stops at the last event). */
export function clockAt(state: Exclude<EscalationState, { status: 'none' }>, now: Date): ClockState {
  if (state.status === 'resolved') return state.clock;
  return accrue(state.clock, state.sla.calendar, now.toISOString(), state.paused ? null : clockHolder(state));
}

/**
 * Every deadline that must be scheduled now: nothing for a closed or paused escalation.
 * @example for (const d of dueDeadlines(state)) scheduler.schedule(d)
 */
export function dueDeadlines(state: EscalationState): Deadline[] {
  if (state.status !== 'open') return [];
  const out: Deadline[] = [];
  const plan = state.plan;
  if (plan) {
    for (const w of plan.warnings) {
      if (!state.warned.includes(w.fraction)) out.push({ kind: 'sla-warning', generation: plan.generation, fraction: w.fraction, dueAt: w.at });
    }
    if (state.breachedAt === null) out.push({ kind: 'sla-breach', generation: plan.generation, dueAt: plan.dueAt });
  }
  state.handoffs.forEach((h, index) => {
    if (h.status === 'pending' && !h.overdue) out.push({ kind: 'ack-due', generation: index + 1, handoffId: h.id, dueAt: h.ackDueAt });
  });
  return out;
}

/**
 * What a commit changes in the schedule: deadlines to create, deadlines no longer wanted.
 * @example const { schedule, cancel } = deadlineChanges(dueDeadlines(before), dueDeadlines(after));
 */
export function deadlineChanges(before: Deadline[], after: Deadline[]): { schedule: Deadline[]; cancel: Deadline[] } {
  const wanted = new Set(after.map(deadlineKey));
  const had = new Set(before.map(deadlineKey));
  return {
    schedule: after.filter((d) => !had.has(deadlineKey(d))),
    cancel: before.filter((d) => !wanted.has(deadlineKey(d))),
  };
}
