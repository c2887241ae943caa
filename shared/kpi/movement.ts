/**
 * Movement of the three KPIs against a reference (the current baseline, or the previous weeks pooled),
 * and the seed's target ranges marked met, on track or not met. Definitions: docs/kpis.md.
 */
import { ratio, type KpiReport, type PartyKpis } from './kpis.js';

export const DAY = 86_400_000;
export const WEEK = 7 * DAY;

/** The three KPIs as a review compares them: ambiguity as incidents per week, so periods of any length compare. */
export interface HeadlineKpis {
  escalationSlaAttainment: number | null;
  handoffReworkRate: number | null;
  ownershipAmbiguityIncidentsPerWeek: number;
  byParty: Record<string, { escalationSlaAttainment: number | null; handoffReworkRate: number | null }>;
}

const partyHeadline = (p: PartyKpis) => ({ escalationSlaAttainment: p.escalationSlaAttainment, handoffReworkRate: p.handoffReworkRate });

/**
 * The headline of a report over `weeks` weeks (an ISO week is 1, whatever its hours; a baseline's period
 * is its length ÷ 7 days).
 * @example headline(report, 4) // ambiguity 20 incidents over 4 weeks → ownershipAmbiguityIncidentsPerWeek 5
 */
export function headline(report: KpiReport, weeks: number): HeadlineKpis {
  return {
    escalationSlaAttainment: report.escalationSlaAttainment,
    handoffReworkRate: report.handoffReworkRate,
    ownershipAmbiguityIncidentsPerWeek: weeks > 0 ? report.ownershipAmbiguityIncidents.total / weeks : 0,
    byParty: Object.fromEntries(Object.entries(report.byParty).map(([party, p]) => [party, partyHeadline(p)])),
  };
}

/**
 * Several weeks taken together: the ratios from the summed counts (not a mean of weekly ratios), ambiguity
 * as the mean per week (a week with nothing counts as 0).
 * @example pooled([w1, w2, w3, w4]).escalationSlaAttainment // Σ within target ÷ Σ resolved
 */
export function pooled(reports: readonly KpiReport[]): HeadlineKpis | null {
  if (reports.length === 0) return null;
  const sum = { resolved: 0, within: 0, requested: 0, rejected: 0, ambiguity: 0 };
  const parties = new Map<string, { resolved: number; within: number; requested: number; rejected: number }>();
  for (const r of reports) {
    sum.resolved += r.counts.resolved;
    sum.within += r.counts.resolvedWithinTarget;
    sum.requested += r.counts.handoffsRequested;
    sum.rejected += r.counts.handoffsRejected;
    sum.ambiguity += r.ownershipAmbiguityIncidents.total;
    for (const [party, p] of Object.entries(r.byParty)) {
      const s = parties.get(party) ?? { resolved: 0, within: 0, requested: 0, rejected: 0 };
      s.resolved += p.resolved;
      s.within += p.resolvedWithinTarget;
      s.requested += p.handoffsRequested;
      s.rejected += p.handoffsRejected;
      parties.set(party, s);
    }
  }
  return {
    escalationSlaAttainment: ratio(sum.within, sum.resolved),
    handoffReworkRate: ratio(sum.rejected, sum.requested),
    ownershipAmbiguityIncidentsPerWeek: sum.ambiguity / reports.length,
    byParty: Object.fromEntries([...parties].map(([party, s]) => [party, { escalationSlaAttainment: ratio(s.within, s.resolved), handoffReworkRate: ratio(s.rejected, s.requested) }])),
  };
}

/**
 * Relative change from `reference` to `current`: 0.60 → 0.66 is +0.10 (+10 %), 20 → 15 is −0.25.
 * Null when either is missing or the reference is 0 (no change can be relative to nothing).
 * @example relativeMovement(0.66, 0.6) // ≈ 0.1
 */
export function relativeMovement(current: number | null, reference: number | null): number | null {
  if (current === null || reference === null || reference === 0) return null;
  return (current - reference) / reference;
}

export interface Movement {
  escalationSlaAttainment: number | null;
  handoffReworkRate: number | null;
  ownershipAmbiguityIncidents: number | null;
  byParty: Record<string, { escalationSlaAttainment: number | null; handoffReworkRate: number | null }>;
}

