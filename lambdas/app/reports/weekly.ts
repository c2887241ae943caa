/**
 * The weekly co-managed ops review of a tenant (workflow step 5): the week's KPIs overall and per party,
 * the previous 4 weeks, movement against the current baseline and those weeks, the seed's target ranges,
 * the breached escalations with their handoff chains, handoff quality, communication failures and friction.
 * One read through the week index of the reported week and those before it whose KPIs were not kept
 * (docs/kpis.md defines every figure).
 */
import { ValidationError } from '../../../shared/errors.js';
import { FrictionAccumulator } from '../../../shared/kpi/friction.js';
import { KpiAccumulator, type KpiReport, type Period } from '../../../shared/kpi/kpis.js';
import { headline, markTarget, movement, pooled, TARGETS, WEEK } from '../../../shared/kpi/movement.js';
import { ReviewAccumulator } from '../../../shared/kpi/review.js';
import { shiftWeek, weekPeriod } from '../../../shared/kpi/week.js';
import { breachedEscalations } from './breached.js';
import type { ReportContext } from './context.js';
import { placeUnattributed, withDraft } from './friction.js';
import { periodEvents } from './period-events.js';
import { completeAt, keepWeeks, keptKpis } from './kept-weeks.js';
import type { Baseline } from './ports.js';
import type { TrendWeek, WeeklyReport } from './weekly-schema.js';
import { reviewTimeZone } from './zone.js';

/** The weeks before the reported one that the trend and the "previous weeks" movement cover. */
export const TREND_WEEKS = 4;
/** Breached escalations listed with their chains (each is one history read); the total counts them all. */
export const BREACHED_SHOWN = 100;
/** Friction points listed per kind. */
export const FRICTION_SHOWN = 10;

/** The KPIs of a baseline's period as the review compares them. */
export const baselineHeadline = (b: Baseline) => headline(b.kpis, (Date.parse(b.to) - Date.parse(b.from)) / WEEK);

function trendWeek(week: string, report: KpiReport): TrendWeek {
  const h = headline(report, 1);
  return {
    week,
    period: report.period,
    escalationSlaAttainment: h.escalationSlaAttainment,
    handoffReworkRate: h.handoffReworkRate,
    ownershipAmbiguityIncidents: report.ownershipAmbiguityIncidents.total,
    resolved: report.counts.resolved,
    handoffsRequested: report.counts.handoffsRequested,
    byParty: h.byParty,
  };
}

/**
 * The week's period in the tenant's zone, refused when the week has not started.
 * @example await reviewWeek(ctx, 'acme', '2026-W49') // { zone: 'Europe/London', period: {from: '2026-11-30T00:00:00.000Z', …}, matrix }
 */
export async function reviewWeek(ctx: ReportContext, tenant: string, week: string) {
  const { matrix } = await ctx.service.matrices.get(tenant);
  const zone = reviewTimeZone(matrix);
  const period = weekPeriod(week, zone);
  const now = ctx.deps.clock.now().getTime();
  if (Date.parse(period.from) > now) {
    throw new ValidationError('That week has not started', [{ path: 'week', message: `${week} starts ${period.from} (Monday 00:00, ${zone}); ask for the current week or an earlier one` }]);
  }
  return { matrix, zone, period, complete: now >= completeAt(period) };
}

/**
 * @param party a party key's party: only its escalations' histories are read for the breach list, and no friction.
 * @example const report = await weeklyReport({ deps, service }, 'acme', '2026-W49');
 */
export async function weeklyReport(ctx: ReportContext, tenant: string, week: string, party?: string): Promise<WeeklyReport> {
  const { deps, service } = ctx;
  const { matrix, zone, period, complete } = await reviewWeek(ctx, tenant, week);
  const weeks = [...Array.from({ length: TREND_WEEKS }, (_, i) => shiftWeek(week, i - TREND_WEEKS)), week];
  const periods = weeks.map((w) => (w === week ? period : weekPeriod(w, zone)));
  // The previous weeks' KPIs as kept by an earlier report; the read starts at the first week without them.
  const kept = await Promise.all(periods.slice(0, -1).map((p, i) => keptKpis(ctx, tenant, zone, weeks[i]!, p)));
  const firstRead = kept.findIndex((k) => k === null) === -1 ? TREND_WEEKS : kept.findIndex((k) => k === null);
  const kpis = periods.slice(firstRead).map((p) => new KpiAccumulator(p));
  const review = new ReviewAccumulator(period, (team) => matrix.team(team)?.party);
  const friction = new FrictionAccumulator(period);

  const span: Period = { from: periods[firstRead]!.from, to: period.to };
  const readFrom = deps.clock.now();
  for await (const page of periodEvents(deps, tenant, span)) {
    for (const recorded of page) {
      for (const accumulator of kpis) accumulator.add(recorded.event);
      review.add(recorded);
      if (party === undefined) friction.add(recorded);
    }
  }

  const counted = kpis.map((k) => k.result());
  const reports = [...(kept.slice(0, firstRead) as KpiReport[]), ...counted];
  await keepWeeks(ctx, tenant, zone, weeks.slice(firstRead), counted, readFrom);
  const current = reports.at(-1)!;
  const findings = review.result();
  const baselines = await deps.reports.baselines(tenant);
  const baseline = baselines.at(-1) ?? null;
  const thisWeek = headline(current, 1);
  const baseHead = baseline ? baselineHeadline(baseline) : null;
  const previous = pooled(reports.slice(0, -1));
  const moved = baseHead ? movement(thisWeek, baseHead) : null;
  const stateOf = async (ticketId: string) => (await service.load(tenant, ticketId)).state;
  const breaches = party === undefined ? findings.breaches : findings.breaches.filter((b) => b.owner.party === party);

  if (party === undefined) await placeUnattributed(ctx, tenant, friction);
  const rankedFriction = friction.result(FRICTION_SHOWN);

  return {
    tenant,
    week,
    timeZone: zone,
    period,
    generatedAt: deps.clock.now().toISOString(),
    complete,
    scope: 'tenant',
    kpis: current,
    trend: weeks.map((w, i) => trendWeek(w, reports[i]!)),
    baseline: baseline ? { version: baseline.version, from: baseline.from, to: baseline.to, capturedAt: baseline.capturedAt, actor: baseline.actor, ...(baseline.note ? { note: baseline.note } : {}), headline: baseHead! } : null,
    movement: { baseline: moved, previousWeeks: previous ? movement(thisWeek, previous) : null },
    targets: baseline && moved ? TARGETS.map((t) => markTarget(t, moved[t.kpi], baseline.to, period.to)) : [],
    breachedEscalations: { total: breaches.length, items: await breachedEscalations(breaches, BREACHED_SHOWN, stateOf) },
    handoffQuality: findings.handoffQuality,
    communicationFailures: findings.communicationFailures,
    byParty: findings.byParty,
    frictionPoints: {
      rules: rankedFriction.rules.map((p) => withDraft(p, `Week ${week}`)),
      incidentTypes: rankedFriction.incidentTypes.map((p) => withDraft(p, `Week ${week}`)),
      unattributed: rankedFriction.unattributed,
    },
  };
}

