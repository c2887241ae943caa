/** How the review page writes its figures: ratios as percentages, movement with its sign, business minutes as hours. */
import { formatDuration } from '../time.js';

export { movementText, percent } from '../../../shared/kpi/words.js';

/**
 * A count, or a mean count with one decimal when it is not whole (ambiguity incidents per week in a baseline).
 * @example count(4) // '4'; count(2.25) // '2.3'
 */
export function count(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/**
 * Business minutes as the sidebar writes durations.
 * @example businessTime(125) // '2 h 5 min'
 */
export const businessTime = (minutes: number): string => formatDuration(minutes);

/**
 * Hours as a chart writes them: whole hours from 10, one decimal below.
 * @example hoursText(41.3) // '41 h'; hoursText(2.25) // '2.3 h'; hoursText(0) // '0 h'
 */
export function hoursText(hours: number): string {
  if (!Number.isFinite(hours)) return '—';
  return `${hours >= 10 || Number.isInteger(hours) ? Math.round(hours) : hours.toFixed(1)} h`;
}

/** "1 escalation", "2 escalations". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const days = new Map<string, Intl.DateTimeFormat>();

/**
 * The date an instant falls on in `zone`, e.g. for a target's due date.
 * @example formatDay('2027-01-29T00:00:00Z', 'Europe/London', 'en-GB') // 'Fri, 29 Jan 2027'
 */
export function formatDay(iso: string, zone: string, locale: string | undefined): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const key = `${zone}|${locale ?? ''}`;
  let f = days.get(key);
  if (!f) days.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })));
  return f.format(at);
}
