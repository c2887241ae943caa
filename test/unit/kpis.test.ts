// KPIs over small hand-written event lists: each test names the one behaviour it pins down.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.js';
import type { AmbiguityCause, EscalationEvent, EventOf, RecordedEvent, RejectReason, TeamRef } from '../../shared/escalation/events.js';
import { computeKpis, type KpiReport, type Period } from '../../shared/kpi/kpis.js';

const WEEK: Period = { from: '2026-11-30T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' };
const IN = '2026-12-01T10:00:00.000Z';
const BEFORE = '2026-11-29T23:59:59.999Z';
const AFTER = '2026-12-07T00:00:00.001Z';

const desk: TeamRef = { team: 'service-desk', party: 'internal' };
const noc: TeamRef = { team: 'msp-noc', party: 'msp' };
const handoff = { handoffId: 'h1', from: desk, to: noc, notify: [desk, noc] };

const opened = (at: string): EventOf<'escalation.opened'> => ({
  type: 'escalation.opened', at, ticketId: 'T-1', owner: desk,
  plan: { generation: 1, dueAt: '2026-12-01T14:00:00.000Z', warnings: [] },
  incidentType: 'network', impactTier: 1, matrixVersion: 'v1', rule: { index: 0 }, coordinators: [desk, noc],
  sla: { policy: 'p1', ackMinutes: 15, resolveMinutes: 240, warnAt: [0.75], calendar: { id: 'always', timezone: 'UTC', alwaysOpen: true } },
});
const ambiguous = (at: string, cause: 'no-rule' | 'rule-conflict'): EventOf<'ownership.ambiguous'> =>
  ({ type: 'ownership.ambiguous', at, cause, detail: 'network × 1', notify: [desk, noc] });
const requested = (at: string): EventOf<'handoff.requested'> => ({
  type: 'handoff.requested', at, ...handoff, ackDueAt: at,
  record: {
    toTeam: 'msp-noc', diagnosis: 'Core switch down', actionsTaken: 'Rebooted', nextAction: 'Replace the switch',
    evidence: [{ label: 'Graph', url: 'https://example.com/graph' }], nextActionDueAt: '2026-12-01T12:00:00.000Z',
  },
});
const acknowledged = (at: string, waitedMinutes: number): EventOf<'handoff.acknowledged'> =>
  ({ type: 'handoff.acknowledged', at, ...handoff, waitedMinutes });
const rejected = (at: string, reason: RejectReason): EventOf<'handoff.rejected'> => ({ type: 'handoff.rejected', at, ...handoff, reason });
const ackOverdue = (at: string, recordedAt = at): EventOf<'handoff.ack-overdue'> => ({ type: 'handoff.ack-overdue', at, recordedAt, ...handoff, ackDueAt: at });
const silentTransfer = (at: string): EventOf<'ownership.silent-transfer'> =>
  ({ type: 'ownership.silent-transfer', at, fromGroupId: 1001, toGroupId: 2002, toTeam: noc, owner: desk, notify: [desk, noc] });
const warning = (at: string, recordedAt = at): EventOf<'sla.warning'> =>
  ({ type: 'sla.warning', at, recordedAt, generation: 1, fraction: 0.75, elapsedBusinessMinutes: 180, dueAt: at, owner: desk, notify: [desk, noc] });
const breached = (at: string, owner: TeamRef, recordedAt = at): EventOf<'sla.breached'> =>
  ({ type: 'sla.breached', at, recordedAt, generation: 1, elapsedBusinessMinutes: 240, dueAt: at, owner, notify: [desk, noc] });
const notificationFailed = (at: string): EventOf<'notification.failed'> =>
  ({ type: 'notification.failed', at, forSeq: 1, channel: 'slack', target: '#it', error: 'timeout', attempt: 3 });
const resolved = (at: string, facts: Partial<Pick<EventOf<'escalation.resolved'>, 'withinTarget' | 'handoffCount' | 'byParty' | 'inHandoff'>> = {}): EventOf<'escalation.resolved'> => ({
  type: 'escalation.resolved', at, resolution: 'Fixed', owner: desk, elapsedBusinessMinutes: 100, resolveMinutes: 240,
  withinTarget: true, handoffCount: 0, byParty: {}, inHandoff: {}, ...facts,
});

const recorded = (events: EscalationEvent[]): RecordedEvent[] => events.map((event, seq) => ({ ticketId: 'T-1', seq, event }));
const kpis = (events: EscalationEvent[], period: Period = WEEK): KpiReport => computeKpis(recorded(events), period);

