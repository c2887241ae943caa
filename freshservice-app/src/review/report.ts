/**
 * The reports the review page reads, typed by the API's own schemas (GET /v1/reports/weekly and /friction).
 * Only types: the page bundles no schema for them and checks the few fields it cannot do without (`readReport`).
 */
import type { BreachedEscalation } from '../../../lambdas/app/reports/breached.js';
import type { DraftProposal, FrictionReport, RankedPoint } from '../../../lambdas/app/reports/friction.js';
import type { TrendWeek, WeeklyReport } from '../../../lambdas/app/reports/weekly-schema.js';
import type { FrictionPoint } from '../../../shared/kpi/friction.js';
import type { ReviewFindings } from '../../../shared/kpi/review.js';

export type { BreachedEscalation, DraftProposal, FrictionPoint, FrictionReport, ReviewFindings, TrendWeek, WeeklyReport };
/** A friction point of GET /v1/reports/friction, with its proposal draft (rules only). */
export type RankedFrictionPoint = RankedPoint;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The weekly report, or why this page cannot show it: the sections the page is built from must be there
 * (an older Baton, or a party-scoped key's report, lacks some).
 * @example readReport(JSON.parse(answer)) // {ok: true, report}
 */
export function readReport(value: unknown): { ok: true; report: WeeklyReport } | { ok: false; message: string } {
  if (!isObject(value)) return { ok: false, message: 'Baton answered something that is not a weekly report.' };
  if (value.scope !== 'tenant') return { ok: false, message: 'This is one party’s weekly report: the review page needs the tenant’s (the app’s API key must be a tenant key, not a party-scoped one).' };
  const missing = ['kpis', 'trend', 'movement', 'targets', 'breachedEscalations', 'handoffQuality', 'communicationFailures', 'frictionPoints'].filter((k) => !(k in value));
  if (missing.length > 0 || !Array.isArray(value.trend)) return { ok: false, message: `Baton’s weekly report lacks ${missing.join(', ') || 'its trend'}; is Baton older than this app?` };
  return { ok: true, report: value as unknown as WeeklyReport };
}
