/** The weekly-review KPIs, computed in one pass over recorded events (definitions: docs/kpis.md). */
import { ValidationError } from '../errors.js';
import { AMBIGUITY_CAUSES, type AmbiguityCause, type EscalationEvent, type RecordedEvent } from '../escalation/events.js';
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

/**
 * One party's share of the two ratio KPIs: each resolution counts for the party that owned the escalation
 * when it was resolved, each handoff for the party that sent it (whose record a rejection sent back).
 */
export interface PartyKpis {
  resolved: number;
  resolvedWithinTarget: number;
  /** resolvedWithinTarget ÷ resolved; null when the party resolved none. */
  escalationSlaAttainment: number | null;
  handoffsRequested: number;
  handoffsRejected: number;
  /** handoffsRejected ÷ handoffsRequested; null when the party sent none. */
  handoffReworkRate: number | null;
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
  /** Attainment and rework per party (ambiguity is by cause, not by party). */
  byParty: Record<string, PartyKpis>;
  counts: KpiCounts;
}

/**
 * A period's bounds as epoch milliseconds; a bound that is not an instant is refused, naming the field.
 * @example periodBounds({ from: '2026-11-30T00:00:00Z', to: '2026-12-07T00:00:00Z' }) // { from: 1796169600000, to: 1796774400000 }
 */
export function periodBounds(period: Period): { from: number; to: number } {
  const instantOf = (field: keyof Period): number => {
    const ms = Date.parse(period[field]);
    if (Number.isNaN(ms)) throw new ValidationError('Invalid KPI period', [{ path: field, message: 'Use an ISO instant, e.g. 2026-11-30T00:00:00Z' }]);
    return ms;
  };
  return { from: instantOf('from'), to: instantOf('to') };
}

export const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function sumInto(totals: Totals, minutes: Record<string, number>): void {
  // for…in rather than Object.entries: no array per event on the hot path.
  for (const party in minutes) totals.add(party, minutes[party] ?? 0);
}

/**
 * The KPIs of one period, fed event by event (in any order, tickets mixed), so a report can read its
 * events page by page and keep only counters. `computeKpis` is this over an iterable.
 * @example const acc = new KpiAccumulator(week); for (const page of pages) for (const e of page) acc.add(e.event); acc.result();
 */
export class KpiAccumulator {
  private readonly from: number;
  private readonly to: number;
  private readonly counts: KpiCounts = {
    opened: 0, resolved: 0, resolvedWithinTarget: 0, handoffsRequested: 0, handoffsAcknowledged: 0,
    handoffsRejected: 0, warnings: 0, breaches: 0, notificationFailures: 0,
  };
  private readonly byCause = Object.fromEntries(AMBIGUITY_CAUSES.map((cause) => [cause, 0])) as Record<AmbiguityCause, number>;
  private readonly ackWaits = new SampleBuffer();
  private readonly businessMinutes = new Totals();
  private readonly inHandoffMinutes = new Totals();
  private readonly breaches = new Totals();
  private readonly resolvedBy = new Totals();
  private readonly withinTargetBy = new Totals();
  private readonly requestedBy = new Totals();
  private readonly rejectedBy = new Totals();
  private handoffsOfResolved = 0;

  constructor(readonly period: Period) {
    ({ from: this.from, to: this.to } = periodBounds(period));
  }

  /** Whether an instant lies in the period; one that does not parse lies in none. */
  includes(at: string): boolean {
    const ms = Date.parse(at);
    return ms >= this.from && ms < this.to;
  }

