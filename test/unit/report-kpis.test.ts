// Attainment and rework per party, as docs/kpis.md defines them, over hand-written events.
import { describe, expect, it } from 'vitest';
import type { EscalationEvent, EventOf, RecordedEvent, TeamRef } from '../../shared/escalation/events.js';
import { computeKpis } from '../../shared/kpi/kpis.js';

const WEEK = { from: '2026-11-30T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' };
const IN = '2026-12-01T10:00:00.000Z';
const BEFORE = '2026-11-29T10:00:00.000Z';
const desk: TeamRef = { team: 'service-desk', party: 'internal' };
const noc: TeamRef = { team: 'msp-noc', party: 'msp' };

const resolved = (owner: TeamRef, withinTarget: boolean, at = IN): EventOf<'escalation.resolved'> => ({
  type: 'escalation.resolved', at, resolution: 'Fixed', owner, elapsedBusinessMinutes: 100, resolveMinutes: 240, withinTarget, handoffCount: 1, byParty: {}, inHandoff: {},
});
const record = { toTeam: 'x', diagnosis: 'd', actionsTaken: 'a', evidence: [{ label: 'l', url: 'https://e.example' }], nextAction: 'n', nextActionDueAt: IN };
const requested = (from: TeamRef, to: TeamRef, at = IN): EventOf<'handoff.requested'> => ({ type: 'handoff.requested', at, handoffId: 'h', from, to, record, ackDueAt: at, notify: [to] });
const rejected = (from: TeamRef, to: TeamRef): EventOf<'handoff.rejected'> => ({ type: 'handoff.rejected', at: IN, handoffId: 'h', from, to, reason: 'missing-information', notify: [from] });
const kpis = (events: EscalationEvent[]) => computeKpis(events.map((event, i): RecordedEvent => ({ ticketId: `T-${i}`, seq: 1, event })), WEEK);

describe('KPIs per party', () => {
  it('counts each resolution for the party that owned the escalation when it was resolved', () => {
    const report = kpis([resolved(noc, true), resolved(noc, false), resolved(noc, true), resolved(desk, false), resolved(desk, true, BEFORE)]);

    expect(report.byParty.msp).toMatchObject({ resolved: 3, resolvedWithinTarget: 2, escalationSlaAttainment: 2 / 3 });
    expect(report.byParty.internal).toMatchObject({ resolved: 1, resolvedWithinTarget: 0, escalationSlaAttainment: 0 });
  });

  it('counts each handoff, and its rejection, for the party that sent it', () => {
    const report = kpis([requested(desk, noc), requested(desk, noc), requested(noc, desk), requested(desk, noc), rejected(desk, noc)]);

    expect(report.byParty.internal).toMatchObject({ handoffsRequested: 3, handoffsRejected: 1, handoffReworkRate: 1 / 3 });
    expect(report.byParty.msp).toMatchObject({ handoffsRequested: 1, handoffsRejected: 0, handoffReworkRate: 0 });
  });

  it('gives a party null ratios for what it had nothing to divide by', () => {
    const report = kpis([requested(noc, desk)]);

    expect(report.byParty.msp).toEqual({ resolved: 0, resolvedWithinTarget: 0, escalationSlaAttainment: null, handoffsRequested: 1, handoffsRejected: 0, handoffReworkRate: 0 });
    expect(report.byParty.internal).toBeUndefined();
  });
});
