/** ReportStore on DynamoDB: late records (written by the escalation store) read back, and the tenant's baselines. */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { RecordedEvent } from '../../../shared/escalation/events.js';
import { ConflictError } from '../../../shared/errors.js';
import { baselineSchema, digestRecordSchema, KPI_SNAPSHOT_VERSION, weekSnapshotSchema, type Baseline, type DigestRecord, type ReportStore, type WeekSnapshot } from '../../app/reports/ports.js';
import { commitItemSchema } from './escalation-items.js';
import { storeCall } from './errors.js';
import { jsonAttribute, readItem } from './read-item.js';
import { keys } from './table.js';
import { weeksCovering } from './week-index.js';

const lateRecordSchema = z.object({ ticketId: z.string(), commit: z.number().int().positive(), writtenAt: z.string() });
const baselineItemSchema = z.object({ baseline: jsonAttribute(baselineSchema) });
const snapshotItemSchema = z.object({ snapshot: jsonAttribute(weekSnapshotSchema) });
/** The record as JSON; `leaseUntil` (ISO) beside it, where a condition can read it, while a run holds the digest. */
const digestItemSchema = z.object({ digest: jsonAttribute(digestRecordSchema) });
/** Late commits read at once. */
const LATE_READS_AT_ONCE = 8;
/** Two captures racing for one version number: the loser takes the next, a few times at most. */
const VERSION_ATTEMPTS = 5;