  add(event: EscalationEvent): void {
    const { counts, byCause } = this;
    switch (event.type) {
      case 'escalation.opened':
        if (this.includes(event.at)) counts.opened++;
        break;
      case 'ownership.ambiguous':
        if (this.includes(event.at)) byCause[event.cause]++;
        break;
      case 'handoff.requested':
        if (this.includes(event.at)) {
          counts.handoffsRequested++;
          this.requestedBy.add(event.from.party, 1);
        }
        break;
      case 'handoff.acknowledged':
        if (this.includes(event.at)) {
          counts.handoffsAcknowledged++;
          this.ackWaits.push(event.waitedMinutes);
        }
        break;
      case 'handoff.rejected':
        if (this.includes(event.at)) {
          counts.handoffsRejected++;
          this.rejectedBy.add(event.from.party, 1);
          if (event.reason === 'not-our-scope') byCause['not-our-scope']++;
        }
        break;
      case 'handoff.ack-overdue':
        if (this.includes(event.at)) byCause['ack-overdue']++;
        break;
      case 'ownership.silent-transfer':
        if (this.includes(event.at)) byCause['silent-transfer']++;
        break;
      case 'sla.warning':
        if (this.includes(event.at)) counts.warnings++;
        break;
      case 'sla.breached':
        if (this.includes(event.at)) {
          counts.breaches++;
          this.breaches.add(event.owner.party, 1);
        }
        break;
      case 'escalation.resolved':
        if (this.includes(event.at)) {
          counts.resolved++;
          this.resolvedBy.add(event.owner.party, 1);
          if (event.withinTarget) {
            counts.resolvedWithinTarget++;
            this.withinTargetBy.add(event.owner.party, 1);
          }
          this.handoffsOfResolved += event.handoffCount;
          sumInto(this.businessMinutes, event.byParty);
          sumInto(this.inHandoffMinutes, event.inHandoff);
        }
        break;
      case 'notification.failed':
        if (this.includes(event.at)) counts.notificationFailures++;
        break;
      case 'escalation.reclassified':
      case 'sla.paused':
      case 'sla.resumed':
      case 'notification.sent':
        break;
      default:
        unreachable(event);
    }
  }

  result(): KpiReport {
    const { counts, byCause } = this;
    const waits = this.ackWaits.sorted();
    let ambiguityTotal = 0;
    for (const cause of AMBIGUITY_CAUSES) ambiguityTotal += byCause[cause];
    return {
      period: { from: this.period.from, to: this.period.to },
      escalationSlaAttainment: ratio(counts.resolvedWithinTarget, counts.resolved),
      handoffReworkRate: ratio(counts.handoffsRejected, counts.handoffsRequested),
      ownershipAmbiguityIncidents: { total: ambiguityTotal, byCause: { ...byCause } },
      timeToAcknowledgeMinutes: { median: nearestRank(waits, 50), p90: nearestRank(waits, 90), count: waits.length },
      handoffsPerEscalation: ratio(this.handoffsOfResolved, counts.resolved),
      businessMinutesByParty: this.businessMinutes.toRecord(),
      inHandoffMinutesByParty: this.inHandoffMinutes.toRecord(),
      breachesByParty: this.breaches.toRecord(),
      byParty: this.partyKpis(),
      counts: { ...counts },
    };
  }

  private partyKpis(): Record<string, PartyKpis> {
    const resolved = this.resolvedBy.toRecord();
    const within = this.withinTargetBy.toRecord();
    const requested = this.requestedBy.toRecord();
    const rejected = this.rejectedBy.toRecord();
    const parties = [...new Set([...Object.keys(resolved), ...Object.keys(requested), ...Object.keys(rejected)])];
    return Object.fromEntries(
      parties.map((party): [string, PartyKpis] => {
        const r = resolved[party] ?? 0;
        const w = within[party] ?? 0;
        const q = requested[party] ?? 0;
        const j = rejected[party] ?? 0;
        return [party, { resolved: r, resolvedWithinTarget: w, escalationSlaAttainment: ratio(w, r), handoffsRequested: q, handoffsRejected: j, handoffReworkRate: ratio(j, q) }];
      }),
    );
  }
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
  const accumulator = new KpiAccumulator(period);
  for (const { event } of events) accumulator.add(event);
  return accumulator.result();
}
