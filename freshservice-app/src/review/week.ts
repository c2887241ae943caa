/** The review's weeks as the page picks them: ISO weeks on the tenant's wall clock (shared/kpi/week.ts), read from Baton's clock. */
import type { Matrix } from '../../../shared/matrix/matrix.js';
import { shiftWeek, weekOf, weekPeriod } from '../../../shared/kpi/week.js';
import { formatDay } from './format.js';

export { shiftWeek };

const WEEK = /^(\d{4})-W(\d{2})$/;

/**
 * The zone the review's weeks run in when Baton has not said (its reports name it): the calendar of the
 * first party's coordinator team, as the API chooses it.
 * @example reviewZone(matrix) // 'Europe/London'
 */
export function reviewZone(matrix: Matrix | null): string {
  const team = matrix ? (matrix.coordinatorTeams()[0] ?? matrix.fallbackOwner()) : null;
  return (team && matrix?.calendar(team.calendar)?.timezone) ?? 'UTC';
}

/**
 * The week a review opens on: the last whole week before the one `now` (Baton's clock) falls in, as the
 * Monday review looks back on it.
 * @example reviewedWeek('2026-12-09T10:00:00Z', 'Europe/London') // '2026-W49'
 */
export function reviewedWeek(now: string, zone: string): { week: string; current: string } {
  const current = weekOf(Date.parse(now), zone);
  return { week: shiftWeek(current, -1), current };
}

/**
 * A week the picker accepts: an ISO week (what `<input type="week">` gives) not after the current one.
 * @example pickableWeek('2026-W50', '2026-W51') // true
 */
export function pickableWeek(week: string, current: string): boolean {
  const m = WEEK.exec(week);
  if (!m) return false;
  const number = Number(m[2]);
  // shiftWeek normalises the week: a week 53 in a year without one comes back as the next year's week 1.
  return number >= 1 && number <= 53 && shiftWeek(week, 0) === week && week <= current;
}

/**
 * The days a week covers, for the heading.
 * @example weekDays('2026-W49', 'Europe/London', 'en-GB') // 'Mon, 30 Nov 2026 – Sun, 6 Dec 2026'
 */
export function weekDays(week: string, zone: string, locale: string | undefined): string {
  const period = weekPeriod(week, zone);
  const lastDay = new Date(Date.parse(period.to) - 1).toISOString();
  return `${formatDay(period.from, zone, locale)} – ${formatDay(lastDay, zone, locale)}`;
}
