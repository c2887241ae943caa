/**
 * Kept week KPIs: a complete week's KPIs, kept by the report that counted them, so the reports after it read
 * only their own week. A week is complete an hour after it ends (LATE_RECORD_AFTER_MS); what is kept is stale
 * once a late record of the week is written after it was counted.
 */
import type { KpiReport, Period } from '../../../shared/kpi/kpis.js';
import { SWEEP_GRACE_MS } from '../background.js';
import type { ReportContext } from './context.js';
import { LATE_RECORD_AFTER_MS } from './ports.js';

/** When a period is complete: no commit written after this can hold one of its events without a late record. */
export const completeAt = (p: Period) => Date.parse(p.to) + LATE_RECORD_AFTER_MS;

/** A complete week's KPIs as an earlier report kept them, unless a late record of it was written since. */
export async function keptKpis(ctx: ReportContext, tenant: string, zone: string, week: string, p: Period): Promise<KpiReport | null> {
  if (ctx.deps.clock.now().getTime() < completeAt(p)) return null;
  const snapshot = await ctx.deps.reports.weekSnapshot(tenant, zone, week);
  if (!snapshot) return null;
  const stale = await ctx.deps.reports.lateWrittenSince(tenant, { from: new Date(p.from), to: new Date(p.to) }, new Date(snapshot.computedAt));
  return stale ? null : snapshot.kpis;
}

/**
 * Keeps the KPIs of the complete weeks this report counted, for the trend of the reports after it. They count
 * as of the read's start less the time a commit may take to land after its own time (SWEEP_GRACE_MS): a late
 * record of a commit from that moment on, which the read may have missed, makes them stale.
 */
export async function keepWeeks(ctx: ReportContext, tenant: string, zone: string, weeks: string[], reports: KpiReport[], readFrom: Date): Promise<void> {
  const asOf = readFrom.getTime() - SWEEP_GRACE_MS;
  const computedAt = new Date(asOf).toISOString();
  // Only a week complete as of then: every commit of it that left no late record had landed before the read.
  await Promise.all(reports.map((kpis, i) => (asOf >= completeAt(kpis.period) ? ctx.deps.reports.putWeekSnapshot(tenant, { week: weeks[i]!, zone, computedAt, kpis }) : undefined)));
}
