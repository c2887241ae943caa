/**
 * Baselines and movement over HTTP: a baseline week (2026-W49) and a reported week (2026-W50), every figure
 * hand-computed; captures are versioned and never overwritten; bad captures answer 400 or 403 by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Baseline } from '../../lambdas/app/reports/ports.js';
import type { WeeklyReport } from '../../lambdas/app/reports/weekly-schema.js';
import { openBody, startTestBaton, WEBHOOK_SECRET, type ErrorAnswer, type TestBaton } from '../support/baton.js';
import { at, ok } from '../support/report-scenario.js';

let h: TestBaton;
let report: WeeklyReport;
let first: Baseline;
let second: Baseline;

const network = (id: string) => openBody(id);
const application = (id: string) => openBody(id, { incidentType: 'application', impactTier: 2, subject: 'Payroll app slow', actor: { id: 'agent-ivan' } });
const handoff = (ticket: string, toTeam: string, actor: string) =>
  ok(h, 201, 'POST', `/v1/escalations/${ticket}/handoffs`, { toTeam, diagnosis: 'd', actionsTaken: 'a', evidence: [{ label: 'log', url: 'https://logs.example.com/x' }], nextAction: 'n', nextActionDueAt: '2026-12-20T12:00:00Z', actor: { id: actor } });
const answer = (ticket: string, handoffId: string, how: 'acknowledge' | 'reject', actor: string, reason?: string) =>
  ok(h, 200, 'POST', `/v1/escalations/${ticket}/handoffs/${handoffId}/${how}`, { actor: { id: actor }, ...(reason ? { reason } : {}) });
const resolve = (ticket: string, actor: string) => ok(h, 200, 'POST', `/v1/escalations/${ticket}/resolve`, { actor: { id: actor }, resolution: 'Fixed' });

beforeAll(async () => {
  h = await startTestBaton();
  // 2026-W49, the baseline: attainment 2 of 4, rework 2 of 4, 2 ambiguity incidents (both not our scope).
  for (const id of ['E1', 'E2', 'E4']) await ok(h, 201, 'POST', '/v1/escalations', network(id));
  await ok(h, 201, 'POST', '/v1/escalations', application('E3'));
  await at(h, '2026-11-30T09:10:00Z');
  await handoff('E3', 'msp-noc', 'agent-ivan');
  await at(h, '2026-11-30T09:20:00Z');
  await answer('E3', 'h1', 'reject', 'agent-nick', 'not-our-scope');
  await handoff('E1', 'infrastructure', 'agent-nick');
  await handoff('E2', 'infrastructure', 'agent-nick');
  await at(h, '2026-11-30T09:25:00Z');
  await answer('E1', 'h1', 'acknowledge', 'agent-ivan');
  await answer('E2', 'h1', 'acknowledge', 'agent-ivan');
  await at(h, '2026-11-30T09:30:00Z');
  await handoff('E3', 'msp-l2', 'agent-ivan');
  await at(h, '2026-11-30T09:40:00Z');
  await answer('E3', 'h2', 'reject', 'agent-mia', 'not-our-scope');
  await at(h, '2026-11-30T10:00:00Z');
  await resolve('E1', 'agent-ivan');
  await resolve('E3', 'agent-ivan');
  await at(h, '2026-11-30T13:30:00Z');
  await resolve('E2', 'agent-ivan');
  await resolve('E4', 'agent-nick');

  // 2026-W50, the reported week: attainment 3 of 3, rework 1 of 4, 1 ambiguity incident (a silent transfer).
  await at(h, '2026-12-07T09:00:00Z');
  first = await ok<Baseline>(h, 201, 'POST', '/v1/reports/baseline', { from: '2026-11-30', to: '2026-12-07', actor: { id: 'agent-anna' }, note: 'Before the pilot' });
  second = await ok<Baseline>(h, 201, 'POST', '/v1/reports/baseline', { from: '2026-11-30T00:00:00Z', to: '2026-12-07T00:00:00+00:00', actor: { id: 'agent-mia' }, note: 'Captured again' });
  for (const id of ['F1', 'F2']) await ok(h, 201, 'POST', '/v1/escalations', network(id));
  await ok(h, 201, 'POST', '/v1/escalations', application('F3'));
  await at(h, '2026-12-07T09:05:00Z');
  const moved = await h.call('POST', '/v1/webhooks/freshservice', { ticketId: 'F1', changes: { group_id: [2001, 1002] } }, { key: null, headers: { 'x-baton-webhook-secret': WEBHOOK_SECRET } });
  expect(moved.status).toBeLessThan(300);
  await at(h, '2026-12-07T09:10:00Z');
  await handoff('F1', 'infrastructure', 'agent-nick');
  await handoff('F2', 'infrastructure', 'agent-nick');
  await handoff('F3', 'msp-noc', 'agent-ivan');
  await at(h, '2026-12-07T09:15:00Z');
  await answer('F1', 'h1', 'acknowledge', 'agent-ivan');
  await answer('F2', 'h1', 'acknowledge', 'agent-ivan');
  await at(h, '2026-12-07T09:20:00Z');
  await answer('F3', 'h1', 'reject', 'agent-nick', 'missing-information');
  await at(h, '2026-12-07T09:30:00Z');
  await handoff('F3', 'msp-noc', 'agent-ivan');
  await at(h, '2026-12-07T09:35:00Z');
  await answer('F3', 'h2', 'acknowledge', 'agent-nick');
  await at(h, '2026-12-07T10:00:00Z');
  await resolve('F1', 'agent-ivan');
  await resolve('F2', 'agent-ivan');
  await resolve('F3', 'agent-nick');
  report = await ok<WeeklyReport>(h, 200, 'GET', '/v1/reports/weekly?week=2026-W50');
}, 60_000);
afterAll(() => h.stop());

describe('capturing a baseline', () => {
  it('stores the KPIs over the period as a new version, with who captured it and why', () => {
    expect(first).toMatchObject({ version: 1, from: '2026-11-30T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z', capturedAt: '2026-12-07T09:00:00.000Z', actor: { id: 'agent-anna' }, note: 'Before the pilot' });
    expect(first.kpis).toMatchObject({ escalationSlaAttainment: 0.5, handoffReworkRate: 0.5, ownershipAmbiguityIncidents: { total: 2, byCause: { 'not-our-scope': 2 } } });
    expect(first.kpis.byParty).toEqual({
      internal: { resolved: 3, resolvedWithinTarget: 2, escalationSlaAttainment: 2 / 3, handoffsRequested: 2, handoffsRejected: 2, handoffReworkRate: 1 },
      msp: { resolved: 1, resolvedWithinTarget: 0, escalationSlaAttainment: 0, handoffsRequested: 2, handoffsRejected: 0, handoffReworkRate: 0 },
    });
  });

  it('keeps every version: a second capture is version 2, and the list shows both with the latest current', async () => {
    const list = await ok<{ items: Baseline[]; current: number }>(h, 200, 'GET', '/v1/reports/baseline');

    expect(second).toMatchObject({ version: 2, note: 'Captured again', actor: { id: 'agent-mia' } });
    expect(list.items.map((b) => [b.version, b.note])).toEqual([[1, 'Before the pilot'], [2, 'Captured again']]);
    expect(list.current).toBe(2);
  });

  it('captures once for one Idempotency-Key, however often the request is sent', async () => {
    const body = { from: '2026-11-30', to: '2026-12-07', actor: { id: 'agent-anna' }, note: 'Retried' };
    const headers = { 'idempotency-key': 'baseline-retry-0001' };
    const a = await h.call<Baseline>('POST', '/v1/reports/baseline', body, { headers });
    const b = await h.call<Baseline>('POST', '/v1/reports/baseline', body, { headers });
    const list = await ok<{ items: Baseline[] }>(h, 200, 'GET', '/v1/reports/baseline');

    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.version).toBe(a.body.version);
    expect(list.items.filter((x) => x.note === 'Retried')).toHaveLength(1);
  });
});

describe('the week against the baseline', () => {
  it('gives the week’s KPIs: attainment 3 of 3, rework 1 of 4, one ambiguity incident', () => {
    expect([report.kpis.escalationSlaAttainment, report.kpis.handoffReworkRate, report.kpis.ownershipAmbiguityIncidents.total]).toEqual([1, 0.25, 1]);
  });

  it('compares with the current baseline (version 2 at the time of the report) and names it', () => {
    expect(report.baseline).toMatchObject({ version: 2, from: '2026-11-30T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z', headline: { escalationSlaAttainment: 0.5, handoffReworkRate: 0.5, ownershipAmbiguityIncidentsPerWeek: 2 } });
  });

  it('moves relative to it: attainment +100 %, rework −50 %, ambiguity −50 %; per party where the baseline had something to move from', () => {
    expect(report.movement.baseline).toEqual({
      escalationSlaAttainment: 1,
      handoffReworkRate: -0.5,
      ownershipAmbiguityIncidents: -0.5,
      byParty: {
        // internal: attainment 2/3 → 1, rework 1 → 0.5; msp: 0 → 1 and 0 → 0 move from nothing (null).
        internal: { escalationSlaAttainment: expect.closeTo(0.5, 12), handoffReworkRate: -0.5 },
        msp: { escalationSlaAttainment: null, handoffReworkRate: null },
      },
    });
  });

  it('marks the three target ranges met, due 60 days after the baseline ends', () => {
    expect(report.targets).toEqual([
      { kpi: 'escalationSlaAttainment', band: { from: 0.1, to: 0.25 }, dueAt: '2027-02-05T00:00:00.000Z', movement: 1, status: 'met' },
      { kpi: 'handoffReworkRate', band: { from: -0.1, to: -0.25 }, dueAt: '2027-02-05T00:00:00.000Z', movement: -0.5, status: 'met' },
      { kpi: 'ownershipAmbiguityIncidents', band: { from: -0.2, to: -0.5 }, dueAt: '2027-02-05T00:00:00.000Z', movement: -0.5, status: 'met' },
    ]);
  });

  it('moves against the previous 4 weeks pooled: 2 of 4 resolved in target, 2 of 4 sent back, 2 incidents over 4 weeks', () => {
    expect(report.movement.previousWeeks).toMatchObject({ escalationSlaAttainment: 1, handoffReworkRate: -0.5, ownershipAmbiguityIncidents: 1 });
    expect(report.trend.map((w) => [w.week, w.escalationSlaAttainment, w.handoffReworkRate, w.ownershipAmbiguityIncidents])).toEqual([
      ['2026-W46', null, null, 0], ['2026-W47', null, null, 0], ['2026-W48', null, null, 0], ['2026-W49', 0.5, 0.5, 2], ['2026-W50', 1, 0.25, 1],
    ]);
  });
});

describe('a capture that cannot be made', () => {
  it.each([
    ['to before from', { from: '2026-12-07', to: '2026-11-30' }, 'to', /after from/],
    ['a period longer than 13 weeks', { from: '2026-08-01', to: '2026-12-01' }, 'to', /at most 91 days/],
    ['a period ending in the future', { from: '2026-12-01', to: '2026-12-08' }, 'to', /in the future/],
    ['a bound that is not a date', { from: 'last week', to: '2026-12-01' }, 'from', /date/],
  ])('answers 400 naming the field for %s', async (_, period, field, message) => {
    const answer = await h.call<ErrorAnswer>('POST', '/v1/reports/baseline', { ...period, actor: { id: 'agent-anna' } });

    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([{ path: field, message: expect.stringMatching(message) }]);
  });

  it('refuses (403) someone who is neither in a coordinator team nor an approver', async () => {
    const answer = await h.call<ErrorAnswer>('POST', '/v1/reports/baseline', { from: '2026-11-30', to: '2026-12-07', actor: { id: 'agent-ivan' } });

    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toContain('agent-ivan is neither');
  });
});
