/**
 * ISO weeks in a tenant's time zone: the weekly review's week runs from Monday 00:00 to the next Monday
 * 00:00 on the tenant's wall clock, so a week with a DST change lasts 167 or 169 hours.
 * Written with zod's functions and `.check()` only: the app's bundles build it with zod/mini (scripts/app/zod-for-sidebar.ts).
 */
import * as z from 'zod';
import { DAY_MS, firstInstantReaching, zoneOffset } from '../calendar/zone.js';
import type { Period } from './kpis.js';

const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

/** The local date (as UTC midnight ms) of the Monday of ISO week 1 of `year`: the week holding 4 January. */
function firstMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = new Date(jan4).getUTCDay() || 7;
  return jan4 - (weekday - 1) * DAY_MS;
}

/** 52 or 53: a year has 53 ISO weeks when 28 December falls in week 53. */
function weeksIn(year: number): number {
  return (firstMonday(year + 1) - firstMonday(year)) / (7 * DAY_MS);
}

/**
 * The ISO week of a wall-clock date (ms, read as UTC), e.g. "2026-W49".
 * @example isoWeekOfWall(Date.UTC(2026, 11, 3)) // '2026-W49'
 */
export function isoWeekOfWall(wallMs: number): string {
  const d = new Date(wallMs);
  const date = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekday = d.getUTCDay() || 7;
  // The week's Thursday decides its year.
  const thursday = new Date(date + (4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - firstMonday(year)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** An ISO week such as "2026-W49", in the years the clock may show (2000–2100). */
export const isoWeekSchema = z.string({ error: 'Give an ISO week like 2026-W49' }).check(
  z.regex(WEEK_PATTERN, 'Use an ISO week like 2026-W49'),
  z.refine(
    (week) => {
      const [, year, number] = WEEK_PATTERN.exec(week)!.map(Number) as [number, number, number];
      return year >= FIRST_YEAR && year <= LAST_YEAR && number >= 1 && number <= weeksIn(year);
    },
    { message: `Use an ISO week of the years ${FIRST_YEAR}–${LAST_YEAR}: weeks 01–52, or 53 in a year that has one`, when: (payload) => payload.issues.length === 0 },
  ),
);

/** The wall-clock Monday 00:00 (ms, read as UTC) that starts a valid ISO week. */
function mondayOf(week: string): number {
  const [, year, number] = WEEK_PATTERN.exec(week)!.map(Number) as [number, number, number];
  return firstMonday(year) + (number - 1) * 7 * DAY_MS;
}

/**
 * The date of a week's Monday, as `<input type="date">` and the baseline API take it.
 * @example weekMonday('2026-W49') // '2026-11-30'
 */
export function weekMonday(week: string): string {
  return new Date(mondayOf(week)).toISOString().slice(0, 10);
}

/**
 * The instants a week covers in `zone`, half-open: Monday 00:00 local to the next Monday 00:00 local.
 * @example weekPeriod('2026-W43', 'Europe/London') // { from: '2026-10-18T23:00:00.000Z', to: '2026-10-26T00:00:00.000Z' } (169 h: clocks go back)
 */
export function weekPeriod(week: string, zone: string): Period {
  const monday = mondayOf(week);
  return {
    from: new Date(firstInstantReaching(zone, monday)).toISOString(),
    to: new Date(firstInstantReaching(zone, monday + 7 * DAY_MS)).toISOString(),
  };
}

/**
 * The week `weeks` after (or, negative, before) `week`.
 * @example shiftWeek('2027-W01', -1) // '2026-W53'
 */
export function shiftWeek(week: string, weeks: number): string {
  return isoWeekOfWall(mondayOf(week) + weeks * 7 * DAY_MS);
}

/**
 * The ISO week an instant falls in on the wall clock of `zone`.
 * @example weekOf(Date.parse('2026-10-18T23:30:00Z'), 'Europe/London') // '2026-W43' (00:30 BST on Monday 19 October)
 */
export function weekOf(instantMs: number, zone: string): string {
  return isoWeekOfWall(instantMs + zoneOffset(zone, instantMs));
}
