/** The single table's key layout; local mode, tests and the CDK stack all build it from here. */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { isoWeekOfWall } from '../../../shared/kpi/week.js';

export const INDEX = {
  /** Commits by tenant and ISO week: feeds the weekly review. */
  week: { name: 'by-week', pk: 'weekPk', sk: 'weekSk' },
  /** Sparse: summaries of open escalations only, most recently updated last. */
  open: { name: 'open', pk: 'openPk', sk: 'openSk' },
  /** Every escalation's summary by tenant, most recently updated last: the escalation list. */
  escalations: { name: 'escalations', pk: 'escPk', sk: 'escSk' },
  /**
   * The outbox log: every commit that owed schedules or deliveries, by when they were (next) due. The
   * sweeper reads it behind a position per shard, so a finished outbox needs no write to leave it.
   */
  outbox: { name: 'outbox', pk: 'outboxPk', sk: 'outboxSk' },
} as const;

/** Items holding this attribute (epoch seconds) expire: the table's time-to-live attribute on AWS (idempotency records, expired keys). */
export const TTL_ATTRIBUTE = 'ttl';

/** The outbox log has one partition per shard, so no single partition takes every commit's entry. */
export const OUTBOX_SHARDS = 4;

/** What the outbox log carries besides keys: enough to act on an entry without reading its commit. */
const OUTBOX_ATTRIBUTES = ['tenant', 'ticketId', 'commit', 'outbox'];
/**
 * What the week index carries besides keys: a commit's events, all the weekly review reads. Not the whole item:
 * the outbox and summary would double what each entry stores, is written and is read (1,451 → 866 B a commit).
 */
const WEEK_ATTRIBUTES = ['commit', 'events'];
/** What the summary indexes carry: the list's fields and filters, never the cached events. */
export const SUMMARY_ATTRIBUTES = ['tenant', 'ticketId', 'summary', 'state', 'ownerTeam', 'ownerParty'];

export const keys = {
  escalation: (tenant: string, ticketId: string) => `T#${tenant}#E#${ticketId}`,
  commit: (n: number) => `C#${String(n).padStart(10, '0')}`,
  summary: 'SUMMARY',
  week: (tenant: string, isoWeek: string) => `T#${tenant}#W#${isoWeek}`,
  open: (tenant: string) => `T#${tenant}#OPEN`,
  /** Late records of a UTC ISO week: commits that recorded an event of that week long after it (late-records.ts). */
  lateRecords: (tenant: string, isoWeek: string) => `T#${tenant}#LATE#${isoWeek}`,
  /** The tenant's baselines, one item per version (`V#<n>`, never overwritten). */
  baselines: (tenant: string) => `T#${tenant}#BASELINE`,
  baselineVersion: (n: number) => `V#${String(n).padStart(6, '0')}`,
  /** Kept KPIs of complete weeks: by the zone they were counted in, the week and the definitions' version. */
  weekSnapshots: (tenant: string) => `T#${tenant}#WEEKKPIS`,
  weekSnapshot: (zone: string, week: string, version: number) => `${zone}#${week}#v${version}`,
  /** The weekly digests, one item per week (the item is what makes a week's digest post once). */
  digests: (tenant: string) => `T#${tenant}#DIGEST`,
  digestWeek: (week: string) => `W#${week}`,
  escalations: (tenant: string) => `T#${tenant}#ESC`,
  /** The summary indexes' sort key: when the record changed, then the ticket (unique within a tenant). */
  updated: (updatedAt: string, ticketId: string) => `${updatedAt}#${ticketId}`,
  outbox: (shard: number) => `OUTBOX#${shard}`,
  /** An outbox-log entry's sort key, its position: when it is (next) due, then the commit (unique). */
  outboxEntry: (dueAt: string, escalationPk: string, commit: number) => `${dueAt}#${escalationPk}#${commit}`,
  /** How far the sweeper has read a shard of the outbox log (attribute `position`). */
  sweepPosition: (shard: number) => ({ pk: 'SWEEP', sk: `OUTBOX#${shard}` }),
  matrix: (tenant: string) => `T#${tenant}#MATRIX`,
  matrixVersion: (n: number) => `V#${String(n).padStart(6, '0')}`,
  /** A matrix proposal, beside the versions in the tenant's matrix partition. */
  proposal: (id: string) => `P#${id}`,
  idempotency: (tenant: string, key: string) => `T#${tenant}#IDEM#${key}`,
  apiKey: (hash: string) => `KEY#${hash}`,
  /** The registry of every key hash (one small partition: keys are few). */
  apiKeyRegistry: (hash: string) => ({ pk: 'KEYS', sk: hash }),
  /** A tenant's record, in one small partition of every tenant (tenants are few, and listing them needs no scan). */
  tenant: (tenant: string) => ({ pk: 'TENANTS', sk: `T#${tenant}` }),
} as const;

/** The outbox-log shard an escalation's entries go to. */
export function outboxShard(tenant: string, ticketId: string): number {
  return createHash('sha256').update(`${tenant}\u0000${ticketId}`).digest()[0]! % OUTBOX_SHARDS;
}

/** The attributes that put a commit item in the outbox log, due at `dueAt`. */
export function outboxLogAttributes(tenant: string, ticketId: string, commit: number, dueAt: string): Record<string, string> {
  return { [INDEX.outbox.pk]: keys.outbox(outboxShard(tenant, ticketId)), [INDEX.outbox.sk]: keys.outboxEntry(dueAt, keys.escalation(tenant, ticketId), commit) };
}

/** What each index carries besides its keys and the table's (every index projects only what its readers use). */
const PROJECTIONS: Record<(typeof INDEX)[keyof typeof INDEX]['name'], string[]> = {
  [INDEX.week.name]: WEEK_ATTRIBUTES,
  [INDEX.outbox.name]: OUTBOX_ATTRIBUTES,
  [INDEX.open.name]: SUMMARY_ATTRIBUTES,
  [INDEX.escalations.name]: SUMMARY_ATTRIBUTES,
};

/**
 * The table as CreateTable wants it (on-demand billing).
 * @example await client.send(new CreateTableCommand(tableDefinition('baton')))
 */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const attributes = ['pk', 'sk', ...Object.values(INDEX).flatMap((i) => [i.pk, i.sk])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: Object.values(INDEX).map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.pk, KeyType: 'HASH' },
        { AttributeName: i.sk, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: PROJECTIONS[i.name] },
    })),
  };
}

/** ISO-8601 week of an instant, e.g. "2026-W49" (weeks start on Monday, UTC): the week index's partition. */
export function isoWeek(at: Date): string {
  return isoWeekOfWall(at.getTime());
}
