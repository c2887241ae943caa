import { describe, expect, it } from 'vitest';
import { BackendError, QUOTA_MESSAGE } from '../../freshservice-app/src/backend.js';
import type { FdkClient } from '../../freshservice-app/src/fdk.js';
import { ReviewBackend } from '../../freshservice-app/src/review/api.js';
import { baselineBody, baselineRows, checkBaselineForm, startBaselineForm, type Baseline } from '../../freshservice-app/src/review/baselines.js';
import { KpiAccumulator } from '../../shared/kpi/kpis.js';

type Call = { name: string; options: { context?: Record<string, string | number>; body?: string } };

/** The FDK client's request method: answers (or rejects) as `answer` says, and records each call. */
function client(answer: () => Promise<{ status: number; response: string }>): { client: Pick<FdkClient, 'request'>; calls: Call[] } {
  const calls: Call[] = [];
  return { calls, client: { request: { invokeTemplate: (name, options) => (calls.push({ name, options }), answer()) } } };
}

/** A baseline as the API keeps it, over [from, to), with its three KPIs. */
function baseline(version: number, from: string, to: string, kpis: { attainment: number | null; rework: number | null; ambiguity: number }, note?: string): Baseline {
  const counted = new KpiAccumulator({ from, to }).result();
  return {
    version,
    from,
    to,
    capturedAt: '2026-11-09T09:30:00.000Z',
    actor: { id: 'agent-anna', name: 'Anna' },
    ...(note ? { note } : {}),
    kpis: { ...counted, escalationSlaAttainment: kpis.attainment, handoffReworkRate: kpis.rework, ownershipAmbiguityIncidents: { ...counted.ownershipAmbiguityIncidents, total: kpis.ambiguity } },
  };
}

describe('capturing a baseline from the review page', () => {
  it('offers the whole weeks before the one Baton’s clock is in, as dates', () => {
    expect(startBaselineForm('2026-W50')).toEqual({ from: '2026-11-09', to: '2026-12-07', note: '' });
    expect(startBaselineForm('2027-W02').from).toBe('2026-12-14');
  });

  it('checks the period and the note by the API’s field names before anything is sent', () => {
    const form = startBaselineForm('2026-W50');

    expect(checkBaselineForm(form)).toEqual([]);
    expect(checkBaselineForm({ from: '', to: '2026-02-30', note: '' }).map((i) => i.path)).toEqual(['from', 'to']);
    expect(checkBaselineForm({ ...form, to: form.from })).toEqual([{ path: 'to', message: 'The period ends after it starts: pick a later "to"' }]);
    expect(checkBaselineForm({ ...form, from: '2026-09-06' })).toEqual([{ path: 'to', message: 'A baseline covers at most 91 days (13 weeks)' }]);
    expect(checkBaselineForm({ ...form, from: '2026-09-07' })).toEqual([]);
    expect(checkBaselineForm({ ...form, note: 'x'.repeat(1001) })).toEqual([{ path: 'note', message: 'The note is at most 1000 characters' }]);
  });

  it('sends the period, the note when there is one, and the agent through the captureBaseline template', async () => {
    const { client: c, calls } = client(async () => ({ status: 201, response: JSON.stringify(baseline(2, '2026-11-09T00:00:00.000Z', '2026-12-07T00:00:00.000Z', { attainment: 0.7, rework: 0.1, ambiguity: 4 })) }));
    const backend = new ReviewBackend(c);

    const captured = await backend.captureBaseline({ ...baselineBody({ from: '2026-11-09', to: '2026-12-07', note: '  Before the pilot ' }), actor: { id: 'agent-anna' } });
    await backend.captureBaseline({ ...baselineBody({ from: '2026-11-09', to: '2026-12-07', note: ' ' }), actor: { id: 'agent-anna' } });

    expect(captured.version).toBe(2);
    expect(calls).toEqual([
      { name: 'captureBaseline', options: { context: {}, body: '{"from":"2026-11-09","to":"2026-12-07","note":"Before the pilot","actor":{"id":"agent-anna"}}' } },
      { name: 'captureBaseline', options: { context: {}, body: '{"from":"2026-11-09","to":"2026-12-07","actor":{"id":"agent-anna"}}' } },
    ]);
  });

  it('shows a party key’s refusal as Baton’s own message, and the app limit as the platform’s', async () => {
    const message = "This API key (k_msp, scope party:msp) sees its party's figures only; capturing a baseline needs a tenant key";
    const party = new ReviewBackend(client(() => Promise.reject({ status: 403, response: JSON.stringify({ error: { code: 'forbidden', message } }) })).client);
    const limited = new ReviewBackend(client(() => Promise.reject({ status: 429, response: '' })).client);

    await expect(party.captureBaseline({ from: '2026-11-09', to: '2026-12-07', actor: { id: 'agent-anna' } })).rejects.toEqual(new BackendError(message, 403, 'forbidden'));
    await expect(limited.baselines()).rejects.toThrow(QUOTA_MESSAGE);
  });
});

describe('the kept baselines on the review page', () => {
  const list = {
    items: [
      baseline(1, '2026-10-04T23:00:00.000Z', '2026-10-18T23:00:00.000Z', { attainment: 0.6, rework: 0.25, ambiguity: 6 }, 'Before the pilot'),
      baseline(2, '2026-11-09T00:00:00.000Z', '2026-12-07T00:00:00.000Z', { attainment: null, rework: 0.125, ambiguity: 10 }),
    ],
    current: 2,
  };

  it('lists them newest first, the current one marked, each period to its last day in the tenant’s zone', () => {
    const rows = baselineRows(list, 'Europe/London', 'en-GB');

    expect(rows.map((r) => [r.version, r.current])).toEqual([[2, true], [1, false]]);
    expect(rows[1]).toMatchObject({ period: 'Mon, 5 Oct 2026 – Sun, 18 Oct 2026', attainment: '60 %', rework: '25 %', ambiguity: '6 (3 a week)', note: 'Before the pilot' });
  });

  it('shows a ratio with nothing to divide as a dash and a mean count with one decimal', () => {
    expect(baselineRows(list, 'Europe/London', 'en-GB')[0]).toMatchObject({ attainment: '—', rework: '13 %', ambiguity: '10 (2.5 a week)', captured: expect.stringMatching(/by Anna$/), note: '' });
  });
});
