// KPI benchmark: one million generated events (≈100,000 escalations over 8 weeks), one week and the whole span.
import type { EscalationEvent, RecordedEvent, RejectReason, TeamRef } from '../shared/escalation/events.js';
import { computeKpis, type KpiReport, type Period } from '../shared/kpi/kpis.js';
import type { BenchRow } from './table.js';
import { seededRandom } from '../shared/seeded-random.js';

const EVENT_COUNT = 1_000_000;
const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;
const START = Date.parse('2026-10-05T00:00:00.000Z'); // a Monday
const SPAN_WEEKS = 8;
const TARGET_SECONDS = 3;

/** The same data every run. */
const seeded = (seed: number) => seededRandom(seed).next;

const desk: TeamRef = { team: 'service-desk', party: 'internal' };
const noc: TeamRef = { team: 'msp-noc', party: 'msp' };
const both = [desk, noc];
/** A deadline's event, noticed when it fell due. */
const fellDue = (at: string) => ({ at, recordedAt: at });
const sla = { policy: 'p2', ackMinutes: 30, resolveMinutes: 480, warnAt: [0.75], calendar: { id: 'always', timezone: 'UTC', alwaysOpen: true } };
const plan = { generation: 1, dueAt: '2026-10-05T08:00:00.000Z', warnings: [] };
const record = {
  toTeam: 'msp-noc', diagnosis: 'Site VPN flapping since 09:10', actionsTaken: 'Restarted the tunnel; checked ISP status',
  evidence: [{ label: 'Monitoring graph', url: 'https://monitor.example.com/vpn' }], nextAction: 'Check the edge firewall', nextActionDueAt: '2026-10-05T12:00:00.000Z',
};
const REASONS: RejectReason[] = ['missing-information', 'missing-information', 'not-our-scope', 'other'];
/** 0–4 handoffs per escalation: 15%, 25%, 25%, 20%, 15% (mean ≈ 2), which gives ≈ 10 events per escalation. */
const handoffCount = (r: number): number => (r < 0.15 ? 0 : r < 0.4 ? 1 : r < 0.65 ? 2 : r < 0.85 ? 3 : 4);

/**
 * Realistic escalation histories: opened, sometimes ambiguous, 0–4 handoffs each acknowledged, rejected or
 * acknowledged late, pauses, warnings, breaches, notifications, then resolved. Sub-objects that no KPI
 * reads (teams, records, SLA terms) are shared to keep the fixture's memory close to the events' own.
 */