describe('computeKpis', () => {
  it('counts SLA attainment only over the escalations resolved in the period', () => {
    const events = [resolved(IN, { withinTarget: true }), resolved(IN, { withinTarget: false }), resolved(BEFORE, { withinTarget: true }), resolved(AFTER, { withinTarget: true })];

    const report = kpis(events);

    expect(report.escalationSlaAttainment).toBe(0.5);
  });

  it('measures rework as handoffs rejected divided by handoffs requested', () => {
    const events = [requested(IN), requested(IN), requested(IN), requested(IN), rejected(IN, 'missing-information')];

    const report = kpis(events);

    expect(report.handoffReworkRate).toBe(0.25);
  });

  it.each<[AmbiguityCause, EscalationEvent]>([
    ['no-rule', ambiguous(IN, 'no-rule')],
    ['rule-conflict', ambiguous(IN, 'rule-conflict')],
    ['ack-overdue', ackOverdue(IN)],
    ['silent-transfer', silentTransfer(IN)],
    ['not-our-scope', rejected(IN, 'not-our-scope')],
  ])('counts a %s event as one ownership ambiguity incident of that cause', (cause, event) => {
    const report = kpis([event]);

    expect(report.ownershipAmbiguityIncidents.total).toBe(1);
    expect(report.ownershipAmbiguityIncidents.byCause[cause]).toBe(1);
  });

  it('does not count handoffs rejected for missing information or other reasons as ambiguity', () => {
    const report = kpis([rejected(IN, 'missing-information'), rejected(IN, 'other')]);

    expect(report.ownershipAmbiguityIncidents.total).toBe(0);
  });

  it('takes the median and p90 of acknowledgement waits by nearest rank', () => {
    const waits = [7, 1, 10, 3, 9, 2, 8, 4, 6, 5];

    const report = kpis(waits.map((w) => acknowledged(IN, w)));

    expect(report.timeToAcknowledgeMinutes).toEqual({ median: 5, p90: 9, count: 10 });
  });

  it('reports an observed wait as the median of an even count, never an average of two', () => {
    const report = kpis([40, 10, 30, 20].map((w) => acknowledged(IN, w)));

    expect(report.timeToAcknowledgeMinutes).toEqual({ median: 20, p90: 40, count: 4 });
  });

  it('keeps every acknowledgement wait when there are more than the buffer first holds', () => {
    const report = kpis(Array.from({ length: 3000 }, (_, i) => acknowledged(IN, i + 1)));

    expect(report.timeToAcknowledgeMinutes).toEqual({ median: 1500, p90: 2700, count: 3000 });
  });

  it('averages the handoff count of the escalations resolved in the period', () => {
    const events = [resolved(IN, { handoffCount: 0 }), resolved(IN, { handoffCount: 1 }), resolved(IN, { handoffCount: 5 }), resolved(BEFORE, { handoffCount: 9 })];

    const report = kpis(events);

    expect(report.handoffsPerEscalation).toBe(2);
  });

  it('sums the business minutes each party held the clock over the escalations resolved in the period', () => {
    const events = [
      resolved(IN, { byParty: { internal: 30, msp: 90 } }),
      resolved(IN, { byParty: { msp: 10 } }),
      resolved(AFTER, { byParty: { internal: 1000 } }),
    ];

    const report = kpis(events);

    expect(report.businessMinutesByParty).toEqual({ internal: 30, msp: 100 });
  });

  it('sums the minutes each party spent waiting in a handoff over the escalations resolved in the period', () => {
    const events = [resolved(IN, { inHandoff: { msp: 12 } }), resolved(IN, { inHandoff: { msp: 8, internal: 5 } }), resolved(BEFORE, { inHandoff: { msp: 99 } })];

    const report = kpis(events);

    expect(report.inHandoffMinutesByParty).toEqual({ msp: 20, internal: 5 });
  });

  it('counts breaches by the party that owned the escalation when it breached', () => {
    const events = [breached(IN, noc), breached(IN, noc), breached(IN, desk), breached(BEFORE, desk)];

    const report = kpis(events);

    expect(report.breachesByParty).toEqual({ msp: 2, internal: 1 });
  });

  it('gives null ratios and zero counts for a period in which nothing happened', () => {
    const events = [opened(BEFORE), requested(BEFORE), acknowledged(BEFORE, 5), resolved(AFTER), warning(AFTER), breached(AFTER, noc)];

    const report = kpis(events);

    expect(report).toMatchObject({
      escalationSlaAttainment: null, handoffReworkRate: null, handoffsPerEscalation: null,
      timeToAcknowledgeMinutes: { median: null, p90: null, count: 0 },
      ownershipAmbiguityIncidents: { total: 0 }, businessMinutesByParty: {}, breachesByParty: {},
      counts: { opened: 0, resolved: 0, handoffsRequested: 0, handoffsAcknowledged: 0, warnings: 0, breaches: 0 },
    });
  });

  it('counts an event stamped exactly at the start of the period', () => {
    const report = kpis([opened(WEEK.from)]);

    expect(report.counts.opened).toBe(1);
  });

  it('leaves out an event stamped exactly at the end of the period', () => {
    const report = kpis([opened(WEEK.to)]);

    expect(report.counts.opened).toBe(0);
  });

  it('compares instants, so an event stamped with an offset counts by when it happened', () => {
    // 00:30 in UTC+01:00 is 23:30 UTC the day before the period starts.
    const report = kpis([opened('2026-11-30T00:30:00+01:00'), opened('2026-12-06T23:30:00-01:00')]);

    expect(report.counts.opened).toBe(0);
  });

  it('places a warning, a breach and an overdue acknowledgement noticed after the period in the period they fell due', () => {
    const noticed = '2026-12-07T00:30:00Z';
    const events = [warning('2026-12-06T23:00:00Z', noticed), breached('2026-12-06T23:59:00Z', noc, noticed), ackOverdue('2026-12-06T22:00:00Z', noticed)];

    const week = kpis(events);
    const next = kpis(events, { from: WEEK.to, to: '2026-12-14T00:00:00Z' });

    expect([week.counts.warnings, week.counts.breaches, week.ownershipAmbiguityIncidents.byCause['ack-overdue']]).toEqual([1, 1, 1]);
    expect([next.counts.warnings, next.counts.breaches, next.ownershipAmbiguityIncidents.byCause['ack-overdue']]).toEqual([0, 0, 0]);
  });

  it('counts warnings, breaches, rejections and failed notifications in the period', () => {
    const events = [warning(IN), warning(IN), breached(IN, noc), rejected(IN, 'other'), notificationFailed(IN), notificationFailed(BEFORE)];

    const report = kpis(events);

    expect(report.counts).toMatchObject({ warnings: 2, breaches: 1, handoffsRejected: 1, notificationFailures: 1 });
  });

  it('refuses a period whose bounds are not instants', () => {
    expect(() => kpis([], { from: 'last monday', to: WEEK.to })).toThrow(ValidationError);
  });
});

