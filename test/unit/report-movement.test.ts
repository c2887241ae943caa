// Movement against a baseline or the previous weeks, and the seed's target ranges marked.
import { describe, expect, it } from 'vitest';
import type { KpiReport } from '../../shared/kpi/kpis.js';
import { headline, markTarget, movement, pooled, relativeMovement, TARGETS } from '../../shared/kpi/movement.js';

const [attainment, rework, ambiguity] = TARGETS as [(typeof TARGETS)[number], (typeof TARGETS)[number], (typeof TARGETS)[number]];

/** A report with just the counts the headline reads. */
function report(c: { resolved: number; within: number; requested: number; rejected: number; ambiguity: number; byParty?: KpiReport['byParty'] }): KpiReport {
  return {
    period: { from: '2026-11-30T00:00:00Z', to: '2026-12-07T00:00:00Z' },
    escalationSlaAttainment: c.resolved ? c.within / c.resolved : null,
    handoffReworkRate: c.requested ? c.rejected / c.requested : null,
    ownershipAmbiguityIncidents: { total: c.ambiguity, byCause: { 'no-rule': c.ambiguity, 'rule-conflict': 0, 'ack-overdue': 0, 'silent-transfer': 0, 'not-our-scope': 0 } },
    timeToAcknowledgeMinutes: { median: null, p90: null, count: 0 },
    handoffsPerEscalation: null,
    businessMinutesByParty: {},
    inHandoffMinutesByParty: {},
    breachesByParty: {},
    byParty: c.byParty ?? {},
    counts: { opened: 0, resolved: c.resolved, resolvedWithinTarget: c.within, handoffsRequested: c.requested, handoffsAcknowledged: 0, handoffsRejected: c.rejected, warnings: 0, breaches: 0, notificationFailures: 0 },
  };
}

describe('movement', () => {
  it('is relative to the reference: attainment 60 % → 66 % is +10 %, ambiguity 20 → 15 is −25 %', () => {
    expect(relativeMovement(0.66, 0.6)).toBeCloseTo(0.1, 12);
    expect(relativeMovement(15, 20)).toBe(-0.25);
  });

  it('is null when there is nothing to move from or to', () => {
    expect(relativeMovement(0.5, null)).toBeNull();
    expect(relativeMovement(null, 0.5)).toBeNull();
    expect(relativeMovement(3, 0)).toBeNull();
  });

  it('compares a week with a 4-week baseline by incidents per week', () => {
    const baseline = headline(report({ resolved: 100, within: 60, requested: 50, rejected: 10, ambiguity: 80 }), 4);
    const week = headline(report({ resolved: 50, within: 33, requested: 20, rejected: 3, ambiguity: 15 }), 1);

    const moved = movement(week, baseline);

    // attainment 0.66 vs 0.60; rework 0.15 vs 0.20; ambiguity 15 vs 80 / 4 = 20 a week.
    expect(moved.escalationSlaAttainment).toBeCloseTo(0.1, 12);
    expect(moved.handoffReworkRate).toBeCloseTo(-0.25, 12);
    expect(moved.ownershipAmbiguityIncidents).toBe(-0.25);
  });

  it('moves each party against the same party of the reference', () => {
    const party = (resolved: number, within: number, requested: number, rejected: number) => ({
      resolved, resolvedWithinTarget: within, escalationSlaAttainment: within / resolved, handoffsRequested: requested, handoffsRejected: rejected, handoffReworkRate: rejected / requested,
    });
    const baseline = headline(report({ resolved: 20, within: 10, requested: 10, rejected: 2, ambiguity: 0, byParty: { msp: party(10, 5, 10, 2) } }), 1);
    const week = headline(report({ resolved: 20, within: 10, requested: 10, rejected: 2, ambiguity: 0, byParty: { msp: party(10, 6, 10, 1), internal: party(10, 4, 1, 0) } }), 1);

    const moved = movement(week, baseline);

    expect(moved.byParty.msp?.escalationSlaAttainment).toBeCloseTo(0.2, 12);
    expect(moved.byParty.msp?.handoffReworkRate).toBe(-0.5);
    expect(moved.byParty.internal).toEqual({ escalationSlaAttainment: null, handoffReworkRate: null });
  });

  it('pools previous weeks from their counts, not as a mean of weekly ratios', () => {
    const weeks = [report({ resolved: 1, within: 1, requested: 0, rejected: 0, ambiguity: 4 }), report({ resolved: 9, within: 0, requested: 4, rejected: 1, ambiguity: 0 })];

    const pool = pooled(weeks);

    expect(pool).toMatchObject({ escalationSlaAttainment: 0.1, handoffReworkRate: 0.25, ownershipAmbiguityIncidentsPerWeek: 2 });
    expect(pooled([])).toBeNull();
  });
});

describe('target ranges', () => {
  const baselineEnd = '2026-11-02T00:00:00.000Z';
  const after = (days: number) => new Date(Date.parse(baselineEnd) + days * 86_400_000).toISOString();

  it('marks attainment met at +10 % and beyond, the band +10–25 % due 60 days after the baseline', () => {
    expect(markTarget(attainment, 0.1000000000000001, baselineEnd, after(7))).toEqual({ kpi: 'escalationSlaAttainment', band: { from: 0.1, to: 0.25 }, dueAt: after(60), movement: 0.1000000000000001, status: 'met' });
    expect(markTarget(attainment, 0.4, baselineEnd, after(70)).status).toBe('met');
  });

  it('marks a reduction target met when the KPI fell by at least the near end of its band', () => {
    expect(markTarget(rework, -0.1, baselineEnd, after(14)).status).toBe('met');
    expect(markTarget(ambiguity, -0.25, baselineEnd, after(14)).status).toBe('met');
    expect(markTarget(ambiguity, -0.19, baselineEnd, after(70)).status).toBe('not-met');
  });

  it('marks on track when the improvement keeps pace with the near end, pro rata of the 60 days', () => {
    // 30 of 60 days gone: half of +10 % is needed.
    expect(markTarget(attainment, 0.05, baselineEnd, after(30)).status).toBe('on-track');
    expect(markTarget(attainment, 0.04, baselineEnd, after(30)).status).toBe('not-met');
    // Ambiguity after 15 days: a quarter of −20 %.
    expect(markTarget(ambiguity, -0.05, baselineEnd, after(15)).status).toBe('on-track');
  });

  it('marks not met once the 60 days are over without reaching the band, and nothing without a movement', () => {
    expect(markTarget(rework, -0.09, baselineEnd, after(61)).status).toBe('not-met');
    expect(markTarget(rework, 0.3, baselineEnd, after(7)).status).toBe('not-met');
    expect(markTarget(rework, null, baselineEnd, after(7)).status).toBeNull();
  });
});