export function generateEvents(count: number, seed = 42): { events: RecordedEvent[]; escalations: number } {
  const random = seeded(seed);
  const events: RecordedEvent[] = [];
  let escalations = 0;
  while (events.length < count) {
    const ticketId = `T-${++escalations}`;
    let seq = 0;
    let t = START + Math.floor(random() * SPAN_WEEKS * WEEK);
    const push = (event: EscalationEvent): void => {
      events.push({ ticketId, seq: seq++, event });
    };
    const later = (maxMinutes: number): string => {
      t += Math.ceil(random() * maxMinutes) * MINUTE;
      return new Date(t).toISOString();
    };

    const opened = new Date(t).toISOString();
    push({ type: 'escalation.opened', at: opened, ticketId, owner: desk, plan, incidentType: 'network', impactTier: 2, matrixVersion: 'v7', rule: { index: 3 }, sla, coordinators: both });
    if (random() < 0.03) push({ type: 'ownership.ambiguous', at: opened, cause: random() < 0.6 ? 'no-rule' : 'rule-conflict', detail: 'network × 2', notify: both });
    push({ type: 'notification.sent', at: opened, forSeq: 0, channel: 'slack', target: '#it-service-desk' });

    const handoffs = handoffCount(random());
    let inHandoff = 0;
    for (let h = 0; h < handoffs; h++) {
      const from = h % 2 === 0 ? desk : noc;
      const to = from === desk ? noc : desk;
      const ref = { handoffId: `${ticketId}-h${h}`, from, to, notify: both };
      const requestedAt = t;
      const at = later(90);
      push({ type: 'handoff.requested', at, ...ref, record, ackDueAt: at });
      push({ type: 'notification.sent', at, forSeq: seq - 1, channel: 'teams', target: 'msp-noc' });
      const outcome = random();
      if (outcome < 0.12) {
        push({ type: 'handoff.rejected', at: later(60), ...ref, reason: REASONS[Math.floor(random() * REASONS.length)] ?? 'other' });
      } else {
        if (outcome > 0.92) push({ type: 'handoff.ack-overdue', ...fellDue(later(45)), ...ref, ackDueAt: at });
        const ackAt = later(40);
        const waitedMinutes = (t - requestedAt) / MINUTE;
        inHandoff += waitedMinutes;
        push({ type: 'handoff.acknowledged', at: ackAt, ...ref, waitedMinutes });
      }
    }
    if (random() < 0.1) {
      push({ type: 'sla.paused', at: later(60), reason: 'Waiting for the user' });
      push({ type: 'sla.resumed', at: later(240), pausedMinutes: 120, plan });
    }
    if (random() < 0.02) push({ type: 'ownership.silent-transfer', at: later(30), fromGroupId: 1001, toGroupId: 2002, toTeam: noc, owner: desk, notify: both });
    const warned = random() < 0.3;
    const breached = warned && random() < 0.35;
    if (warned) push({ type: 'sla.warning', ...fellDue(later(120)), generation: 1, fraction: 0.75, elapsedBusinessMinutes: 360, dueAt: plan.dueAt, owner: desk, notify: both });
    if (breached) push({ type: 'sla.breached', ...fellDue(later(120)), generation: 1, elapsedBusinessMinutes: 480, dueAt: plan.dueAt, owner: random() < 0.5 ? desk : noc, notify: both });
    if (random() < 0.02) push({ type: 'notification.failed', at: later(5), forSeq: seq - 1, channel: 'slack', target: '#it-service-desk', error: 'timeout', attempt: 3 });

    const elapsed = (t - Date.parse(opened)) / MINUTE + Math.ceil(random() * 120);
    push({
      type: 'escalation.resolved', at: later(120), resolution: 'Fixed', owner: desk, elapsedBusinessMinutes: elapsed, resolveMinutes: sla.resolveMinutes,
      withinTarget: !breached, handoffCount: handoffs, byParty: { internal: elapsed - inHandoff * 0.6, msp: inHandoff * 0.6 }, inHandoff: { msp: inHandoff },
    });
  }
  events.length = count;
  return { events, escalations };
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10;

function measure(events: RecordedEvent[], period: Period): { seconds: number; heapGrowth: number; report: KpiReport } {
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const report = computeKpis(events, period);
  const seconds = (performance.now() - started) / 1000;
  // Sampled right after the run with no collection in between: garbage made during the run is still counted.
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  return { seconds, heapGrowth, report };
}

const pct = (value: number | null): string => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);

/** Times computeKpis over 1,000,000 generated events for one week and for the whole span. */
export async function benchKpis(): Promise<BenchRow[]> {
  const { events, escalations } = generateEvents(EVENT_COUNT);
  const week: Period = { from: new Date(START + 3 * WEEK).toISOString(), to: new Date(START + 4 * WEEK).toISOString() };
  // One extra week so escalations opened late in week 8 and resolved after it are still in the span.
  const span: Period = { from: new Date(START).toISOString(), to: new Date(START + (SPAN_WEEKS + 1) * WEEK).toISOString() };
  const runs = [
    { label: 'one week', period: week, ...measure(events, week) },
    { label: `whole ${SPAN_WEEKS}-week span`, period: span, ...measure(events, span) },
  ];

  const rows: BenchRow[] = runs.map(({ label, seconds, report }) => ({
    name: `KPIs over ${events.length.toLocaleString('en-US')} events, ${label}`,
    value: Math.round(seconds * 1000) / 1000,
    unit: 's',
    target: `< ${TARGET_SECONDS} s`,
    ok: seconds < TARGET_SECONDS,
    note: `${Math.round(seconds * 1000)} ms; ${report.counts.resolved.toLocaleString('en-US')} resolved, attainment ${pct(report.escalationSlaAttainment)}, rework ${pct(report.handoffReworkRate)}, ack p90 ${report.timeToAcknowledgeMinutes.p90 ?? 'n/a'} min`,
  }));
  const peak = runs.reduce((a, b) => (b.heapGrowth > a.heapGrowth ? b : a));
  rows.push({
    name: 'KPIs heap growth during computation',
    value: mb(peak.heapGrowth),
    unit: 'MB',
    target: '',
    ok: true,
    note: `${peak.label}, heapUsed after − before; ${escalations.toLocaleString('en-US')} escalations generated; ${gc ? 'GC forced before each run' : 'global.gc not exposed (run node with --expose-gc): baseline includes earlier garbage'}`,
  });
  return rows;
}
