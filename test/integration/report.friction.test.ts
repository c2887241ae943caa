/** GET /v1/reports/friction over the hand-computed week and the week after it: ranking, runbooks, examples, drafts, and escalations opened before the weeks read. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrictionReport } from '../../lambdas/app/reports/friction.js';
import { exampleMatrix, startTestBaton, type TestBaton } from '../support/baton.js';
import { at, ok, playReviewWeek, reviewMatrix } from '../support/report-scenario.js';

let h: TestBaton;
let lastWeek: FrictionReport;
let twoWeeks: FrictionReport;

beforeAll(async () => {
  h = await startTestBaton({ matrix: await reviewMatrix(await exampleMatrix()) });
  await playReviewWeek(h);
  // 4524 (no rule, opened Tuesday of W49): its handoff to msp-l2 falls overdue Tuesday 11:00 and it breaches 13:00,
  // both in W49; msp-l2 sends it back as not its scope on Monday 7 December, in W50.
  await at(h, '2026-12-07T09:00:00Z');
  await ok(h, 200, 'POST', '/v1/escalations/4524/handoffs/h1/reject', { actor: { id: 'agent-mia' }, reason: 'not-our-scope' });
  lastWeek = await ok<FrictionReport>(h, 200, 'GET', '/v1/reports/friction?weeks=1');
  twoWeeks = await ok<FrictionReport>(h, 200, 'GET', '/v1/reports/friction?weeks=2');
}, 60_000);
afterAll(() => h.stop());

const ranked = (points: FrictionReport['rules']) => points.map((p) => [p.key, p.score, p.counts.rework, p.counts.notOurScope, p.counts.ackOverdue, p.counts.silentTransfers, p.counts.breaches]);

describe('the friction report', () => {
  it('covers the current week and the weeks before it, in the tenant’s zone', () => {
    expect([lastWeek.weeks, lastWeek.period, lastWeek.timeZone]).toEqual([1, { from: '2026-12-07T00:00:00.000Z', to: '2026-12-14T00:00:00.000Z' }, 'Europe/London']);
    expect(twoWeeks.period.from).toBe('2026-11-30T00:00:00.000Z');
  });

  it('finds the rule of an escalation opened before the weeks it reads, from its history', () => {
    expect(ranked(lastWeek.rules)).toEqual([['no-rule', 2, 1, 1, 0, 0, 0]]);
    expect(lastWeek.unattributed).toBe(0);
    expect(ranked(lastWeek.incidentTypes)).toEqual([['type:security', 2, 1, 1, 0, 0, 0]]);
  });

  it('ranks rules by rework + not-our-scope + overdue acknowledgements + silent transfers + breaches', () => {
    expect(ranked(twoWeeks.rules)).toEqual([
      ['no-rule', 4, 1, 1, 1, 0, 1],
      ['rule:application-other', 3, 2, 1, 0, 0, 0],
      ['rule:network-major', 2, 0, 0, 1, 0, 1],
      ['rule:server-down', 1, 0, 0, 0, 1, 0],
    ]);
  });

  it('gives each rule its runbook, examples and a draft proposal naming the evidence', () => {
    const [noRule, application] = twoWeeks.rules;

    expect(application).toMatchObject({ runbook: 'https://kb.example.com/application-support', examples: ['4522'], escalations: 1 });
    expect(application!.draftProposal).toEqual({
      ruleId: 'application-other', ruleIndex: 5, matrixVersion: 'v1', runbook: 'https://kb.example.com/application-support',
      rationale: 'Weeks 2026-W49 to 2026-W50 under rule application-other: 2 handoffs sent back (1 as not our scope) (examples: 4522).',
    });
    expect(noRule!.draftProposal).toEqual({
      ruleId: null, ruleIndex: null, matrixVersion: null, runbook: null,
      rationale: 'Weeks 2026-W49 to 2026-W50 under no rule (the fallback owner): 1 handoff sent back (1 as not our scope), 1 overdue acknowledgement, 1 breach (examples: 4524).',
    });
  });
});
