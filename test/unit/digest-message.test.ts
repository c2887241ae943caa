/** The weekly digest's text from a report: movement against the baseline, the target marks, the worst breach. */
import { describe, expect, it } from 'vitest';
import type { BreachedEscalation } from '../../lambdas/app/reports/breached.js';
import { digestMessage, worstBreach } from '../../lambdas/app/reports/digest-message.js';
import { weeklyReport } from '../app/fixtures/weekly-report.js';
import { testMatrixDocument as document } from '../fixtures/matrix.js';

const breach = (ticketId: string, change: Partial<BreachedEscalation>): BreachedEscalation => ({
  ticketId,
  subject: `Ticket ${ticketId}`,
  incidentType: 'network',
  impactTier: 2,
  matrixVersion: 'v1',
  runbook: null,
  breachedAt: '2026-12-01T10:00:00.000Z',
  recordedAt: '2026-12-01T10:00:00.000Z',
  ownerAtBreach: { team: 'msp-noc', party: 'msp' },
  state: 'resolved',
  owner: { team: 'msp-noc', party: 'msp' },
  resolvedAt: '2026-12-01T11:00:00.000Z',
  handoffs: [],
  ...change,
});

describe('digestMessage', () => {
  it('gives each KPI its movement against the baseline and where it stands against the seed’s target', () => {
    const message = digestMessage({ report: weeklyReport(), document, reviewUrl: 'https://contoso.freshservice.com/a/apps/baton' });

    expect(message.comparedWith).toBe('against baseline v1 (Mon 2 Nov – Sun 15 Nov 2026)');
    expect(message.kpis).toEqual([
      { label: 'Escalation SLA attainment', value: '75 %', movement: '+25 % vs baseline', target: 'Target +10–25 % by Fri 15 Jan: met', detail: 'Contoso IT 50 % · Acme MSP 100 %' },
      { label: 'Handoff rework rate', value: '20 %', movement: '−50 % vs baseline', target: 'Target −10–25 % by Fri 15 Jan: met', detail: 'Contoso IT 50 % · Acme MSP 0 %' },
      { label: 'Ownership ambiguity incidents', value: '3', movement: '−40 % vs baseline', target: 'Target −20–50 % by Fri 15 Jan: on track', detail: 'Acknowledgement overdue 1 · Silent transfer 1 · Rejected as not our scope 1' },
    ]);
    expect(message.link).toEqual({ label: 'Open the weekly review', url: 'https://contoso.freshservice.com/a/apps/baton' });
    expect(message.worstBreach).toBeNull();
  });

  it('compares with the previous 4 weeks without a baseline, and says a ratio with nothing to divide in words', () => {
    const report = weeklyReport({ baseline: null, targets: [] });
    report.movement.baseline = null;
    report.kpis.escalationSlaAttainment = null;

    const message = digestMessage({ report, document, reviewUrl: null });

    expect(message.comparedWith).toBe('no baseline captured yet: against the previous 4 weeks');
    expect(message.kpis.map((k) => [k.value, k.movement, k.target])).toEqual([
      ['no escalation resolved', '+7 % vs previous 4 weeks', null],
      ['20 %', '−30 % vs previous 4 weeks', null],
      ['3', '−20 % vs previous 4 weeks', null],
    ]);
    expect(message.link).toBeNull();
  });
});

describe('worstBreach', () => {
  const asOf = Date.parse('2026-12-08T09:00:00Z');

  it('puts the highest impact first, whatever else', () => {
    const worst = worstBreach([breach('A', { impactTier: 2, state: 'open', resolvedAt: null }), breach('B', { impactTier: 1 })], asOf);

    expect(worst?.ticketId).toBe('B');
  });

  it('at the same tier, one still open before one resolved', () => {
    const worst = worstBreach([breach('A', {}), breach('B', { state: 'open', resolvedAt: null })], asOf);

    expect(worst?.ticketId).toBe('B');
  });

  it('then the one left unresolved longest past its breach', () => {
    const worst = worstBreach([breach('A', {}), breach('B', { resolvedAt: '2026-12-01T15:00:00.000Z' }), breach('C', { resolvedAt: '2026-12-01T10:30:00.000Z' })], asOf);

    expect(worst?.ticketId).toBe('B');
  });

  it('is null for a week without breaches', () => {
    expect(worstBreach([], asOf)).toBeNull();
  });
});
