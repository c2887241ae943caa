/** Deadlines the aggregate wants scheduled: SLA warnings and breach per plan generation, one ack per handoff. */
import * as z from 'zod';
import { addBusinessMinutes, compileCalendar } from '../calendar/calendar.js';
import { unreachable } from '../unreachable.js';
import type { SlaPlan, SlaTerms } from './events.js';
import { clockHolder, type EscalationState } from './state.js';
import { accrue, type ClockState } from './clock.js';

const generation = z.number().int();

/**
 * Identifies one firing: a warning at its fraction of the SLA plan's `generation`, the plan's breach,
 * or the acknowledgement of one handoff (`generation` is the handoff's number). Firings and outboxes
 * stored before each kind had its own fields may lack `fraction` or `handoffId`: each is read back
 * with the key it was stored under (a warning at 0, the handoff numbered `generation`).
 * @example deadlineRefSchema.parse({ kind: 'ack-due', generation: 2 }) // { kind: 'ack-due', generation: 2, handoffId: 'h2' }
 */
export const deadlineRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sla-warning'), generation, fraction: z.number().default(0) }),
  z.object({ kind: z.literal('sla-breach'), generation }),
  z.object({ kind: z.literal('ack-due'), generation, handoffId: z.string().optional() }).transform(({ handoffId, ...ref }) => ({ ...ref, handoffId: handoffId ?? `h${ref.generation}` })),
]);

/** A deadline to schedule: its reference and when it falls due; read back from storage as `deadlineRefSchema` reads a reference. */
export const deadlineSchema = z.intersection(deadlineRefSchema, z.object({ dueAt: z.string() }));

/** A warning always has its `fraction`, an acknowledgement its `handoffId`, the breach neither. */
export type DeadlineRef = z.output<typeof deadlineRefSchema>;
export type Deadline = z.output<typeof deadlineSchema>;
export type DeadlineKind = DeadlineRef['kind'];

/**
 * A stable name for a deadline, unique within its escalation (schedulers build names from it).
 * @example deadlineKey({kind: 'sla-warning', generation: 2, fraction: 0.75}) === 'sla-warning-g2-750'
 */
export function deadlineKey(d: DeadlineRef): string {
  switch (d.kind) {
    case 'sla-warning':
      return `sla-warning-g${d.generation}-${Math.round(d.fraction * 1000)}`;
    case 'sla-breach':
      return `sla-breach-g${d.generation}`;
    case 'ack-due':
      return `ack-due-${d.handoffId}`;
    default:
      return unreachable(d);
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
