/** Business calendars: local opening hours turned into UTC ranges one local day at a time, then walked. */
import { WEEKDAYS, type CalendarSpec } from './spec.js';
import { DAY_MS, firstInstantReaching, steadyOffset, zoneOffset } from './zone.js';

const MINUTE_MS = 60_000;
/** A walk that meets this many days in a row without an opening gives up instead of hanging. */
const HORIZON_DAYS = 366;
/** About eleven years of days per calendar; beyond that the oldest day is forgotten first. */
const MAX_CACHED_DAYS = 4096;

/** A half-open span `[start, end)` in ms: after local midnight for weekly hours, since the epoch for instants. */
type Span = readonly [start: number, end: number];
const CLOSED: readonly Span[] = [];

/**
 * A calendar ready for arithmetic. Everything but `spec` is internal: use the functions of this module.
 * An instant is open when it lies in `[opening, closing)`; a wall time maps to the first instant the
 * clock reads it (a skipped time to the moment the clocks jump past it), so a local interval that spans
 * the spring-forward hour lasts one hour less and one that spans the autumn repeat one hour more.
 * @example const cal = compileCalendar({ id: 'uk', timezone: 'Europe/London', weekly: { mon: ['08:00-18:00'] } });
 */
export interface BusinessCalendar {
  readonly spec: CalendarSpec;
  readonly alwaysOpen: boolean;
  /** Opening hours per weekday, Sunday first, sorted and merged. */
  readonly weekly: readonly (readonly Span[])[];
  /** Holidays as local day numbers (days since 1970-01-01). */
  readonly holidays: ReadonlySet<number>;
  /** Opening ranges already converted to instants, by local day number. */
  readonly days: Map<number, readonly Span[]>;
}

const compiled = new WeakMap<CalendarSpec, BusinessCalendar>();
/** Specs read back from storage are new objects with old contents: they share a calendar by content. */
const byContent = new Map<string, BusinessCalendar>();
const MAX_BY_CONTENT = 1_000;

/**
 * Compiles `spec` once; later calls with the same object return the same calendar. The spec is expected
 * to have passed `calendarSchema` (the matrix schema does that); malformed hours or zones throw RangeError.
 * @example const cal = compileCalendar(matrix.calendars[0]);
 */
export function compileCalendar(spec: CalendarSpec): BusinessCalendar {
  const known = compiled.get(spec);
  if (known !== undefined) return known;
  const content = JSON.stringify(spec);
  const same = byContent.get(content);
  if (same !== undefined) {
    compiled.set(spec, same);
    return same;
  }
  zoneOffset(spec.timezone, 0); // an unknown zone fails here rather than in the middle of a walk
  const calendar: BusinessCalendar = {
    spec,
    alwaysOpen: spec.alwaysOpen === true,
    weekly: WEEKDAYS.map((weekday) => mergeSpans((spec.weekly?.[weekday] ?? []).map(parseInterval))),
    holidays: new Set((spec.holidays ?? []).map(parseHoliday)),
    days: new Map(),
  };
  compiled.set(spec, calendar);
  if (byContent.size >= MAX_BY_CONTENT) byContent.clear();
  byContent.set(content, calendar);
  return calendar;
}

/**
 * The instant `minutes` business minutes after `start` (rounded to the millisecond). From a closed
 * instant the count starts at the next opening; a budget that runs out exactly at a closing time
 * returns that closing instant, so the millisecond before the result is always open. 0 returns `start`.
 * @example addBusinessMinutes(cal, new Date('2026-06-05T22:00Z'), 30) // Monday 09:30 in New York
 */
