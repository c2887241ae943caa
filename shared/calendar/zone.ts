/** Wall-clock arithmetic for IANA zones on the platform's Intl data, so no tz tables ship with Baton. */

/** Milliseconds in a day of 24 hours; local days are numbered from 1970-01-01 in these units. */
export const DAY_MS = 86_400_000;

// One formatter per zone: constructing Intl.DateTimeFormat costs far more than formatting with it.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * How far the zone's wall clock is ahead of UTC at `instantMs`, in ms (wall = instant + offset).
 * @example zoneOffset('Europe/London', Date.UTC(2026, 6, 1)) // 3_600_000 (BST)
 */
export function zoneOffset(zone: string, instantMs: number): number {
  const formatter = formatterFor(zone);
  // format() is about five times cheaper than formatToParts(); en-US prints "M/D/YYYY, HH:MM:SS".
  const digits = formatter.format(instantMs).match(/\d+/g);
  const [month, day, year, hour, minute, second] = (digits?.length === 6 ? digits : partsOf(formatter, instantMs)).map(Number);
  // Some ICU versions still print midnight as 24 despite h23.
  const wall = Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1, hour === 24 ? 0 : (hour ?? 0), minute ?? 0, second ?? 0);
  return wall - Math.floor(instantMs / 1000) * 1000;
}

function partsOf(formatter: Intl.DateTimeFormat, instantMs: number): string[] {
  const parts = formatter.formatToParts(instantMs);
  const field = (type: Intl.DateTimeFormatPartTypes): string => parts.find((part) => part.type === type)?.value ?? '0';
  return [field('month'), field('day'), field('year'), field('hour'), field('minute'), field('second')];
}

/**
 * The first instant at which the zone's wall clock reads `wallMs` or later, where `wallMs` is a local
 * date-time written as if it were UTC. A repeated wall time (autumn) maps to its first occurrence; a
 * skipped one (spring) maps to the instant the clocks jump past it. The mapping never decreases, so
 * adjacent local intervals stay adjacent and a skipped hour simply has no duration.
 * @example firstInstantReaching('Europe/London', Date.UTC(2026, 2, 29, 1, 30)) // 2026-03-29T01:00Z, when clocks jump to 02:00
 */
export function firstInstantReaching(zone: string, wallMs: number): number {
  // Real offsets stay within ±14 h, so a day either side brackets the instant we are looking for.
  const before = zoneOffset(zone, wallMs - DAY_MS);
  const after = zoneOffset(zone, wallMs + DAY_MS);
  if (before === after) return wallMs - before;
  const early = wallMs - before;
  const late = wallMs - after;
  const earlyValid = zoneOffset(zone, early) === before;
  const lateValid = zoneOffset(zone, late) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  return transitionBetween(zone, Math.min(early, late), Math.max(early, late), after);
}

/** Bisects to the first millisecond in (lo, hi] whose offset is already `after`. */
function transitionBetween(zone: string, lo: number, hi: number, after: number): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zoneOffset(zone, mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The zone's offset when it holds throughout local day `day` and its neighbours, so that day's wall
 * times convert with one subtraction; undefined when a transition is near.
 * @example steadyOffset('Asia/Kolkata', 20_454) // 19_800_000
 */
export function steadyOffset(zone: string, day: number): number | undefined {
  const before = offsetAtUtcMidnight(zone, day - 1);
  const after = offsetAtUtcMidnight(zone, day + 2);
  return before === after ? before : undefined;
}

// Offsets at UTC midnights, shared by every calendar in a zone: consecutive days reuse each other's
// probes, and a freshly compiled calendar converts its days without asking Intl again.
const midnightOffsets = new Map<string, Map<number, number>>();
const MAX_MEMO_DAYS = 20_000;

function offsetAtUtcMidnight(zone: string, day: number): number {
  let memo = midnightOffsets.get(zone);
  if (memo === undefined) midnightOffsets.set(zone, (memo = new Map()));
  let offset = memo.get(day);
  if (offset === undefined) {
    if (memo.size >= MAX_MEMO_DAYS) memo.clear();
    offset = zoneOffset(zone, day * DAY_MS);
    memo.set(day, offset);
  }
  return offset;
}
