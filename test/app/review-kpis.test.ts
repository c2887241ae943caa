import { describe, expect, it } from 'vitest';
import { ambiguityBars, businessTimeBars } from '../../freshservice-app/src/review/breakdowns.js';
import { count, hoursText, movementText, percent } from '../../freshservice-app/src/review/format.js';
import { kpiCards } from '../../freshservice-app/src/review/kpi-cards.js';
import { namesOf } from '../../freshservice-app/src/review/names.js';
import { readReport } from '../../freshservice-app/src/review/report.js';
import { testMatrix } from '../fixtures/matrix.js';
import { weeklyReport } from './fixtures/weekly-report.js';

const names = namesOf(testMatrix);

describe('how the review writes its figures', () => {
  it('writes a ratio as a whole percentage and a missing one as a dash, never 0 %', () => {
    expect([percent(0.6667), percent(0), percent(null), percent(Number.NaN)]).toEqual(['67 %', '0 %', '—', '—']);
  });

  it('writes movement with its sign, as docs/kpis.md defines it', () => {
    expect([movementText(0.1), movementText(-0.25), movementText(0.001), movementText(null)]).toEqual(['+10 %', '−25 %', '±0 %', '—']);
  });

  it('writes hours whole from ten, with a decimal below', () => {
    expect([hoursText(41.3), hoursText(2.25), hoursText(0)]).toEqual(['41 h', '2.3 h', '0 h']);
  });

  it('writes a mean count with one decimal and a whole one without', () => {
    expect([count(4), count(2.25), count(null)]).toEqual(['4', '2.3', '—']);
  });
});

describe('the KPI cards', () => {
  it('shows this week’s attainment against the baseline, its movement and the target band in percent', () => {
    const [attainment] = kpiCards(weeklyReport(), names, 'en-GB');

    expect(attainment).toMatchObject({
      kpi: 'escalationSlaAttainment',
      value: '75 %',
      detail: '3 of 4 resolved within target',
      baseline: '60 % (baseline 1, Mon, 2 Nov 2026 – Sun, 15 Nov 2026)',
      movement: '+25 %',
      previousWeeks: '+7 %',
      target: { band: '+10 % to +25 % (66 %–75 %)', status: 'met', statusText: 'Target met', due: 'Fri, 15 Jan 2027' },
    });
  });

  it('turns the band into the KPI’s own values from the baseline: rework −10 to −25 % of 40 %', () => {
    const [, rework] = kpiCards(weeklyReport(), names, 'en-GB');

    expect(rework!.chart.band!.from).toBeCloseTo(0.36);
    expect(rework!.chart.band!.to).toBeCloseTo(0.3);
    expect(rework!.target!.band).toBe('−25 % to −10 % (30 %–36 %)');
  });

  it('charts both parties and each party by week, a party missing from a week as unknown', () => {
    const [attainment] = kpiCards(weeklyReport(), names, 'en-GB');

    expect(attainment!.chart.categories).toEqual(['W45', 'W46', 'W47', 'W48', 'W49']);
    expect(attainment!.chart.series.map((s) => [s.label, s.values])).toEqual([
      ['Both parties', [0.5, 0.7, null, 0.6, 0.75]],
      ['Contoso IT', [0.5, null, null, null, 0.5]],
      ['Acme MSP', [null, null, null, 1, 1]],
    ]);
  });

  it('counts ambiguity incidents against the baseline’s incidents per week', () => {
    const ambiguity = kpiCards(weeklyReport(), names, 'en-GB')[2]!;

    expect(ambiguity).toMatchObject({ value: '3', baseline: expect.stringMatching(/^5 \(baseline 1/), movement: '−40 %', target: { status: 'on-track', statusText: 'On track' } });
    expect(ambiguity.chart.band).toEqual({ from: 4, to: 2.5 });
    expect(ambiguity.chart.series[0]!.values).toEqual([6, 4, 0, 5, 3]);
  });

  it('shows no baseline, movement or target before a baseline is captured', () => {
    const [attainment] = kpiCards(weeklyReport({ baseline: null, movement: { baseline: null, previousWeeks: null }, targets: [] }), names, 'en-GB');

    expect(attainment).toMatchObject({ baseline: null, movement: '—', previousWeeks: '—', target: null });
    expect(attainment!.chart).toMatchObject({ baseline: null, band: null });
  });

  it('says when there is nothing to judge a target on', () => {
    const report = weeklyReport();
    report.targets[0] = { ...report.targets[0]!, movement: null, status: null };

    expect(kpiCards(report, names, 'en-GB')[0]!.target).toMatchObject({ status: null, statusText: 'Nothing to judge this week' });
  });
});

describe('the week’s breakdowns', () => {
  it('splits each party’s business time into the part spent waiting in a handoff and the rest', () => {
    const rows = businessTimeBars(weeklyReport(), names).rows.map((r) => [r.label, r.segments.map((s) => [s.key, Math.round(s.value * 60)])]);

    // In hours: 345 minutes of Contoso IT's, 40 of them waiting to acknowledge; Acme MSP 365, 27.
    expect(rows).toEqual([
      ['Contoso IT', [['held', 305], ['handoff', 40]]],
      ['Acme MSP', [['held', 338], ['handoff', 27]]],
    ]);
  });

  it('lists every ambiguity cause, those with none at 0', () => {
    expect(ambiguityBars(weeklyReport()).rows.map((r) => [r.label, r.segments[0]!.value])).toEqual([
      ['No rule matched', 0],
      ['Rules in conflict', 0],
      ['Acknowledgement overdue', 1],
      ['Silent transfer', 1],
      ['Rejected as not our scope', 1],
    ]);
  });
});

describe('reading the weekly report', () => {
  it('takes a tenant’s report', () => {
    expect(readReport(JSON.parse(JSON.stringify(weeklyReport())))).toMatchObject({ ok: true, report: { week: '2026-W49' } });
  });

  it('refuses a party-scoped key’s report, naming the key as the cause', () => {
    expect(readReport({ ...weeklyReport(), scope: { party: 'msp' } })).toEqual({ ok: false, message: expect.stringContaining('party-scoped') });
  });

  it('names the sections an older Baton does not send', () => {
    const { targets: _targets, frictionPoints: _friction, ...older } = weeklyReport();

    expect(readReport(older)).toEqual({ ok: false, message: expect.stringContaining('targets, frictionPoints') });
    expect(readReport('<html>')).toMatchObject({ ok: false });
  });
});
