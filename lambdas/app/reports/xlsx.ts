/**
 * The weekly report as the co-managed lead's KPI and risk register (XLSX): KPIs by week with the baseline
 * and the target band, the breached escalations with every handoff record, and the friction points.
 * exceljs is imported here, on demand, so only an XLSX download loads it: no other request pays for it.
 */
// Types only (erased): the module itself is imported on demand below.
import type { Workbook, Worksheet } from 'exceljs';
import { zoneOffset } from '../../../shared/calendar/zone.js';
import { TARGETS, type HeadlineKpi } from '../../../shared/kpi/movement.js';
import type { PartyWeeklyReport, WeeklyReport } from './weekly-schema.js';

type Column = { header: string; key: string; width: number; style?: { numFmt: string } };

const PERCENT = { numFmt: '0.0%' };
const WHOLE = { numFmt: '#,##0' };
const DECIMAL = { numFmt: '#,##0.0' };
const WHEN = { numFmt: 'yyyy-mm-dd hh:mm' };

/** A sheet with a bold, frozen header row and a filter on it. */
function sheet(workbook: Workbook, name: string, columns: Column[]): Worksheet {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

/** The target band around a baseline value, low to high (attainment never above 100 %). */
function band(kpi: HeadlineKpi, baseline: number | null): [number | null, number | null] {
  const target = TARGETS.find((t) => t.kpi === kpi)!;
  if (baseline === null) return [null, null];
  const sign = target.direction === 'up' ? 1 : -1;
  const cap = (v: number) => (kpi === 'escalationSlaAttainment' ? Math.min(1, v) : v);
  const [a, b] = [cap(baseline * (1 + sign * target.min)), cap(baseline * (1 + sign * target.max))];
  return a <= b ? [a, b] : [b, a];
}

function kpiSheet(workbook: Workbook, report: WeeklyReport | PartyWeeklyReport, when: (iso: string) => Date, zone: string): void {
  const parties = report.scope === 'tenant' ? [...new Set(report.trend.flatMap((w) => Object.keys(w.byParty)))].sort() : [];
  const joint = report.scope === 'tenant';
  const columns: Column[] = [
    { header: 'Week', key: 'week', width: 10 },
    { header: `From (${zone})`, key: 'from', width: 18, style: WHEN },
    { header: 'SLA attainment', key: 'attainment', width: 15, style: PERCENT },
    { header: 'Attainment baseline', key: 'attainmentBaseline', width: 19, style: PERCENT },
    { header: 'Attainment target low', key: 'attainmentLow', width: 21, style: PERCENT },
    { header: 'Attainment target high', key: 'attainmentHigh', width: 22, style: PERCENT },
    { header: 'Handoff rework', key: 'rework', width: 15, style: PERCENT },
    { header: 'Rework baseline', key: 'reworkBaseline', width: 16, style: PERCENT },
    { header: 'Rework target low', key: 'reworkLow', width: 18, style: PERCENT },
    { header: 'Rework target high', key: 'reworkHigh', width: 19, style: PERCENT },
    ...(joint
      ? [
          { header: 'Ambiguity incidents', key: 'ambiguity', width: 19, style: WHOLE },
          { header: 'Ambiguity baseline (a week)', key: 'ambiguityBaseline', width: 26, style: DECIMAL },
          { header: 'Ambiguity target low', key: 'ambiguityLow', width: 20, style: DECIMAL },
          { header: 'Ambiguity target high', key: 'ambiguityHigh', width: 21, style: DECIMAL },
          { header: 'Resolved', key: 'resolved', width: 10, style: WHOLE },
          { header: 'Handoffs requested', key: 'handoffs', width: 18, style: WHOLE },
          ...parties.flatMap((p) => [
            { header: `Attainment ${p}`, key: `attainment:${p}`, width: 18, style: PERCENT },
            { header: `Rework ${p}`, key: `rework:${p}`, width: 16, style: PERCENT },
          ]),
        ]
      : []),
  ];
  const ws = sheet(workbook, 'KPIs by week', columns);
  const base = report.scope === 'tenant' ? report.baseline?.headline ?? null : report.baseline;
  const baseAttainment = base?.escalationSlaAttainment ?? null;
  const baseRework = base?.handoffReworkRate ?? null;
  const baseAmbiguity = report.scope === 'tenant' ? report.baseline?.headline.ownershipAmbiguityIncidentsPerWeek ?? null : null;
  const [attainmentLow, attainmentHigh] = band('escalationSlaAttainment', baseAttainment);
  const [reworkLow, reworkHigh] = band('handoffReworkRate', baseRework);
  const [ambiguityLow, ambiguityHigh] = band('ownershipAmbiguityIncidents', baseAmbiguity);
  for (const w of report.trend) {
    ws.addRow({
      week: w.week, from: when(w.period.from), attainment: w.escalationSlaAttainment, rework: w.handoffReworkRate,
      attainmentBaseline: baseAttainment, attainmentLow, attainmentHigh, reworkBaseline: baseRework, reworkLow, reworkHigh,
      ...('ownershipAmbiguityIncidents' in w
        ? {
            ambiguity: w.ownershipAmbiguityIncidents, ambiguityBaseline: baseAmbiguity, ambiguityLow, ambiguityHigh, resolved: w.resolved, handoffs: w.handoffsRequested,
            ...Object.fromEntries(parties.flatMap((p) => [[`attainment:${p}`, w.byParty[p]?.escalationSlaAttainment ?? null], [`rework:${p}`, w.byParty[p]?.handoffReworkRate ?? null]])),
          }
        : {}),
    });
  }
}

function breachSheet(workbook: Workbook, report: WeeklyReport | PartyWeeklyReport, when: (iso: string) => Date, zone: string): void {
  const ws = sheet(workbook, 'Breached escalations', [
    { header: 'Ticket', key: 'ticket', width: 10 },
    { header: 'Subject', key: 'subject', width: 30 },
    { header: 'Incident type', key: 'type', width: 14 },
    { header: 'Impact tier', key: 'tier', width: 11, style: WHOLE },
    { header: `Breached at (${zone})`, key: 'breachedAt', width: 22, style: WHEN },
    { header: 'Owner at breach', key: 'owner', width: 16 },
    { header: 'Party', key: 'party', width: 10 },
    { header: 'State', key: 'state', width: 10 },
    { header: 'Runbook', key: 'runbook', width: 30 },
    { header: 'Handoff', key: 'handoff', width: 8 },
    { header: 'From', key: 'from', width: 16 },
    { header: 'To', key: 'to', width: 16 },
    { header: `Requested at (${zone})`, key: 'requestedAt', width: 22, style: WHEN },
    { header: 'Outcome', key: 'status', width: 13 },
    { header: 'Current diagnosis', key: 'diagnosis', width: 40 },
    { header: 'Actions taken', key: 'actions', width: 40 },
    { header: 'Evidence', key: 'evidence', width: 40 },
    { header: 'Next required action', key: 'next', width: 40 },
    { header: `Next action due (${zone})`, key: 'nextDue', width: 24, style: WHEN },
  ]);
  for (const b of report.breachedEscalations.items) {
    const escalation = {
      ticket: b.ticketId, subject: b.subject, type: b.incidentType, tier: b.impactTier, breachedAt: when(b.breachedAt), owner: b.ownerAtBreach.team,
      party: b.ownerAtBreach.party, state: b.state, runbook: b.runbook ? { text: b.runbook, hyperlink: b.runbook } : null,
    };
    if (b.handoffs.length === 0) ws.addRow(escalation);
    b.handoffs.forEach((h, i) => {
      const r = h.record;
      ws.addRow({
        ...escalation, handoff: i + 1, from: h.from.team, to: h.to.team, requestedAt: when(h.requestedAt),
        status: h.status === 'rejected' ? `rejected (${h.reason})` : h.status,
        diagnosis: r?.diagnosis, actions: r?.actionsTaken, evidence: r?.evidence.map((e) => `${e.label}: ${e.url}`).join('\n'), next: r?.nextAction, nextDue: r ? when(r.nextActionDueAt) : null,
      });
    });
  }
}

function frictionSheet(workbook: Workbook, report: WeeklyReport): void {
  const ws = sheet(workbook, 'Friction points', [
    { header: 'Rank', key: 'rank', width: 6, style: WHOLE },
    { header: 'Kind', key: 'kind', width: 13 },
    { header: 'Rule or incident type', key: 'label', width: 30 },
    { header: 'Runbook', key: 'runbook', width: 30 },
    { header: 'Score', key: 'score', width: 7, style: WHOLE },
    { header: 'Sent back', key: 'rework', width: 10, style: WHOLE },
    { header: 'Not our scope', key: 'notOurScope', width: 13, style: WHOLE },
    { header: 'Overdue acks', key: 'ackOverdue', width: 13, style: WHOLE },
    { header: 'Silent transfers', key: 'silent', width: 15, style: WHOLE },
    { header: 'Breaches', key: 'breaches', width: 9, style: WHOLE },
    { header: 'Handoffs', key: 'handoffs', width: 9, style: WHOLE },
    { header: 'Escalations', key: 'escalations', width: 11, style: WHOLE },
    { header: 'Examples', key: 'examples', width: 20 },
    { header: 'Draft proposal rationale', key: 'rationale', width: 60 },
  ]);
  for (const points of [report.frictionPoints.rules, report.frictionPoints.incidentTypes]) {
    points.forEach((p, i) => {
      ws.addRow({
        rank: i + 1, kind: p.kind, label: p.label, runbook: p.runbook ? { text: p.runbook, hyperlink: p.runbook } : null, score: p.score,
        rework: p.counts.rework, notOurScope: p.counts.notOurScope, ackOverdue: p.counts.ackOverdue, silent: p.counts.silentTransfers, breaches: p.counts.breaches,
        handoffs: p.counts.handoffs, escalations: p.escalations, examples: p.examples.join(', '), rationale: p.draftProposal?.rationale ?? null,
      });
    });
  }
}

/**
 * @example const bytes = await weeklyXlsx(report); // a workbook of 3 sheets (2 for a party key's report)
 */
export async function weeklyXlsx(report: WeeklyReport | PartyWeeklyReport): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Baton';
  workbook.created = new Date(report.generatedAt);
  // Times as the tenant's wall clock reads them (a spreadsheet cell has no zone): the headers name it.
  const when = (iso: string) => {
    const ms = Date.parse(iso);
    return new Date(ms + zoneOffset(report.timeZone, ms));
  };
  kpiSheet(workbook, report, when, report.timeZone);
  breachSheet(workbook, report, when, report.timeZone);
  if (report.scope === 'tenant') frictionSheet(workbook, report);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
