/** The end-to-end resolution clock: business time accrued per party, never reset by a handoff. */
import { businessMinutesBetween, compileCalendar } from '../calendar/calendar.js';
import type { CalendarSpec } from '../calendar/spec.js';

export interface ClockState {
  /** Instant up to which business time has been attributed. */
  since: string;
  elapsedMinutes: number;
  byParty: Record<string, number>;
  /** The part of each party's time spent waiting to acknowledge a handoff. */
  inHandoff: Record<string, number>;
}

/** Who accrues time: null while the clock is paused. */
export type ClockHolder = { party: string; inHandoff: boolean } | null;

/** @example startClock('2026-11-30T09:00:00.000Z') */
export function startClock(at: string): ClockState {
  return { since: at, elapsedMinutes: 0, byParty: {}, inHandoff: {} };
}

function add(totals: Record<string, number>, key: string, minutes: number): Record<string, number> {
  return { ...totals, [key]: (totals[key] ?? 0) + minutes };
}

/**
 * Attributes the business time between `clock.since` and `until` to `holder` on `calendar`.
 * @example accrue(clock, spec, event.at, { party: 'msp', inHandoff: false })
 */
export function accrue(clock: ClockState, calendar: CalendarSpec, until: string, holder: ClockHolder): ClockState {
  if (Date.parse(until) <= Date.parse(clock.since)) return clock;
  if (holder === null) return { ...clock, since: until };
  const minutes = businessMinutesBetween(compileCalendar(calendar), new Date(clock.since), new Date(until));
  return {
    since: until,
    elapsedMinutes: clock.elapsedMinutes + minutes,
    byParty: add(clock.byParty, holder.party, minutes),
    inHandoff: holder.inHandoff ? add(clock.inHandoff, holder.party, minutes) : clock.inHandoff,
  };
}
