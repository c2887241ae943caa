/**
 * Kept week KPIs: a complete week's KPIs are kept by the report that counted them, so the next week's report
 * reads only its own week through the week index; a late record of a kept week written since makes it stale.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEscalationStore } from '../../lambdas/adapters/dynamodb/escalation-store.js';
import { DynamoDbReportStore } from '../../lambdas/adapters/dynamodb/report-store.js';
import { INDEX } from '../../lambdas/adapters/dynamodb/table.js';
import type { WeeklyReport } from '../../lambdas/app/reports/weekly-schema.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import { computeKpis } from '../../shared/kpi/kpis.js';
import { exampleMatrix, startTestBaton, type TestBaton } from '../support/baton.js';
import { at, ok, playReviewWeek, reviewMatrix } from '../support/report-scenario.js';

/** Where each read of the week index started (its sort-key lower bound). */
const weekReads: string[] = [];
const recordWeekReads = (documents: DynamoDBDocumentClient) => {
  documents.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { IndexName?: string; ExpressionAttributeValues?: Record<string, { S?: string } | string> };
      const from = input.ExpressionAttributeValues?.[':from'];
      if (input.IndexName === INDEX.week.name) weekReads.push(typeof from === 'string' ? from : (from?.S ?? ''));
      return next(args);
    },
    { step: 'initialize', name: 'recordWeekReads' },
  );
  return documents;
};

describe('a report after a report', () => {
  let h: TestBaton;
  let first: WeeklyReport;
  let second: WeeklyReport;
  let firstReads: string[];
  let secondReads: string[];
  beforeAll(async () => {
    h = await startTestBaton({ matrix: await reviewMatrix(await exampleMatrix()), faults: { wrapDynamoDb: recordWeekReads } });
    await playReviewWeek(h);
    // Monday of 2026-W51: 4524's deadlines (Tuesday of W49) are noticed at 02:00, in one late commit; at 03:00
    // 2026-W50 ended three hours ago (complete: past its hour of grace), and that late record is older than the count.
    await at(h, '2026-12-14T02:00:00Z');
    await at(h, '2026-12-14T03:00:00Z');
    weekReads.length = 0;
    first = await ok<WeeklyReport>(h, 200, 'GET', '/v1/reports/weekly?week=2026-W50');
    firstReads = [...new Set(weekReads)];
    weekReads.length = 0;
    second = await ok<WeeklyReport>(h, 200, 'GET', '/v1/reports/weekly?week=2026-W51');
    secondReads = [...new Set(weekReads)];
  }, 60_000);
  afterAll(() => h.stop());

  it('reads all five weeks the first time', () => {
    expect(firstReads).toEqual(['2026-11-09T00:00:00.000Z']);
  });

  it('reads only its own week the next time, the four before it kept', () => {
    expect(secondReads).toEqual(['2026-12-14T00:00:00.000Z']);
  });

  it('shows the kept weeks as they were counted', () => {
    const w49 = (r: WeeklyReport) => r.trend.find((w) => w.week === '2026-W49');

    expect(w49(second)).toEqual(w49(first));
    // The hand-computed week, and 4524's overdue acknowledgement (Tuesday 11:00), noticed since: 5 incidents.
    expect(w49(second)).toMatchObject({ escalationSlaAttainment: 2 / 3, handoffReworkRate: 0.5, ownershipAmbiguityIncidents: 5, resolved: 3, handoffsRequested: 4 });
  });
});

describe('kept week KPIs at the store', () => {
  let db: EmbeddedDynamoDb;
  let reports: DynamoDbReportStore;
  const WEEK = { from: '2026-11-30T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' };
  beforeAll(async () => {
    db = await startEmbeddedDynamoDb();
    reports = new DynamoDbReportStore(db.client, db.tableName);
  });
  afterAll(() => db.close());

  it('are kept per zone and week, and read back as they were', async () => {
    const snapshot = { week: '2026-W49', zone: 'Europe/London', computedAt: '2026-12-07T02:00:00.000Z', kpis: computeKpis([], WEEK) };
    await reports.putWeekSnapshot('kept', snapshot);

    expect(await reports.weekSnapshot('kept', 'Europe/London', '2026-W49')).toEqual(snapshot);
    expect(await reports.weekSnapshot('kept', 'America/New_York', '2026-W49')).toBeNull();
  });

  it('go stale when a late record of the week is written after they were counted', async () => {
    const period = { from: new Date(WEEK.from), to: new Date(WEEK.to) };
    const store = new DynamoDbEscalationStore(db.client, db.tableName);
    const noc = { team: 'msp-noc', party: 'msp' };
    const before = await reports.lateWrittenSince('kept', period, new Date('2026-12-07T02:00:00.000Z'));
    await store.append('kept', 'x', { version: 0, events: [] }, {
      at: '2026-12-09T10:00:00.000Z', outbox: { schedule: [], cancel: [], deliveries: [] },
      events: [{ type: 'sla.breached', at: '2026-12-06T23:59:00.000Z', recordedAt: '2026-12-09T10:00:00.000Z', generation: 1, elapsedBusinessMinutes: 240, dueAt: '2026-12-06T23:59:00.000Z', owner: noc, notify: [noc] }],
    });

    expect(before).toBe(false);
    expect(await reports.lateWrittenSince('kept', period, new Date('2026-12-07T02:00:00.000Z'))).toBe(true);
    expect(await reports.lateWrittenSince('kept', period, new Date('2026-12-10T00:00:00.000Z'))).toBe(false);
  });
});
