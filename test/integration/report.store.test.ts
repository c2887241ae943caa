/** The reports' storage on the embedded DynamoDB: late records, commits of receipts kept out of the week index, baseline versions. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEscalationStore } from '../../lambdas/adapters/dynamodb/escalation-store.js';
import { DynamoDbReportStore } from '../../lambdas/adapters/dynamodb/report-store.js';
import { INDEX, keys } from '../../lambdas/adapters/dynamodb/table.js';
import { DynamoDbWeekIndex } from '../../lambdas/adapters/dynamodb/week-index.js';
import type { Outbox } from '../../lambdas/app/ports.js';
import type { Baseline } from '../../lambdas/app/reports/ports.js';
import { periodEvents } from '../../lambdas/app/reports/period-events.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import type { EscalationEvent } from '../../shared/escalation/events.js';
import { computeKpis } from '../../shared/kpi/kpis.js';

const nothingOwed: Outbox = { schedule: [], cancel: [], deliveries: [] };
const noc = { team: 'msp-noc', party: 'msp' };
const paused = (at: string): EscalationEvent => ({ type: 'sla.paused', at, reason: 'Vendor' });
const breached = (at: string, recordedAt: string): EscalationEvent => ({ type: 'sla.breached', at, recordedAt, generation: 1, elapsedBusinessMinutes: 240, dueAt: at, owner: noc, notify: [noc] });
const sent = (at: string): EscalationEvent => ({ type: 'notification.sent', at, forSeq: 1, channel: 'slack', target: 'msp-noc' });
const WEEK = { from: '2026-11-30T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' };

let db: EmbeddedDynamoDb;
let store: DynamoDbEscalationStore;
let reports: DynamoDbReportStore;
let weeks: DynamoDbWeekIndex;

async function commitAt(tenant: string, ticketId: string, at: string, events: EscalationEvent[]) {
  await store.append(tenant, ticketId, await store.load(tenant, ticketId), { at, events, outbox: nothingOwed });
}
const items = async (pk: string) => (await db.client.send(new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }))).Items ?? [];
const weekIndex = async (tenant: string, week: string) =>
  (await db.client.send(new QueryCommand({ TableName: db.tableName, IndexName: INDEX.week.name, KeyConditionExpression: `${INDEX.week.pk} = :pk`, ExpressionAttributeValues: { ':pk': keys.week(tenant, week) } }))).Items ?? [];

beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
  store = new DynamoDbEscalationStore(db.client, db.tableName);
  reports = new DynamoDbReportStore(db.client, db.tableName);
  weeks = new DynamoDbWeekIndex(db.client, db.tableName);
});
afterAll(() => db.close());

describe('late records', () => {
  it('are written for a commit holding an event more than an hour older than the commit, in that event’s week', async () => {
    await commitAt('late', 'x', '2026-12-06T19:59:00.000Z', [paused('2026-12-06T19:59:00.000Z')]);
    await commitAt('late', 'x', '2026-12-09T10:00:00.000Z', [breached('2026-12-06T23:59:00.000Z', '2026-12-09T10:00:00.000Z')]);

    expect(await items(keys.lateRecords('late', '2026-W49'))).toEqual([expect.objectContaining({ ticketId: 'x', commit: 2, first: '2026-12-06T23:59:00.000Z', writtenAt: '2026-12-09T10:00:00.000Z' })]);
  });

  it('are not written for a deadline noticed within the hour', async () => {
    await commitAt('late', 'y', '2026-12-06T20:00:00.000Z', [paused('2026-12-06T20:00:00.000Z')]);
    await commitAt('late', 'y', '2026-12-07T00:30:00.000Z', [breached('2026-12-06T23:45:00.000Z', '2026-12-07T00:30:00.000Z')]);

    expect((await items(keys.lateRecords('late', '2026-W49'))).map((i) => i.ticketId)).toEqual(['x']);
  });

  it('lead a report of the week to the late commit, so the week counts its breaches once', async () => {
    const events = [];
    for await (const page of periodEvents({ weeks, reports }, 'late', WEEK)) events.push(...page);

    expect(computeKpis(events, WEEK).breachesByParty).toEqual({ msp: 2 });
  });
});

describe('the week index', () => {
  it('leaves out a commit of nothing but delivery receipts, and keeps one with anything else', async () => {
    await commitAt('receipts', 'r', '2026-12-01T10:00:00.000Z', [paused('2026-12-01T10:00:00.000Z')]);
    await commitAt('receipts', 'r', '2026-12-01T10:00:01.000Z', [sent('2026-12-01T10:00:01.000Z'), sent('2026-12-01T10:00:01.000Z')]);
    await commitAt('receipts', 'r', '2026-12-01T10:05:00.000Z', [sent('2026-12-01T10:05:00.000Z'), paused('2026-12-01T10:05:00.000Z')]);

    expect((await weekIndex('receipts', '2026-W49')).map((i) => i.commit)).toEqual([1, 3]);
    expect((await store.load('receipts', 'r')).version).toBe(3);
  });
});

describe('baselines', () => {
  const baseline = (note: string): Omit<Baseline, 'version'> => ({
    from: WEEK.from, to: WEEK.to, capturedAt: '2026-12-07T09:00:00.000Z', actor: { id: 'agent-anna' }, note, kpis: computeKpis([], WEEK),
  });

  it('number captures racing each other one after the other, none overwritten', async () => {
    const stored = await Promise.all(['a', 'b', 'c'].map((note) => reports.addBaseline('race', baseline(note))));

    expect(stored.map((b) => b.version).sort()).toEqual([1, 2, 3]);
    expect((await reports.baselines('race')).map((b) => [b.version, b.note])).toEqual(stored.map((b) => [b.version, b.note]).sort((x, y) => Number(x[0]) - Number(y[0])));
  });

  it('are the tenant’s own', async () => {
    expect(await reports.baselines('another-tenant')).toEqual([]);
  });
});
