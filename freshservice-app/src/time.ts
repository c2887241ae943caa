/** Times as agents read them: durations in business time, instants in a named zone, and the deadline input's local time. */
import { firstInstantReaching, zoneOffset } from '../../shared/calendar/zone.js';

/**
 * Whole minutes as hours and minutes.
 * @example formatDuration(125) // '2 h 5 min'; formatDuration(45.4) // '45 min'
 */
export function formatDuration(minutes: number): string {
  const total = Math.max(0, Math.round(minutes));
  if (total < 60) return `${total} min`;
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, locale: string | undefined, withYear: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${locale ?? ''}|${withYear}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      ...(withYear ? { year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  return f;
}

/**
 * An instant on the wall clock of `zone`, with the year only when it is not the year of `reference`.
 * @example formatInstant('2026-11-30T13:00:00Z', 'Europe/Paris', 'en-GB', new Date('2026-11-30T09:00Z')) // 'Mon 30 Nov, 14:00'
 */
export function formatInstant(iso: string, zone: string, locale: string | undefined, reference: Date): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const yearOf = (d: Date) => new Date(d.getTime() + zoneOffset(zone, d.getTime())).getUTCFullYear();
  return formatter(zone, locale, yearOf(at) !== yearOf(reference)).format(at);
}

/**
 * A zone as people say it: its city, or the id itself for UTC and the like.
 * @example zoneName('America/Argentina/Buenos_Aires') // 'Buenos Aires'
 */
export function zoneName(zone: string): string {
  const city = zone.split('/').at(-1) ?? zone;
  return city.replaceAll('_', ' ');
}

/**
 * The instant a `datetime-local` value (`2026-11-30T14:00`) names in `zone`; null when it is empty or malformed.
 * A wall time the zone skips (spring forward) becomes the instant the clocks jump past it.
 * @example localInputToIso('2026-07-01T14:00', 'Europe/London') // '2026-07-01T13:00:00.000Z'
 */
export function localInputToIso(value: string, zone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  return new Date(firstInstantReaching(zone, wall)).toISOString();
}

/**
 * The `datetime-local` value for an instant in `zone` (minutes precision), e.g. for the input's `min`.
 * @example isoToLocalInput('2026-07-01T13:00:00Z', 'Europe/London') // '2026-07-01T14:00'
 */
export function isoToLocalInput(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  return new Date(ms + zoneOffset(zone, ms)).toISOString().slice(0, 16);
}
