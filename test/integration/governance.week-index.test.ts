/** The week index on the embedded DynamoDB: commits of a period, across ISO weeks, per tenant, optionally by event type. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbEscalationStore } from '../../lambdas/adapters/dynamodb/escalation-store.js';
import { DynamoDbWeekIndex, weeksCovering } from '../../lambdas/adapters/dynamodb/week-index.js';
import type { WeekIndexQuery } from '../../lambdas/app/ports.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import type { EscalationEvent } from '../../shared/escalation/events.js';

const paused = (at: string, reason = 'Vendor'): EscalationEvent => ({ type: 'sla.paused', at, reason });
const resumed = (at: string): EscalationEvent => ({ type: 'sla.resumed', at, pausedMinutes: 5, plan: { generation: 2, dueAt: at, warnings: [] } });
const nothingOwed = { schedule: [], cancel: [], deliveries: [] };

let db: EmbeddedDynamoDb;
let weeks: DynamoDbWeekIndex;

async function commitAt(tenant: string, ticketId: string, events: EscalationEvent[]) {
  const store = new DynamoDbEscalationStore(db.client, db.tableName);
  const base = await store.load(tenant, ticketId);
  await store.append(tenant, ticketId, base, { at: events[0]!.at, events, outbox: nothingOwed });
}

async function read(tenant: string, query: WeekIndexQuery) {
  const pages: string[][] = [];
  for await (const page of weeks.events(tenant, query)) pages.push(page.map((r) => `${r.ticketId}@${r.event.at}`));
  return pages.flat();
}

beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
  weeks = new DynamoDbWeekIndex(db.client, db.tableName);
  // Sunday of W48, Monday and Wednesday of W49, Monday of W50; and another tenant's commit in W49.
  await commitAt('wk', 'a', [paused('2026-11-29T23:00:00.000Z')]);
  await commitAt('wk', 'b', [paused('2026-11-30T00:00:00.000Z')]);
  await commitAt('wk', 'a', [resumed('2026-12-02T12:00:00.000Z')]);
  await commitAt('wk', 'c', [paused('2026-12-07T00:00:00.000Z', 'quotes "type":"sla.resumed" in free text')]);
  await commitAt('other', 'z', [paused('2026-12-01T00:00:00.000Z')]);
});
afterAll(() => db.close());

describe('the week index', () => {
  it('names the ISO weeks a period touches, in order', () => {
    expect(weeksCovering(new Date('2026-11-29T12:00:00Z'), new Date('2026-12-07T00:00:00Z'))).toEqual(['2026-W48', '2026-W49']);
    expect(weeksCovering(new Date('2026-12-07T00:00:00Z'), new Date('2026-12-07T00:00:00Z'))).toEqual([]);
  });

  it('reads the commits written in [from, to) across weeks, oldest first, and only the tenant’s', async () => {
    const events = await read('wk', { from: new Date('2026-11-29T23:00:00Z'), to: new Date('2026-12-07T00:00:00Z') });

    expect(events).toEqual(['a@2026-11-29T23:00:00.000Z', 'b@2026-11-30T00:00:00.000Z', 'a@2026-12-02T12:00:00.000Z']);
  });

  it('reads a period across pages, whole and in order, no page larger than asked', async () => {
    const paged = new DynamoDbWeekIndex(db.client, db.tableName, 1);
    const sizes: number[] = [];
    const events: string[] = [];
    for await (const page of paged.events('wk', { from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-12-14T00:00:00Z') })) {
      sizes.push(page.length);
      events.push(...page.map((r) => `${r.ticketId}@${r.event.at}`));
    }

    expect(events).toEqual(['a@2026-11-29T23:00:00.000Z', 'b@2026-11-30T00:00:00.000Z', 'a@2026-12-02T12:00:00.000Z', 'c@2026-12-07T00:00:00.000Z']);
    expect(sizes).toEqual([1, 1, 1, 1]);
  });

  it('keeps only commits holding an event of the types asked for, which free text cannot imitate', async () => {
    const events = await read('wk', { from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-12-14T00:00:00Z'), types: ['sla.resumed'] });

    expect(events).toEqual(['a@2026-12-02T12:00:00.000Z']);
  });
});