/** Each KPI's relative movement; per party for the parties `current` has (ambiguity is not by party). */
export function movement(current: HeadlineKpis, reference: HeadlineKpis): Movement {
  return {
    escalationSlaAttainment: relativeMovement(current.escalationSlaAttainment, reference.escalationSlaAttainment),
    handoffReworkRate: relativeMovement(current.handoffReworkRate, reference.handoffReworkRate),
    ownershipAmbiguityIncidents: relativeMovement(current.ownershipAmbiguityIncidentsPerWeek, reference.ownershipAmbiguityIncidentsPerWeek),
    byParty: Object.fromEntries(
      Object.entries(current.byParty).map(([party, p]) => [
        party,
        {
          escalationSlaAttainment: relativeMovement(p.escalationSlaAttainment, reference.byParty[party]?.escalationSlaAttainment ?? null),
          handoffReworkRate: relativeMovement(p.handoffReworkRate, reference.byParty[party]?.handoffReworkRate ?? null),
        },
      ]),
    ),
  };
}

export type HeadlineKpi = 'escalationSlaAttainment' | 'handoffReworkRate' | 'ownershipAmbiguityIncidents';

/** A target range of the seed: an improvement of `min`–`max` (as fractions) within `days` of the baseline. */
export interface TargetRange {
  kpi: HeadlineKpi;
  /** Which way is better. */
  direction: 'up' | 'down';
  min: number;
  max: number;
  days: number;
}

/** The workflow's suggested target ranges: attainment +10–25 %, rework −10–25 %, ambiguity −20–50 %, within 60 days. */
export const TARGETS: readonly TargetRange[] = [
  { kpi: 'escalationSlaAttainment', direction: 'up', min: 0.1, max: 0.25, days: 60 },
  { kpi: 'handoffReworkRate', direction: 'down', min: 0.1, max: 0.25, days: 60 },
  { kpi: 'ownershipAmbiguityIncidents', direction: 'down', min: 0.2, max: 0.5, days: 60 },
];

export type TargetStatus = 'met' | 'on-track' | 'not-met';

export interface TargetMark {
  kpi: HeadlineKpi;
  /** The band as signed movements, e.g. rework {from: −0.10, to: −0.25}. */
  band: { from: number; to: number };
  /** When the target falls due: the baseline period's end + `days`. */
  dueAt: string;
  movement: number | null;
  /** Null when there is no movement to judge (no baseline value, or none this week). */
  status: TargetStatus | null;
}

/**
 * Marks a KPI's movement against its target range for a week ending at `weekEnd`:
 * - met: the improvement reached the band's near end (exceeding the far end is still met);
 * - on track: not met, the due date not passed, and the improvement at least the near end pro rata
 *   of the days gone since the baseline's end (after 30 of 60 days, half of +10 %: +5 %);
 * - not met: otherwise.
 * @example markTarget(TARGETS[0], 0.06, '2026-12-01T00:00:00Z', '2026-12-31T00:00:00Z') // status 'on-track' (30 of 60 days, 6 % ≥ 5 %)
 */
export function markTarget(target: TargetRange, moved: number | null, baselineEnd: string, weekEnd: string): TargetMark {
  const sign = target.direction === 'up' ? 1 : -1;
  const due = Date.parse(baselineEnd) + target.days * DAY;
  const mark = { kpi: target.kpi, band: { from: sign * target.min, to: sign * target.max }, dueAt: new Date(due).toISOString(), movement: moved };
  if (moved === null) return { ...mark, status: null };
  const improvement = sign * moved;
  // A hair of tolerance: 0.66 / 0.6 − 1 is 0.10000000000000009, and 0.54 / 0.6 − 1 is −0.09999999999999998.
  const reached = (needed: number) => improvement >= needed - 1e-9;
  if (reached(target.min)) return { ...mark, status: 'met' };
  const end = Date.parse(weekEnd);
  if (end > due) return { ...mark, status: 'not-met' };
  const elapsed = Math.max(0, end - Date.parse(baselineEnd)) / (target.days * DAY);
  return { ...mark, status: reached(target.min * elapsed) ? 'on-track' : 'not-met' };
}