describe('computeKpis over adjacent periods', () => {
  const START = Date.parse(WEEK.from);
  const SPAN_MINUTES = 7 * 24 * 60;
  const minute = (m: number, offsetHours: number): string => {
    // The same instant written with a UTC offset, so the split is decided by instants, not by strings.
    const local = new Date(START + m * 60_000 + offsetHours * 3_600_000).toISOString().slice(0, 19);
    const sign = offsetHours < 0 ? '-' : '+';
    return `${local}${sign}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
  };
  const eventAt = (kind: number, at: string, n: number): EscalationEvent => {
    const makers: ((at: string, n: number) => EscalationEvent)[] = [
      opened, requested, (a, w) => acknowledged(a, w), (a) => rejected(a, 'not-our-scope'), (a) => rejected(a, 'other'),
      (a) => ackOverdue(a), silentTransfer, (a) => ambiguous(a, 'no-rule'), (a) => warning(a), (a) => breached(a, noc), notificationFailed,
      (a, x) => resolved(a, { withinTarget: x % 2 === 0, handoffCount: x % 4, byParty: { internal: x, msp: 2 * x }, inHandoff: { msp: x } }),
    ];
    return (makers[kind % makers.length] ?? opened)(at, n);
  };
  const arbEvent = fc
    .record({ kind: fc.nat(11), m: fc.integer({ min: -60, max: SPAN_MINUTES + 60 }), offset: fc.integer({ min: -11, max: 12 }), n: fc.nat(500) })
    .map(({ kind, m, offset, n }) => eventAt(kind, minute(m, offset), n));

  it('adds up the counts of two adjacent periods to those of the whole', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 80 }), fc.integer({ min: 0, max: SPAN_MINUTES }), (events, splitMinute) => {
        const split = new Date(START + splitMinute * 60_000).toISOString();
        const whole = kpis(events, WEEK);
        const first = kpis(events, { from: WEEK.from, to: split });
        const second = kpis(events, { from: split, to: WEEK.to });

        for (const key of Object.keys(whole.counts) as (keyof KpiReport['counts'])[]) {
          expect(first.counts[key] + second.counts[key]).toBe(whole.counts[key]);
        }
        for (const cause of Object.keys(whole.ownershipAmbiguityIncidents.byCause) as AmbiguityCause[]) {
          expect(first.ownershipAmbiguityIncidents.byCause[cause] + second.ownershipAmbiguityIncidents.byCause[cause]).toBe(whole.ownershipAmbiguityIncidents.byCause[cause]);
        }
        expect(first.timeToAcknowledgeMinutes.count + second.timeToAcknowledgeMinutes.count).toBe(whole.timeToAcknowledgeMinutes.count);
        for (const party of ['internal', 'msp']) {
          expect((first.businessMinutesByParty[party] ?? 0) + (second.businessMinutesByParty[party] ?? 0)).toBe(whole.businessMinutesByParty[party] ?? 0);
          expect((first.breachesByParty[party] ?? 0) + (second.breachesByParty[party] ?? 0)).toBe(whole.breachesByParty[party] ?? 0);
        }
      }),
    );
  });
});
