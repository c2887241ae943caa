/**
 * Baselines on the Review tab: the period a capture is offered, the form's checks before anything is sent,
 * and the kept baselines as rows (the latest is the current one, which the review compares with).
 */
import type { Baseline } from '../../../lambdas/app/reports/ports.js';
import type { FieldIssue } from '../../../shared/errors.js';
import { shiftWeek, weekMonday } from '../../../shared/kpi/week.js';
import { formatInstant } from '../time.js';
import { count, formatDay, percent } from './format.js';

export type { Baseline };

/** GET /v1/reports/baseline: every baseline, oldest first, and the current one's version. */
export interface BaselineList {
  items: Baseline[];
  current: number | null;
}

/** What the capture form edits: dates as `<input type="date">` gives them (midnight in the tenant's review zone, as the API reads a date); `to` is exclusive. */
export interface BaselineForm {
  from: string;
  to: string;
  note: string;
}

/** The API's limits (lambdas/app/reports/baseline.ts): a quarter at most, a note of 1,000 characters. */
export const BASELINE_MAX_DAYS = 91;
export const BASELINE_NOTE_MAX = 1_000;
/** The weeks a capture covers unless the coordinator picks others: about the month a review looks back on. */
export const BASELINE_DEFAULT_WEEKS = 4;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** A date's midnight (UTC ms), or null when it is no calendar date. */
function dateMs(value: string): number | null {
  if (!DATE.test(value)) return null;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value ? null : ms;
}

/**
 * The form's starting values: the whole weeks before the one Baton's clock is in.
 * @example startBaselineForm('2026-W50') // {from: '2026-11-09', to: '2026-12-07', note: ''}
 */
export function startBaselineForm(currentWeek: string): BaselineForm {
  return { from: weekMonday(shiftWeek(currentWeek, -BASELINE_DEFAULT_WEEKS)), to: weekMonday(currentWeek), note: '' };
}

/**
 * What is wrong with the form before it is sent, by the API's field names (from, to, note); the API checks
 * again, and also that the period has ended.
 * @example checkBaselineForm({from: '2026-12-07', to: '2026-11-09', note: ''}) // [{path: 'to', message: 'The period ends after it starts: pick a later "to"'}]
 */
export function checkBaselineForm(form: BaselineForm): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const from = dateMs(form.from.trim());
  const to = dateMs(form.to.trim());
  if (from === null) issues.push({ path: 'from', message: 'Pick the first day of the period' });
  if (to === null) issues.push({ path: 'to', message: 'Pick the day after the period (it is not included)' });
  if (from !== null && to !== null) {
    if (to <= from) issues.push({ path: 'to', message: 'The period ends after it starts: pick a later "to"' });
    else if (to - from > BASELINE_MAX_DAYS * DAY_MS) issues.push({ path: 'to', message: `A baseline covers at most ${BASELINE_MAX_DAYS} days (13 weeks)` });
  }
  if (form.note.trim().length > BASELINE_NOTE_MAX) issues.push({ path: 'note', message: `The note is at most ${BASELINE_NOTE_MAX} characters` });
  return issues;
}

/** The body of POST /v1/reports/baseline from a checked form (a blank note left out). */
export function baselineBody(form: BaselineForm): { from: string; to: string; note?: string } {
  const note = form.note.trim();
  return { from: form.from.trim(), to: form.to.trim(), ...(note ? { note } : {}) };
}

/** One kept baseline as the list shows it. */
export interface BaselineRow {
  version: number;
  current: boolean;
  period: string;
  attainment: string;
  rework: string;
  ambiguity: string;
  captured: string;
  note: string;
}

/**
 * The kept baselines, newest first, each with its period (last day included), its three KPIs and who captured it.
 * @example baselineRows(list, 'Europe/London', 'en-GB')[0] // {version: 2, current: true, period: 'Mon, 9 Nov 2026 – Sun, 6 Dec 2026', attainment: '72 %', …}
 */
export function baselineRows(list: BaselineList, zone: string, locale: string | undefined): BaselineRow[] {
  return [...list.items].reverse().map((b) => {
    const weeks = (Date.parse(b.to) - Date.parse(b.from)) / (7 * DAY_MS);
    const ambiguity = b.kpis.ownershipAmbiguityIncidents.total;
    return {
      version: b.version,
      current: b.version === list.current,
      period: `${formatDay(b.from, zone, locale)} – ${formatDay(new Date(Date.parse(b.to) - 1).toISOString(), zone, locale)}`,
      attainment: percent(b.kpis.escalationSlaAttainment),
      rework: percent(b.kpis.handoffReworkRate),
      ambiguity: weeks > 0 ? `${count(ambiguity)} (${count(ambiguity / weeks)} a week)` : count(ambiguity),
      captured: `${formatInstant(b.capturedAt, zone, locale, new Date(b.capturedAt))} by ${b.actor.name ?? b.actor.id}`,
      note: b.note ?? '',
    };
  });
}