export class DynamoDbReportStore implements ReportStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async queryAll(what: string, pk: string, options: { descending?: boolean; limit?: number } = {}): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await storeCall(what, () =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': pk },
            ConsistentRead: true,
            ScanIndexForward: !options.descending,
            ...(options.limit ? { Limit: options.limit } : {}),
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      items.push(...(page.Items ?? []));
      startKey = options.limit ? undefined : page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** The late records of the UTC weeks `[from, to)` touches, written at or after `since`. */
  private async lateRecords(tenant: string, period: { from: Date; to: Date }, since: Date) {
    const records: Array<z.output<typeof lateRecordSchema>> = [];
    for (const week of weeksCovering(period.from, period.to)) {
      for (const item of await this.queryAll('read late records', keys.lateRecords(tenant, week))) {
        const late = readItem(lateRecordSchema, item);
        if (Date.parse(late.writtenAt) >= since.getTime()) records.push(late);
      }
    }
    return records;
  }

  async lateWrittenSince(tenant: string, period: { from: Date; to: Date }, since: Date): Promise<boolean> {
    // Conservative: a record of the same UTC week but outside the period also counts (a week is counted afresh, never wrongly kept).
    return (await this.lateRecords(tenant, period, since)).length > 0;
  }

  async weekSnapshot(tenant: string, zone: string, week: string): Promise<WeekSnapshot | null> {
    const { Item } = await storeCall('read kept week KPIs', () =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.weekSnapshots(tenant), sk: keys.weekSnapshot(zone, week, KPI_SNAPSHOT_VERSION) }, ConsistentRead: true })),
    );
    return Item ? readItem(snapshotItemSchema, Item).snapshot : null;
  }

  async putWeekSnapshot(tenant: string, snapshot: WeekSnapshot): Promise<void> {
    await storeCall('keep week KPIs', () =>
      this.client.send(
        new PutCommand({ TableName: this.tableName, Item: { pk: keys.weekSnapshots(tenant), sk: keys.weekSnapshot(snapshot.zone, snapshot.week, KPI_SNAPSHOT_VERSION), snapshot: JSON.stringify(snapshot) } }),
      ),
    );
  }

  async lateEvents(tenant: string, period: { from: Date; to: Date }, writtenFrom: Date): Promise<RecordedEvent[]> {
    // A commit written before `writtenFrom` was read through the week index already.
    const wanted = new Map<string, { ticketId: string; commit: number }>();
    for (const late of await this.lateRecords(tenant, period, writtenFrom)) wanted.set(`${late.ticketId}#${late.commit}`, late);
    // Late commits are rare (an outage, a dead-lettered firing): one GetItem each, a few at a time.
    const refs = [...wanted.values()];
    const events: RecordedEvent[] = [];
    for (let i = 0; i < refs.length; i += LATE_READS_AT_ONCE) {
      const pages = await Promise.all(refs.slice(i, i + LATE_READS_AT_ONCE).map((ref) => this.commitEvents(tenant, ref)));
      for (const page of pages) events.push(...page);
    }
    return events;
  }

  /** The events of one commit (a late record whose commit was never written reads as none). */
  private async commitEvents(tenant: string, ref: { ticketId: string; commit: number }): Promise<RecordedEvent[]> {
    const { Item } = await storeCall('read a late commit', () =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: keys.escalation(tenant, ref.ticketId), sk: keys.commit(ref.commit) },
          ProjectionExpression: 'pk, sk, #commit, events',
          ExpressionAttributeNames: { '#commit': 'commit' },
          ConsistentRead: true,
        }),
      ),
    );
    return Item ? readItem(commitItemSchema, Item).events : [];
  }

  async baselines(tenant: string): Promise<Baseline[]> {
    return (await this.queryAll('read baselines', keys.baselines(tenant))).map((item) => readItem(baselineItemSchema, item).baseline);
  }

  async addBaseline(tenant: string, baseline: Omit<Baseline, 'version'>): Promise<Baseline> {
    for (let attempt = 0; attempt < VERSION_ATTEMPTS; attempt++) {
      const [latest] = await this.queryAll('read the latest baseline', keys.baselines(tenant), { descending: true, limit: 1 });
      const stored: Baseline = { ...baseline, version: (latest ? readItem(baselineItemSchema, latest).baseline.version : 0) + 1 };
      const landed = await storeCall(
        'store a baseline',
        async () => {
          await this.client.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { pk: keys.baselines(tenant), sk: keys.baselineVersion(stored.version), baseline: JSON.stringify(stored) },
              // The version item is the lock: a version, once captured, is never overwritten.
              ConditionExpression: 'attribute_not_exists(sk)',
            }),
          );
          return true;
        },
        () => false,
      );
      if (landed) return stored;
    }
    throw new ConflictError('Other baselines were being captured at the same time; try again');
  }

  private digestKey(tenant: string, week: string) {
    return { pk: keys.digests(tenant), sk: keys.digestWeek(week) };
  }

  async digest(tenant: string, week: string): Promise<DigestRecord | null> {
    const { Item } = await storeCall('read a weekly digest', () => this.client.send(new GetCommand({ TableName: this.tableName, Key: this.digestKey(tenant, week), ConsistentRead: true })));
    return Item ? readItem(digestItemSchema, Item).digest : null;
  }

  async createDigest(tenant: string, record: DigestRecord, leaseUntil: string): Promise<boolean> {
    return storeCall(
      'plan a weekly digest',
      async () => {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...this.digestKey(tenant, record.week), digest: JSON.stringify(record), leaseUntil },
            ConditionExpression: 'attribute_not_exists(sk)',
          }),
        );
        return true;
      },
      () => false,
    );
  }

  async leaseDigest(tenant: string, week: string, now: string, leaseUntil: string): Promise<DigestRecord | null> {
    return storeCall(
      'lease a weekly digest',
      async () => {
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: this.digestKey(tenant, week),
            UpdateExpression: 'SET leaseUntil = :until',
            ConditionExpression: 'attribute_exists(sk) AND (attribute_not_exists(leaseUntil) OR leaseUntil <= :now)',
            ExpressionAttributeValues: { ':until': leaseUntil, ':now': now },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return readItem(digestItemSchema, Attributes ?? {}).digest;
      },
      () => null,
    );
  }

  async releaseDigest(tenant: string, record: DigestRecord, heldUntil: string): Promise<boolean> {
    return storeCall(
      'store a weekly digest',
      async () => {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...this.digestKey(tenant, record.week), digest: JSON.stringify(record) },
            ConditionExpression: 'leaseUntil = :held',
            ExpressionAttributeValues: { ':held': heldUntil },
          }),
        );
        return true;
      },
      () => false,
    );
  }
}
