/**
 * The weekly report as long-format rows (section, subject, party, measure, value): every figure once, a
 * shape any spreadsheet pivots and any CSV reader parses back. The CSV download is these rows.
 */
import type { PartyWeeklyReport, WeeklyReport } from './weekly-schema.js';

export type Row = [section: string, subject: string, party: string, measure: string, value: string | number | null];

export const ROW_HEADER = ['section', 'subject', 'party', 'measure', 'value'] as const;

const record = (rows: Row[], section: string, subject: string, party: string, values: Record<string, string | number | null | undefined>) => {
  for (const [measure, value] of Object.entries(values)) if (value !== undefined) rows.push([section, subject, party, measure, value]);
};

function findingsRows(rows: Row[], party: string, f: Pick<WeeklyReport, 'handoffQuality' | 'communicationFailures'>): void {
  record(rows, 'handoff-quality', 'rejections', party, f.handoffQuality.rejectionsByReason);
  for (const m of f.handoffQuality.missingFields) rows.push(['handoff-quality', 'missing-fields', party, m.field, m.count]);
  rows.push(['handoff-quality', 'not-our-scope', party, 'count', f.handoffQuality.notOurScope.count]);
  const c = f.communicationFailures;
  rows.push(['communication-failures', 'failed-notifications', party, 'count', c.failedNotifications.count]);
  for (const [channel, n] of Object.entries(c.failedNotifications.byChannel)) rows.push(['communication-failures', 'failed-notifications', party, channel, n]);
  rows.push(['communication-failures', 'overdue-acknowledgements', party, 'count', c.overdueAcknowledgements.count]);
  rows.push(['communication-failures', 'silent-transfers', party, 'count', c.silentTransfers.count]);
}

function breachRows(rows: Row[], report: WeeklyReport | PartyWeeklyReport): void {
  rows.push(['breached-escalations', '', '', 'total', report.breachedEscalations.total]);
  for (const b of report.breachedEscalations.items) {
    record(rows, 'breached-escalation', b.ticketId, b.ownerAtBreach.party, {
      subject: b.subject, incidentType: b.incidentType, impactTier: b.impactTier, breachedAt: b.breachedAt, ownerAtBreach: b.ownerAtBreach.team,
      state: b.state, resolvedAt: b.resolvedAt, handoffs: b.handoffs.length,
      chain: b.handoffs.map((h) => `${h.from.team}>${h.to.team}:${h.status}`).join(' '),
    });
  }
}

/** @example rowsOf(report).find(([s, , p, m]) => s === 'kpi' && p === '' && m === 'escalationSlaAttainment') */
export function rowsOf(report: WeeklyReport | PartyWeeklyReport): Row[] {
  const rows: Row[] = [];
  record(rows, 'report', report.week, '', { timeZone: report.timeZone, from: report.period.from, to: report.period.to, generatedAt: report.generatedAt, complete: String(report.complete) });
  if (report.scope !== 'tenant') {
    const party = report.scope.party;
    record(rows, 'kpi', report.week, party, report.kpis);
    for (const w of report.trend) record(rows, 'trend', w.week, party, { escalationSlaAttainment: w.escalationSlaAttainment, handoffReworkRate: w.handoffReworkRate });
    if (report.baseline) record(rows, 'baseline', `v${report.baseline.version}`, party, { escalationSlaAttainment: report.baseline.escalationSlaAttainment, handoffReworkRate: report.baseline.handoffReworkRate });
    for (const [against, m] of Object.entries(report.movement)) if (m) record(rows, 'movement', against, party, m);
    breachRows(rows, report);
    findingsRows(rows, party, report);
    return rows;
  }
  const k = report.kpis;
  record(rows, 'kpi', report.week, '', {
    escalationSlaAttainment: k.escalationSlaAttainment, handoffReworkRate: k.handoffReworkRate, ownershipAmbiguityIncidents: k.ownershipAmbiguityIncidents.total,
    timeToAcknowledgeMedianMinutes: k.timeToAcknowledgeMinutes.median, timeToAcknowledgeP90Minutes: k.timeToAcknowledgeMinutes.p90, acknowledgements: k.timeToAcknowledgeMinutes.count,
    handoffsPerEscalation: k.handoffsPerEscalation, ...k.counts,
  });
  record(rows, 'ambiguity', report.week, '', k.ownershipAmbiguityIncidents.byCause);
  for (const [party, p] of Object.entries(k.byParty)) record(rows, 'kpi', report.week, party, p);
  for (const [party, m] of Object.entries(k.businessMinutesByParty)) rows.push(['kpi', report.week, party, 'businessMinutes', m]);
  for (const [party, m] of Object.entries(k.inHandoffMinutesByParty)) rows.push(['kpi', report.week, party, 'inHandoffMinutes', m]);
  for (const [party, n] of Object.entries(k.breachesByParty)) rows.push(['kpi', report.week, party, 'breaches', n]);
  for (const w of report.trend) {
    record(rows, 'trend', w.week, '', { escalationSlaAttainment: w.escalationSlaAttainment, handoffReworkRate: w.handoffReworkRate, ownershipAmbiguityIncidents: w.ownershipAmbiguityIncidents });
    for (const [party, p] of Object.entries(w.byParty)) record(rows, 'trend', w.week, party, p);
  }
  if (report.baseline) {
    const h = report.baseline.headline;
    record(rows, 'baseline', `v${report.baseline.version}`, '', { from: report.baseline.from, to: report.baseline.to, escalationSlaAttainment: h.escalationSlaAttainment, handoffReworkRate: h.handoffReworkRate, ownershipAmbiguityIncidentsPerWeek: h.ownershipAmbiguityIncidentsPerWeek });
  }
  for (const [against, m] of Object.entries(report.movement)) {
    if (!m) continue;
    record(rows, 'movement', against, '', { escalationSlaAttainment: m.escalationSlaAttainment, handoffReworkRate: m.handoffReworkRate, ownershipAmbiguityIncidents: m.ownershipAmbiguityIncidents });
    for (const [party, p] of Object.entries(m.byParty)) record(rows, 'movement', against, party, p);
  }
  for (const t of report.targets) record(rows, 'target', t.kpi, '', { bandFrom: t.band.from, bandTo: t.band.to, dueAt: t.dueAt, movement: t.movement, status: t.status });
  breachRows(rows, report);
  findingsRows(rows, '', report);
  for (const [party, f] of Object.entries(report.byParty)) findingsRows(rows, party, f);
  for (const p of [...report.frictionPoints.rules, ...report.frictionPoints.incidentTypes]) {
    record(rows, 'friction', p.key, '', { label: p.label, runbook: p.runbook, score: p.score, ...p.counts, escalations: p.escalations, examples: p.examples.join(' ') });
  }
  return rows;
}