export function addBusinessMinutes(cal: BusinessCalendar, start: Date, minutes: number): Date {
  const from = instantOf(start);
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Business minutes must be >= 0, got ${minutes}`);
  if (minutes === 0) return new Date(from);
  let remaining = Math.round(minutes * MINUTE_MS);
  if (cal.alwaysOpen) return new Date(from + remaining);
  let cursor = from;
  let closedDays = 0;
  // The walk starts a day early: a local day can begin up to 14 h before its UTC namesake.
  for (let day = Math.floor(from / DAY_MS) - 1; ; day += 1) {
    let opened = false;
    for (const [open, close] of openRanges(cal, day)) {
      if (close <= cursor) continue;
      opened = true;
      const begin = Math.max(open, cursor);
      if (remaining <= close - begin) return new Date(begin + remaining);
      remaining -= close - begin;
      cursor = close;
    }
    closedDays = opened ? 0 : closedDays + 1;
    // Two extra days for the early start and the partial first day.
    if (closedDays > HORIZON_DAYS + 2) {
      throw new Error(`Calendar "${cal.spec.id}" has no opening hours in the ${HORIZON_DAYS} days after ${new Date(cursor).toISOString()}`);
    }
  }
}

/**
 * Business minutes in `[from, to)`, fractional at millisecond precision; 0 when `to <= from`.
 * @example businessMinutesBetween(cal, new Date('2026-06-01T07:00Z'), new Date('2026-06-01T07:45Z')) // 45
 */
export function businessMinutesBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const start = instantOf(from);
  const end = instantOf(to);
  if (end <= start) return 0;
  if (cal.alwaysOpen) return (end - start) / MINUTE_MS;
  let total = 0;
  for (let day = Math.floor(start / DAY_MS) - 1; day <= Math.floor(end / DAY_MS) + 1; day += 1) {
    for (const [open, close] of openRanges(cal, day)) {
      total += Math.max(0, Math.min(close, end) - Math.max(open, start));
    }
  }
  return total / MINUTE_MS;
}

/**
 * Whether `at` lies inside opening hours, an interval's start included and its end excluded.
 * @example isOpenAt(cal, new Date('2026-06-01T07:00Z')) // true: 08:00 in London on a Monday
 */
export function isOpenAt(cal: BusinessCalendar, at: Date): boolean {
  if (cal.alwaysOpen) return true;
  const instant = instantOf(at);
  const utcDay = Math.floor(instant / DAY_MS);
  for (let day = utcDay - 1; day <= utcDay + 1; day += 1) {
    for (const [open, close] of openRanges(cal, day)) {
      if (open <= instant && instant < close) return true;
    }
  }
  return false;
}

function instantOf(date: Date): number {
  const instant = date.getTime();
  if (Number.isNaN(instant)) throw new RangeError('Invalid Date');
  return instant;
}

/** The opening ranges of local day `day` as instants, converted once and then remembered. */
function openRanges(cal: BusinessCalendar, day: number): readonly Span[] {
  const known = cal.days.get(day);
  if (known !== undefined) return known;
  const ranges = convertDay(cal, day);
  if (cal.days.size >= MAX_CACHED_DAYS) {
    for (const oldest of cal.days.keys()) {
      cal.days.delete(oldest);
      break;
    }
  }
  cal.days.set(day, ranges);
  return ranges;
}

function convertDay(cal: BusinessCalendar, day: number): readonly Span[] {
  const local = cal.weekly[(((day + 4) % 7) + 7) % 7] ?? CLOSED; // 1970-01-01 was a Thursday
  if (local.length === 0 || cal.holidays.has(day)) return CLOSED;
  const zone = cal.spec.timezone;
  const midnight = day * DAY_MS;
  const offset = steadyOffset(zone, day);
  const toInstant = offset === undefined ? (wall: number) => firstInstantReaching(zone, wall) : (wall: number) => wall - offset;
  const ranges: Span[] = [];
  for (const [start, end] of local) {
    const open = toInstant(midnight + start);
    const close = toInstant(midnight + end);
    if (close > open) ranges.push([open, close]); // empty when wholly inside a skipped hour
  }
  return ranges;
}

// Re-checked here, cheaply, because a bad string would otherwise turn into NaN instants far from its cause.
const INTERVAL = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/;

/** "08:00-18:00" as ms after local midnight. */
function parseInterval(interval: string): Span {
  const [, h1, m1, h2, m2] = INTERVAL.exec(interval)?.map(Number) ?? [];
  const start = ((h1 ?? NaN) * 60 + (m1 ?? NaN)) * MINUTE_MS;
  const end = ((h2 ?? NaN) * 60 + (m2 ?? NaN)) * MINUTE_MS;
  if (!(start >= 0 && start < end && end <= DAY_MS)) throw new RangeError(`Invalid opening interval "${interval}"`);
  return [start, end];
}

/** "2026-12-25" as a local day number. */
function parseHoliday(date: string): number {
  const day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
  if (!Number.isInteger(day)) throw new RangeError(`Invalid holiday "${date}"`);
  return day;
}

/** Overlapping or touching intervals become one, so each weekday is a sorted list of disjoint spans. */
function mergeSpans(spans: Span[]): Span[] {
  const merged: [number, number][] = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
