/** The weekly review over HTTP, against a hand-computed week (test/support/report-scenario.ts): JSON, CSV, XLSX, party scope, bad input. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../lambdas/http/auth.js';
import type { PartyWeeklyReport, WeeklyReport } from '../../lambdas/app/reports/weekly-schema.js';
import { exampleMatrix, KEYS, START, startTestBaton, type ErrorAnswer, type TestBaton } from '../support/baton.js';
import { playReviewWeek, reviewMatrix } from '../support/report-scenario.js';

const MSP_KEY = 'acme-msp-report-key-0123456789';
const WEEK = '/v1/reports/weekly?week=2026-W49';
const internal = { team: 'infrastructure', party: 'internal' };
const noc = { team: 'msp-noc', party: 'msp' };

let h: TestBaton;
let report: WeeklyReport;

/** A download: the body as bytes, with its headers. */
async function download(path: string, key: string = KEYS.acme) {
  const response = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** RFC 4180, as a spreadsheet reads it: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

beforeAll(async () => {
  h = await startTestBaton({ matrix: await reviewMatrix(await exampleMatrix()) });
  await h.baton.deps.tenants.register(hashApiKey(MSP_KEY), { tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration', at: START });
  await playReviewWeek(h);
  const answer = await h.call<WeeklyReport>('GET', WEEK);
  expect(answer.status).toBe(200);
  report = answer.body;
}, 60_000);
afterAll(() => h.stop());

describe('the weekly report of a tenant', () => {
  it('counts the week in the tenant’s zone (the first coordinator team’s calendar: Europe/London) and says it is not over', () => {
    expect(report).toMatchObject({ week: '2026-W49', timeZone: 'Europe/London', period: { from: '2026-11-30T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' }, complete: false, scope: 'tenant' });
  });

  it('gives the three KPIs: attainment 2 of 3, rework 2 of 4, and 4 ambiguity incidents, one of each cause but rule conflicts', () => {
    expect(report.kpis.escalationSlaAttainment).toBeCloseTo(2 / 3, 12);
    expect(report.kpis.handoffReworkRate).toBe(0.5);
    expect(report.kpis.ownershipAmbiguityIncidents).toEqual({ total: 4, byCause: { 'no-rule': 1, 'rule-conflict': 0, 'ack-overdue': 1, 'silent-transfer': 1, 'not-our-scope': 1 } });
  });

  it('gives attainment per party by the owner at resolution, and rework per party by the sender', () => {
    // Resolved: 4521 by infrastructure (breached), 4522 by infrastructure (in time), 4523 by msp-noc (in time).
    // Sent: 4521 once by msp-noc; 4522 twice (both sent back) and 4524 once by internal teams.
    expect(report.kpis.byParty).toEqual({
      internal: { resolved: 2, resolvedWithinTarget: 1, escalationSlaAttainment: 0.5, handoffsRequested: 3, handoffsRejected: 2, handoffReworkRate: 2 / 3 },
      msp: { resolved: 1, resolvedWithinTarget: 1, escalationSlaAttainment: 1, handoffsRequested: 1, handoffsRejected: 0, handoffReworkRate: 0 },
    });
  });

  it('gives time to acknowledge, handoffs per escalation, business time by party and in handoff, and breaches by the owner at the breach', () => {
    expect(report.kpis.timeToAcknowledgeMinutes).toEqual({ median: 20, p90: 20, count: 1 });
    expect(report.kpis.handoffsPerEscalation).toBe(1); // (1 + 2 + 0) ÷ 3 resolved
    // internal: 4521 09:10–13:30 (260) + 4522 10:00–10:30, 10:45–11:00, 11:15–12:00 (90); msp: 4521 10 + 4522 30 + 4523 60.
    expect(report.kpis.businessMinutesByParty).toEqual({ internal: 350, msp: 100 });
    expect(report.kpis.inHandoffMinutesByParty).toEqual({ internal: 20, msp: 30 });
    expect(report.kpis.breachesByParty).toEqual({ internal: 1 });
    expect(report.kpis.counts).toEqual({ opened: 4, resolved: 3, resolvedWithinTarget: 2, handoffsRequested: 4, handoffsAcknowledged: 1, handoffsRejected: 2, warnings: 2, breaches: 1, notificationFailures: 1 });
  });

  it('lists the breached escalation with its handoff chain and record, placed at its due instant', () => {
    expect(report.breachedEscalations.total).toBe(1);
    expect(report.breachedEscalations.items).toEqual([
      expect.objectContaining({
        ticketId: '4521', subject: 'Branch VPN down', incidentType: 'network', impactTier: 1, runbook: 'https://kb.example.com/network-outage',
        breachedAt: '2026-11-30T13:00:00.000Z', recordedAt: '2026-11-30T13:30:00.000Z', ownerAtBreach: internal, state: 'resolved', resolvedAt: '2026-11-30T13:30:00.000Z',
        handoffs: [
          expect.objectContaining({
            id: 'h1', from: noc, to: internal, status: 'acknowledged', requestedAt: '2026-11-30T09:10:00.000Z', overdue: true, overdueAt: '2026-11-30T09:25:00.000Z', closedAt: '2026-11-30T09:30:00.000Z',
            record: expect.objectContaining({ diagnosis: 'Tunnel up, but no routes from the branch', evidence: [{ label: 'Tunnel log', url: 'https://logs.example.com/vpn/4521' }] }),
          }),
        ],
      }),
    ]);
  });

  it('reports handoff quality: rejection reasons, the fields found missing, and the not-our-scope rejection', () => {
    expect(report.handoffQuality).toEqual({
      rejectionsByReason: { 'missing-information': 1, 'not-our-scope': 1, other: 0 },
      missingFields: [
        { field: 'evidence', label: 'Evidence', count: 1 },
        { field: 'nextAction', label: 'Next required action', count: 1 },
      ],
      notOurScope: { count: 1, examples: [{ ticketId: '4522', handoffId: 'h2', at: '2026-11-30T11:15:00.000Z', from: internal, to: noc, note: 'Payroll is Contoso-hosted' }] },
    });
  });

  it('reports communication failures: the failed Teams delivery, the overdue acknowledgement and the silent transfer', () => {
    const c = report.communicationFailures;
    expect(c.failedNotifications).toMatchObject({ count: 1, byChannel: { teams: 1 }, examples: [{ ticketId: '4524', at: '2026-12-01T10:00:00.000Z', channel: 'teams', target: 'msp-l2', attempt: 1 }] });
    expect(c.overdueAcknowledgements).toEqual({ count: 1, examples: [{ ticketId: '4521', handoffId: 'h1', at: '2026-11-30T09:25:00.000Z', recordedAt: '2026-11-30T09:30:00.000Z', from: noc, to: internal }] });
    expect(c.silentTransfers).toEqual({ count: 1, examples: [{ ticketId: '4523', at: '2026-11-30T14:10:00.000Z', fromGroupId: 2001, toGroupId: 1002, toTeam: internal, owner: noc }] });
  });

  it('attributes each finding to a party: rejections to the sender, overdue acknowledgements to the receiver, silent transfers to the owner, failed deliveries to the team’s party', () => {
    const counts = (party: string) => {
      const f = report.byParty[party]!;
      return [f.handoffQuality.rejectionsByReason['missing-information'], f.handoffQuality.notOurScope.count, f.communicationFailures.overdueAcknowledgements.count, f.communicationFailures.silentTransfers.count, f.communicationFailures.failedNotifications.count];
    };
    expect(counts('internal')).toEqual([1, 1, 1, 0, 0]);
    expect(counts('msp')).toEqual([0, 0, 0, 1, 1]);
  });

  it('ranks the week’s friction by rule (runbook, examples, a draft proposal) and by incident type', () => {
    const rules = report.frictionPoints.rules.map((p) => [p.key, p.score, p.counts.rework, p.counts.notOurScope, p.counts.ackOverdue, p.counts.silentTransfers, p.counts.breaches, p.examples]);
    expect(rules).toEqual([
      ['rule:application-other', 3, 2, 1, 0, 0, 0, ['4522']],
      ['rule:network-major', 2, 0, 0, 1, 0, 1, ['4521']],
      ['rule:server-down', 1, 0, 0, 0, 1, 0, ['4523']],
    ]);
    expect(report.frictionPoints.rules[0]!.draftProposal).toEqual({
      ruleId: 'application-other', ruleIndex: 5, matrixVersion: 'v1', runbook: 'https://kb.example.com/application-support',
      rationale: 'Week 2026-W49 under rule application-other: 2 handoffs sent back (1 as not our scope) (examples: 4522).',
    });
    expect(report.frictionPoints.incidentTypes.map((p) => [p.key, p.score, p.draftProposal])).toEqual([['type:application', 3, null], ['type:network', 2, null], ['type:server', 1, null]]);
  });

  it('shows the previous 4 weeks as empty (null ratios, never 0) and no baseline or targets before one is captured', () => {
    expect(report.trend.map((w) => [w.week, w.escalationSlaAttainment, w.handoffReworkRate, w.ownershipAmbiguityIncidents])).toEqual([
      ['2026-W45', null, null, 0], ['2026-W46', null, null, 0], ['2026-W47', null, null, 0], ['2026-W48', null, null, 0], ['2026-W49', 2 / 3, 0.5, 4],
    ]);
    expect([report.baseline, report.movement.baseline, report.targets]).toEqual([null, null, []]);
    expect(report.movement.previousWeeks).toMatchObject({ escalationSlaAttainment: null, handoffReworkRate: null, ownershipAmbiguityIncidents: null });
  });
});

describe('the weekly report as CSV', () => {
  it('parses back to the same figures, one per row, as a download', async () => {
    const csv = await download(`${WEEK}&format=csv`);

    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="baton-acme-2026-W49.csv"');
    const [header, ...rows] = parseCsv(csv.bytes.toString('utf8'));
    const value = (section: string, subject: string, party: string, measure: string) => rows.find((r) => r[0] === section && r[1] === subject && r[2] === party && r[3] === measure)?.[4];
    expect(header).toEqual(['section', 'subject', 'party', 'measure', 'value']);
    expect(Number(value('kpi', '2026-W49', '', 'escalationSlaAttainment'))).toBeCloseTo(2 / 3, 12);
    expect(value('kpi', '2026-W49', '', 'handoffReworkRate')).toBe('0.5');
    expect(value('kpi', '2026-W49', '', 'ownershipAmbiguityIncidents')).toBe('4');
    expect(value('kpi', '2026-W49', 'msp', 'escalationSlaAttainment')).toBe('1');
    expect(value('kpi', '2026-W49', 'internal', 'businessMinutes')).toBe('350');
    expect(value('trend', '2026-W45', '', 'escalationSlaAttainment')).toBe('');
    expect(value('breached-escalation', '4521', 'internal', 'breachedAt')).toBe('2026-11-30T13:00:00.000Z');
    expect(value('handoff-quality', 'missing-fields', '', 'evidence')).toBe('1');
    expect(value('communication-failures', 'failed-notifications', 'msp', 'teams')).toBe('1');
    expect(rows.every((r) => r.length === 5)).toBe(true);
  });
});

describe('the weekly report as XLSX', () => {
  it('reads back with exceljs: three sheets with frozen, bold headers, percentages and the week’s figures', async () => {
    const xlsx = await download(`${WEEK}&format=xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);

    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['KPIs by week', 'Breached escalations', 'Friction points']);
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).font?.bold).toBe(true);
    }
    const kpis = workbook.getWorksheet('KPIs by week')!;
    const header = (kpis.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => header.indexOf(name) + 1;
    const week = kpis.getRow(6);
    expect(kpis.rowCount).toBe(6); // header + W45…W49
    expect(week.getCell(column('Week')).value).toBe('2026-W49');
    expect(week.getCell(column('SLA attainment')).value).toBeCloseTo(2 / 3, 12);
    expect(week.getCell(column('SLA attainment')).numFmt).toBe('0.0%');
    expect(week.getCell(column('Handoff rework')).value).toBe(0.5);
    expect(week.getCell(column('Ambiguity incidents')).value).toBe(4);
    expect(week.getCell(column('Attainment msp')).value).toBe(1);
    expect(kpis.getRow(2).getCell(column('SLA attainment')).value).toBeNull();
  });

  it('lists every handoff record of the breached escalations, and the friction points with their runbooks', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(`${WEEK}&format=xlsx`)).bytes as unknown as ArrayBuffer);

    const breaches = workbook.getWorksheet('Breached escalations')!;
    const cells = (row: number) => (breaches.getRow(row).values as unknown[]).slice(1);
    expect(breaches.rowCount).toBe(2);
    expect(cells(2).slice(0, 3)).toEqual(['4521', 'Branch VPN down', 'network']);
    // Times as the tenant's wall clock reads them (London is on UTC in December).
    expect(breaches.getRow(2).getCell(5).value).toEqual(new Date('2026-11-30T13:00:00.000Z'));
    expect(cells(2)).toContain('Tunnel up, but no routes from the branch');
    const friction = workbook.getWorksheet('Friction points')!;
    expect(friction.getRow(2).getCell(3).value).toBe('Rule application-other');
    expect(friction.getRow(2).getCell(4).value).toEqual({ text: 'https://kb.example.com/application-support', hyperlink: 'https://kb.example.com/application-support' });
  });
});

describe('a party-scoped key', () => {
  it('sees its party’s figures only: its KPIs, its breaches, its share of quality and failures; no joint figures', async () => {
    const answer = await h.call<PartyWeeklyReport>('GET', WEEK, undefined, { key: MSP_KEY });

    expect(answer.status).toBe(200);
    const own = answer.body;
    expect(own.scope).toEqual({ party: 'msp' });
    expect(own.kpis).toEqual({ resolved: 1, resolvedWithinTarget: 1, escalationSlaAttainment: 1, handoffsRequested: 1, handoffsRejected: 0, handoffReworkRate: 0, businessMinutes: 100, inHandoffMinutes: 30, breaches: 0 });
    // 4521 breached while internal owned it: not the MSP's.
    expect(own.breachedEscalations).toEqual({ total: 0, items: [] });
    expect(own.communicationFailures.silentTransfers.count).toBe(1);
    expect(own.handoffQuality.notOurScope.count).toBe(0);
    expect(own).not.toHaveProperty('byParty');
    expect(JSON.stringify(own)).not.toMatch(/ownershipAmbiguityIncidents|frictionPoints|targets|internal":/);
  });

  it('downloads its own view as CSV and XLSX (no friction sheet)', async () => {
    const csv = (await download(`${WEEK}&format=csv`, MSP_KEY)).bytes.toString('utf8');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(`${WEEK}&format=xlsx`, MSP_KEY)).bytes as unknown as ArrayBuffer);

    expect(parseCsv(csv).filter((r) => r[2] !== '' && r[2] !== undefined && r[2] !== 'party').every((r) => r[2] === 'msp')).toBe(true);
    expect(csv).not.toContain('internal');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['KPIs by week', 'Breached escalations']);
  });

  it('may not capture or read baselines, nor rank friction (403 naming its scope)', async () => {
    const capture = await h.call<ErrorAnswer>('POST', '/v1/reports/baseline', { from: '2026-11-23', to: '2026-11-30', actor: { id: 'agent-nick' } }, { key: MSP_KEY });
    const list = await h.call<ErrorAnswer>('GET', '/v1/reports/baseline', undefined, { key: MSP_KEY });
    const friction = await h.call<ErrorAnswer>('GET', '/v1/reports/friction', undefined, { key: MSP_KEY });

    for (const answer of [capture, list, friction]) {
      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toContain('scope party:msp');
    }
  });
});

describe('bad requests', () => {
  it.each([
    ['no week', '/v1/reports/weekly', 'week'],
    ['a week that is not ISO', '/v1/reports/weekly?week=2026-49', 'week'],
    ['week 53 of a year without one', '/v1/reports/weekly?week=2027-W53', 'week'],
    ['an unknown format', '/v1/reports/weekly?week=2026-W49&format=pdf', 'format'],
    ['a week that has not started', '/v1/reports/weekly?week=2026-W50', 'week'],
    ['weeks out of range', '/v1/reports/friction?weeks=14', 'weeks'],
  ])('answers 400 naming the field for %s', async (_, path, field) => {
    const answer = await h.call<ErrorAnswer>('GET', path);

    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation');
    expect(answer.body.error.fields?.map((f) => f.path)).toEqual([field]);
    expect(answer.body.error.fields?.[0]?.message).toMatch(/week|format|ISO/i);
  });

  it('shows another tenant nothing of this one', async () => {
    const other = await h.call<WeeklyReport>('GET', WEEK, undefined, { key: KEYS.globex });

    expect(other.status).toBe(200);
    expect(other.body.kpis.counts.opened).toBe(0);
    expect(other.body.breachedEscalations.total).toBe(0);
  });
});
