/**
 * The three KPIs of the review as cards: this week's value, the baseline, the movement, the target band
 * and whether it is met, and the trend chart's input. Definitions: docs/kpis.md.
 */
import type { HeadlineKpi, TargetMark, TargetStatus } from '../../../shared/kpi/movement.js';
import type { TrendInput, TrendSeries } from './charts/trend.js';
import { count, formatDay, movementText, percent } from './format.js';
import type { Names } from './names.js';
import type { TrendWeek, WeeklyReport } from './report.js';

export interface KpiCard {
  kpi: HeadlineKpi;
  title: string;
  /** Which way is better, in words for the reader. */
  better: string;
  value: string;
  detail: string;
  baseline: string | null;
  movement: string;
  previousWeeks: string;
  target: { band: string; status: TargetStatus | null; statusText: string; due: string } | null;
  chart: TrendInput;
}

const TITLES: Record<HeadlineKpi, { title: string; better: string }> = {
  escalationSlaAttainment: { title: 'Escalation SLA attainment', better: 'higher is better' },
  handoffReworkRate: { title: 'Handoff rework rate', better: 'lower is better' },
  ownershipAmbiguityIncidents: { title: 'Ownership ambiguity incidents', better: 'fewer is better' },
};

const STATUS: Record<TargetStatus, string> = { met: 'Target met', 'on-track': 'On track', 'not-met': 'Not met' };

/** "2026-W49" as the axis writes it. */
export const shortWeek = (week: string): string => week.replace(/^\d{4}-/, '');

/** The parties that appear in any week of the trend, in the order first seen. */
function partiesOf(trend: readonly TrendWeek[]): string[] {
  return [...new Set(trend.flatMap((w) => Object.keys(w.byParty)))];
}

function ratioSeries(report: WeeklyReport, kpi: 'escalationSlaAttainment' | 'handoffReworkRate', names: Names): TrendSeries[] {
  return [
    { key: 'all', label: 'Both parties', values: report.trend.map((w) => w[kpi]), main: true },
    ...partiesOf(report.trend).map((party) => ({ key: party, label: names.party(party), values: report.trend.map((w) => w.byParty[party]?.[kpi] ?? null) })),
  ];
}

/** The band as values of the KPI: the baseline moved by the band's two relative ends. */
function absoluteBand(mark: TargetMark | undefined, baseline: number | null): { from: number; to: number } | null {
  if (!mark || baseline === null) return null;
  return { from: baseline * (1 + mark.band.from), to: baseline * (1 + mark.band.to) };
}

function targetOf(mark: TargetMark | undefined, band: { from: number; to: number } | null, format: (v: number) => string, report: WeeklyReport, locale: string | undefined): KpiCard['target'] {
  if (!mark) return null;
  const low = Math.min(mark.band.from, mark.band.to);
  const high = Math.max(mark.band.from, mark.band.to);
  const relative = `${movementText(low)} to ${movementText(high)}`;
  return {
    band: band ? `${relative} (${format(Math.min(band.from, band.to))}–${format(Math.max(band.from, band.to))})` : relative,
    status: mark.status,
    statusText: mark.status === null ? 'Nothing to judge this week' : STATUS[mark.status],
    due: formatDay(mark.dueAt, report.timeZone, locale),
  };
}

/**
 * The three cards of a weekly report, in the order the issue names the KPIs.
 * @example kpiCards(report, namesOf(matrix), 'en-GB')[0].value // '67 %'
 */
export function kpiCards(report: WeeklyReport, names: Names, locale?: string): KpiCard[] {
  const { kpis, baseline, movement, targets } = report;
  const categories = report.trend.map((w) => shortWeek(w.week));
  const mark = (kpi: HeadlineKpi) => targets.find((t) => t.kpi === kpi);
  const card = (kpi: HeadlineKpi, value: number | null, detail: string, base: number | null, format: (v: number) => string, series: TrendSeries[], ratio: boolean): KpiCard => {
    const band = absoluteBand(mark(kpi), base);
    return {
      kpi,
      ...TITLES[kpi],
      value: value === null ? '—' : format(value),
      detail,
      baseline: baseline && base !== null ? `${format(base)} (baseline ${baseline.version}, ${formatDay(baseline.from, report.timeZone, locale)} – ${formatDay(new Date(Date.parse(baseline.to) - 1).toISOString(), report.timeZone, locale)})` : null,
      movement: movement.baseline ? movementText(movement.baseline[kpi]) : '—',
      previousWeeks: movement.previousWeeks ? movementText(movement.previousWeeks[kpi]) : '—',
      target: targetOf(mark(kpi), band, format, report, locale),
      chart: { categories, series, baseline: base, band, ratio, format },
    };
  };
  const pct = (v: number) => percent(v);
  return [
    card(
      'escalationSlaAttainment',
      kpis.escalationSlaAttainment,
      `${kpis.counts.resolvedWithinTarget} of ${kpis.counts.resolved} resolved within target`,
      baseline?.headline.escalationSlaAttainment ?? null,
      pct,
      ratioSeries(report, 'escalationSlaAttainment', names),
      true,
    ),
    card(
      'handoffReworkRate',
      kpis.handoffReworkRate,
      `${kpis.counts.handoffsRejected} of ${kpis.counts.handoffsRequested} handoffs sent back`,
      baseline?.headline.handoffReworkRate ?? null,
      pct,
      ratioSeries(report, 'handoffReworkRate', names),
      true,
    ),
    card(
      'ownershipAmbiguityIncidents',
      kpis.ownershipAmbiguityIncidents.total,
      'incidents this week (all causes)',
      baseline?.headline.ownershipAmbiguityIncidentsPerWeek ?? null,
      count,
      [{ key: 'all', label: 'Incidents', values: report.trend.map((w) => w.ownershipAmbiguityIncidents), main: true }],
      false,
    ),
  ];
}
