/**
 * What a party-scoped key sees of the weekly report: the figures the definitions attribute to its party
 * (attainment for the escalations it owned at resolution, rework for the handoffs it sent, its business
 * minutes and breaches), the escalations it owned when they breached, and its share of handoff quality and
 * communication failures. The joint figures (overall KPIs, ambiguity incidents, targets, friction) are the
 * tenant's: they need a tenant key.
 */
import { emptyFindings } from '../../../shared/kpi/review.js';
import type { PartyWeeklyReport, WeeklyReport } from './weekly-schema.js';

const pair = (p: { escalationSlaAttainment: number | null; handoffReworkRate: number | null } | undefined) => ({
  escalationSlaAttainment: p?.escalationSlaAttainment ?? null,
  handoffReworkRate: p?.handoffReworkRate ?? null,
});

/**
 * @example partyReport(await weeklyReport(ctx, 'acme', '2026-W49', 'msp'), 'msp').kpis.escalationSlaAttainment
 */
export function partyReport(report: WeeklyReport, party: string): PartyWeeklyReport {
  const { kpis } = report;
  const own = kpis.byParty[party];
  const findings = report.byParty[party] ?? emptyFindings();
  return {
    tenant: report.tenant,
    week: report.week,
    timeZone: report.timeZone,
    period: report.period,
    generatedAt: report.generatedAt,
    complete: report.complete,
    scope: { party },
    kpis: {
      resolved: own?.resolved ?? 0,
      resolvedWithinTarget: own?.resolvedWithinTarget ?? 0,
      escalationSlaAttainment: own?.escalationSlaAttainment ?? null,
      handoffsRequested: own?.handoffsRequested ?? 0,
      handoffsRejected: own?.handoffsRejected ?? 0,
      handoffReworkRate: own?.handoffReworkRate ?? null,
      businessMinutes: kpis.businessMinutesByParty[party] ?? 0,
      inHandoffMinutes: kpis.inHandoffMinutesByParty[party] ?? 0,
      breaches: kpis.breachesByParty[party] ?? 0,
    },
    trend: report.trend.map((w) => ({ week: w.week, period: w.period, ...pair(w.byParty[party]) })),
    baseline: report.baseline
      ? { version: report.baseline.version, from: report.baseline.from, to: report.baseline.to, capturedAt: report.baseline.capturedAt, ...pair(report.baseline.headline.byParty[party]) }
      : null,
    movement: {
      baseline: report.movement.baseline ? pair(report.movement.baseline.byParty[party]) : null,
      previousWeeks: report.movement.previousWeeks ? pair(report.movement.previousWeeks.byParty[party]) : null,
    },
    // weeklyReport(…, party) listed only this party's breaches already.
    breachedEscalations: report.breachedEscalations,
    handoffQuality: findings.handoffQuality,
    communicationFailures: findings.communicationFailures,
  };
}
