/**
 * When the weekly digest falls due, and which week it sums up. A digest is due every Monday at the time the
 * tenant set (governance.digest) on its zone's wall clock, and sums up the last week that ended, counted in
 * the review's zone.
 */
import { DAY_MS, firstInstantReaching, zoneOffset } from '../calendar/zone.js';
import { shiftWeek, weekOf } from './week.js';

/** A digest missed by more than this (the platform was down all Monday) is not posted late on a schedule; POST /v1/reports/weekly/digest still posts it. */
export const DIGEST_LATE_LIMIT_MS = DAY_MS;

/**
 * The latest Monday `time` (HH:MM) on `zone`'s wall clock at or before `nowMs`. A time the clocks skip that
 * day (a DST gap) falls due at the first instant the wall clock reaches it.
 * @example lastDigestDue('08:30', 'Europe/London', Date.parse('2026-12-07T09:00:00Z')) // Date.parse('2026-12-07T08:30:00Z')
 */
export function lastDigestDue(time: string, zone: string, nowMs: number): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const wallNow = nowMs + zoneOffset(zone, nowMs);
  const wallMidnight = Math.floor(wallNow / DAY_MS) * DAY_MS;
  // 1 January 1970 was a Thursday: (days + 3) % 7 is 0 on Mondays.
  const sinceMonday = (((Math.floor(wallNow / DAY_MS) + 3) % 7) + 7) % 7;
  const at = (mondayWall: number) => firstInstantReaching(zone, mondayWall + hours * 3_600_000 + minutes * 60_000);
  const thisMonday = at(wallMidnight - sinceMonday * DAY_MS);
  return thisMonday <= nowMs ? thisMonday : at(wallMidnight - (sinceMonday + 7) * DAY_MS);
}

/**
 * The week a digest due at `dueMs` sums up: the last ISO week in `reviewZone` that ended by then.
 * @example digestWeek(Date.parse('2026-12-07T08:30:00Z'), 'Europe/London') // '2026-W49'
 */
export function digestWeek(dueMs: number, reviewZone: string): string {
  return shiftWeek(weekOf(dueMs, reviewZone), -1);
}
