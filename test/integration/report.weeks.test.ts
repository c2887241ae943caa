/**
 * Whose week, and which week an event belongs to: an empty week, a week with a DST change in the tenant's
 * zone, and breaches placed by their due instant however late they were noticed (through the hour of grace
 * after the week, or a late record long after it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeeklyReport } from '../../lambdas/app/reports/weekly-schema.js';
import { exampleMatrix, openBody, startTestBaton, type TestBaton } from '../support/baton.js';
import { ok } from '../support/report-scenario.js';

const weekly = (h: TestBaton, week: string) => ok<WeeklyReport>(h, 200, 'GET', `/v1/reports/weekly?week=${week}`);
/** Moves the clock without firing or sweeping: what falls due is recorded by the next command, as of its due instant. */
const quietlyTo = (h: TestBaton, iso: string) => h.clock().set(new Date(iso));

describe('an empty week', () => {
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton();
  });
  afterAll(() => h.stop());

  it('has null ratios, zero counts, no breaches, and nothing to move from', async () => {
    const report = await weekly(h, '2026-W40');

    expect(report.kpis).toMatchObject({
      escalationSlaAttainment: null, handoffReworkRate: null, handoffsPerEscalation: null,
      ownershipAmbiguityIncidents: { total: 0 }, timeToAcknowledgeMinutes: { median: null, p90: null, count: 0 },
      businessMinutesByParty: {}, breachesByParty: {}, byParty: {},
      counts: { opened: 0, resolved: 0, handoffsRequested: 0, breaches: 0, notificationFailures: 0 },
    });
    expect(report.breachedEscalations).toEqual({ total: 0, items: [] });
    expect(report.movement).toEqual({ baseline: null, previousWeeks: { escalationSlaAttainment: null, handoffReworkRate: null, ownershipAmbiguityIncidents: null, byParty: {} } });
    expect(report.complete).toBe(true);
    expect(report.frictionPoints).toEqual({ rules: [], incidentTypes: [], unattributed: 0 });
  });
});

describe('a week in which the clocks go forward in the tenant’s zone (London, 28 March 2027)', () => {
  let h: TestBaton;
  let report: WeeklyReport;
  beforeAll(async () => {
    h = await startTestBaton();
    // 00:30 GMT on Monday 22 March: the week's first hour.
    quietlyTo(h, '2027-03-22T00:30:00Z');
    await ok(h, 201, 'POST', '/v1/escalations', openBody('D1'));
    // 23:30 BST on Sunday 28 March (22:30 UTC): still the week in London.
    quietlyTo(h, '2027-03-28T22:30:00Z');
    await ok(h, 201, 'POST', '/v1/escalations', openBody('D2'));
    // 00:30 BST on Monday 29 March (23:30 UTC on Sunday, UTC's week 12 still): London's next week.
    quietlyTo(h, '2027-03-28T23:30:00Z');
    await ok(h, 201, 'POST', '/v1/escalations', openBody('D3'));
    quietlyTo(h, '2027-04-06T12:00:00Z');
    report = await weekly(h, '2027-W12');
  });
  afterAll(() => h.stop());

  it('runs from Monday 00:00 GMT to Monday 00:00 BST: 167 hours', () => {
    expect(report.period).toEqual({ from: '2027-03-22T00:00:00.000Z', to: '2027-03-28T23:00:00.000Z' });
  });

  it('counts what happened in it on London’s wall clock, not UTC’s', async () => {
    const next = await weekly(h, '2027-W13');

    expect(report.kpis.counts.opened).toBe(2);
    expect(next.kpis.counts.opened).toBe(1);
    expect(next.period).toEqual({ from: '2027-03-28T23:00:00.000Z', to: '2027-04-04T23:00:00.000Z' });
  });

  it('gives the trend weeks on either side of the change their own boundaries', () => {
    expect(report.trend.map((w) => [w.week, w.period.from])).toEqual([
      ['2027-W08', '2027-02-22T00:00:00.000Z'], ['2027-W09', '2027-03-01T00:00:00.000Z'], ['2027-W10', '2027-03-08T00:00:00.000Z'], ['2027-W11', '2027-03-15T00:00:00.000Z'], ['2027-W12', '2027-03-22T00:00:00.000Z'],
    ]);
  });
});

describe('breaches placed by their due instant', () => {
  let h: TestBaton;
  let week: WeeklyReport;
  let next: WeeklyReport;
  beforeAll(async () => {
    // p1 warns once, at 95 % (12 minutes before the breach), so one escalation's deadlines all fall within the hour of grace.
    const matrix = await exampleMatrix();
    matrix.slaPolicies = (matrix.slaPolicies as Array<{ id: string }>).map((p) => (p.id === 'p1' ? { ...p, warnAt: [0.95] } : p));
    h = await startTestBaton({ matrix });
    // Sunday 6 December: C is due 23:50, B 23:59 (network × 1 → msp-noc, p1: 240 minutes, always open).
    quietlyTo(h, '2026-12-06T19:50:00Z');
    await ok(h, 201, 'POST', '/v1/escalations', openBody('C'));
    quietlyTo(h, '2026-12-06T19:59:00Z');
    await ok(h, 201, 'POST', '/v1/escalations', openBody('B'));
    // Nothing fires on its own: C's warning and breach are noticed at 00:20 on Monday (30 minutes after the week)…
    quietlyTo(h, '2026-12-07T00:20:00Z');
    await ok(h, 200, 'POST', '/v1/escalations/C/resolve', { actor: { id: 'agent-nick' }, resolution: 'Fixed' });
    // …and B's on Wednesday, two and a half days after it: a late record leads its week's report to the commit.
    quietlyTo(h, '2026-12-09T10:00:00Z');
    await ok(h, 200, 'POST', '/v1/escalations/B/resolve', { actor: { id: 'agent-nick' }, resolution: 'Fixed' });
    week = await weekly(h, '2026-W49');
    next = await weekly(h, '2026-W50');
  });
  afterAll(() => h.stop());

  it('counts both breaches and both warnings in the week they fell due, by the party that owned the escalations', () => {
    expect(week.kpis.counts).toMatchObject({ opened: 2, warnings: 2, breaches: 2, resolved: 0 });
    expect(week.kpis.breachesByParty).toEqual({ msp: 2 });
    expect(week.complete).toBe(true);
  });

  it('lists them at their due instants, with when each was noticed', () => {
    expect(week.breachedEscalations.items.map((b) => [b.ticketId, b.breachedAt, b.recordedAt, b.state])).toEqual([
      ['C', '2026-12-06T23:50:00.000Z', '2026-12-07T00:20:00.000Z', 'resolved'],
      ['B', '2026-12-06T23:59:00.000Z', '2026-12-09T10:00:00.000Z', 'resolved'],
    ]);
  });

  it('counts them in no later week, where the resolutions count (both breached: attainment 0)', () => {
    expect(next.kpis.counts).toMatchObject({ breaches: 0, warnings: 0, resolved: 2, resolvedWithinTarget: 0 });
    expect(next.kpis.escalationSlaAttainment).toBe(0);
    expect(next.breachedEscalations.total).toBe(0);
  });
});
