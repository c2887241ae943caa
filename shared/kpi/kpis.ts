/** The weekly-review KPIs, computed in one pass over recorded events (definitions: docs/kpis.md). */
import { ValidationError } from '../errors.js';
import { AMBIGUITY_CAUSES, type AmbiguityCause, type RecordedEvent } from '../escalation/events.js';
import { unreachable } from '../unreachable.js';
import { SampleBuffer, Totals, nearestRank } from './samples.js';

/** A reporting window of ISO instants, half-open: an event counts when `from <= at < to`. */
export interface Period {
  from: string;
  to: string;
}

export interface KpiCounts {
  opened: number;
  resolved: number;
  resolvedWithinTarget: number;
  handoffsRequested: number;
  handoffsAcknowledged: number;
  handoffsRejected: number;
  warnings: number;
  breaches: number;
  notificationFailures: number;
}

export interface KpiReport {
  period: Period;
  /** Escalations resolved within their resolution target ÷ escalations resolved in the period; null when none resolved. */
  escalationSlaAttainment: number | null;
  /** Handoffs rejected (sent back) ÷ handoffs requested in the period; null when none requested. */
  handoffReworkRate: number | null;
  /** No-rule matches + rule conflicts + overdue acknowledgements + silent transfers + handoffs rejected as "not our scope". */
  ownershipAmbiguityIncidents: { total: number; byCause: Record<AmbiguityCause, number> };
  /** Over `handoff.acknowledged.waitedMinutes`; nearest-rank percentiles (always an observed wait). */
  timeToAcknowledgeMinutes: { median: number | null; p90: number | null; count: number };
  /** Mean `handoffCount` of the escalations resolved in the period; null when none resolved. */
  handoffsPerEscalation: number | null;
  /** Sum of `byParty` (business minutes each party held the clock) of the escalations resolved in the period. */
  businessMinutesByParty: Record<string, number>;
  /** Sum of `inHandoff` (business minutes spent waiting in a handoff, by receiving party) likewise. */
  inHandoffMinutesByParty: Record<string, number>;
  /** `sla.breached` events in the period, by the owning party at the breach. */
  breachesByParty: Record<string, number>;
  counts: KpiCounts;
}

function instantOf(value: string, field: keyof Period): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ValidationError('Invalid KPI period', [{ path: field, message: 'Use an ISO instant, e.g. 2026-11-30T00:00:00Z' }]);
  return ms;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function sumInto(totals: Totals, minutes: Record<string, number>): void {
  // for…in rather than Object.entries: no array per event on the hot path.
  for (const party in minutes) totals.add(party, minutes[party] ?? 0);
}

/**
 * Computes the review's KPIs over the events whose `at` lies in `[period.from, period.to)`.
 *
 * One pass, any order, any mix of tickets. Instants are compared as numbers: each relevant event's `at`
 * is parsed once with Date.parse, so "2026-11-30T10:00:00+01:00" and "2026-11-30T09:00:00Z" are the same
 * instant (a lexical comparison would not be safe, because events may carry an offset). An event whose
 * `at` does not parse is outside every period. Event types no KPI reads are skipped without parsing.
 *
 * @example
 * const report = computeKpis(recorded, { from: '2026-11-30T00:00:00Z', to: '2026-12-07T00:00:00Z' });
 * report.escalationSlaAttainment; // e.g. 0.9 — 9 of the 10 resolutions that week met their target
 */
export function computeKpis(events: Iterable<RecordedEvent>, period: Period): KpiReport {
  const from = instantOf(period.from, 'from');
  const to = instantOf(period.to, 'to');
  const inPeriod = (at: string): boolean => {
    const ms = Date.parse(at);
    return ms >= from && ms < to;
  };

  const counts: KpiCounts = {
    opened: 0, resolved: 0, resolvedWithinTarget: 0, handoffsRequested: 0, handoffsAcknowledged: 0,
    handoffsRejected: 0, warnings: 0, breaches: 0, notificationFailures: 0,
  };
  const byCause = Object.fromEntries(AMBIGUITY_CAUSES.map((cause) => [cause, 0])) as Record<AmbiguityCause, number>;
  const ackWaits = new SampleBuffer();
  const businessMinutes = new Totals();
  const inHandoffMinutes = new Totals();
  const breaches = new Totals();
  let handoffsOfResolved = 0;

  for (const { event } of events) {
    switch (event.type) {
      case 'escalation.opened':
        if (inPeriod(event.at)) counts.opened++;
        break;
      case 'ownership.ambiguous':
        if (inPeriod(event.at)) byCause[event.cause]++;
        break;
      case 'handoff.requested':
        if (inPeriod(event.at)) counts.handoffsRequested++;
        break;
      case 'handoff.acknowledged':
        if (inPeriod(event.at)) {
          counts.handoffsAcknowledged++;
          ackWaits.push(event.waitedMinutes);
        }
        break;
      case 'handoff.rejected':
        if (inPeriod(event.at)) {
          counts.handoffsRejected++;
          if (event.reason === 'not-our-scope') byCause['not-our-scope']++;
        }
        break;
      case 'handoff.ack-overdue':
        if (inPeriod(event.at)) byCause['ack-overdue']++;
        break;
      case 'ownership.silent-transfer':
        if (inPeriod(event.at)) byCause['silent-transfer']++;
        break;
      case 'sla.warning':
        if (inPeriod(event.at)) counts.warnings++;
        break;
      case 'sla.breached':
        if (inPeriod(event.at)) {
          counts.breaches++;
          breaches.add(event.owner.party, 1);
        }
        break;
      case 'escalation.resolved':
        if (inPeriod(event.at)) {
          counts.resolved++;
          if (event.withinTarget) counts.resolvedWithinTarget++;
          handoffsOfResolved += event.handoffCount;
          sumInto(businessMinutes, event.byParty);
          sumInto(inHandoffMinutes, event.inHandoff);
        }
        break;
      case 'notification.failed':
        if (inPeriod(event.at)) counts.notificationFailures++;
        break;
      case 'escalation.reclassified':
      case 'sla.paused':
      case 'sla.resumed':
      case 'notification.sent':
        break;
      default:
        return unreachable(event);
    }
  }

  const waits = ackWaits.sorted();
  let ambiguityTotal = 0;
  for (const cause of AMBIGUITY_CAUSES) ambiguityTotal += byCause[cause];

  return {
    period: { from: period.from, to: period.to },
    escalationSlaAttainment: ratio(counts.resolvedWithinTarget, counts.resolved),
    handoffReworkRate: ratio(counts.handoffsRejected, counts.handoffsRequested),
    ownershipAmbiguityIncidents: { total: ambiguityTotal, byCause },
    timeToAcknowledgeMinutes: { median: nearestRank(waits, 50), p90: nearestRank(waits, 90), count: waits.length },
    handoffsPerEscalation: ratio(handoffsOfResolved, counts.resolved),
    businessMinutesByParty: businessMinutes.toRecord(),
    inHandoffMinutesByParty: inHandoffMinutes.toRecord(),
    breachesByParty: breaches.toRecord(),
    counts,
  };
}
