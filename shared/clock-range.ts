/**
 * The instants a manual clock may show: the years 2000 to 2100. Outside them a date is a typo (1926, 2226),
 * not a demo, and calendars, SLA targets and ISO weeks are not meant to run there.
 */
export const CLOCK_RANGE = {
  earliest: '2000-01-01T00:00:00.000Z',
  latest: '2100-12-31T23:59:59.999Z',
} as const;

const EARLIEST_MS = Date.parse(CLOCK_RANGE.earliest);
const LATEST_MS = Date.parse(CLOCK_RANGE.latest);

/**
 * Whether an instant (ms since the epoch) lies in the years 2000–2100 (UTC).
 * @example inClockRange(Date.parse('2101-01-01T00:00:00Z')) // false
 */
export function inClockRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

/**
 * Whether an ISO date-time (any offset) names an instant in the years 2000–2100.
 * @example isoInClockRange('2000-01-01T00:30:00+01:00') // false: that is 1999-12-31T23:30Z
 */
export function isoInClockRange(iso: string): boolean {
  return inClockRange(Date.parse(iso));
}
