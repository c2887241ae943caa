/**
 * The reports' own storage: late records (so a week's report finds a deadline recorded long after it fell
 * due) and the tenant's baselines. The commits themselves are read through the week index (WeekIndex).
 */
import * as z from 'zod';
import { actorRefSchema, type RecordedEvent } from '../../../shared/escalation/events.js';
import { kpiReportSchema } from '../../../shared/kpi/schemas.js';
import { channelAddressSchema, digestMessageSchema } from '../../../shared/ports.js';

/**
 * A report over `[from, to)` reads the commits written up to this long after `to` through the week index:
 * a deadline's event is stamped when it fell due, and the commit that records it is written when it was
 * noticed (seconds later, normally). A commit holding an event older than this is also written down as a
 * late record, which a report of that event's week reads instead.
 */
export const LATE_RECORD_AFTER_MS = 60 * 60_000;

/** The KPIs of a period captured as the tenant's baseline: versioned, never overwritten. */
export const baselineSchema = z.object({
  version: z.number().int().positive(),
  from: z.string(),
  to: z.string(),
  capturedAt: z.string(),
  actor: actorRefSchema,
  note: z.string().optional(),
  /** The KPIs over [from, to), as computeKpis gives them. */
  kpis: kpiReportSchema,
});
export type Baseline = z.infer<typeof baselineSchema>;

/**
 * A complete week's KPIs, kept so a report's trend need not read that week again. Valid while no late record
 * for the week was written after `computedAt` (lateWrittenSince); keyed by the zone its week was counted in
 * and by KPI_SNAPSHOT_VERSION, so a changed definition or zone counts the week afresh.
 */
export const weekSnapshotSchema = z.object({ week: z.string(), zone: z.string(), computedAt: z.string(), kpis: kpiReportSchema });
export type WeekSnapshot = z.infer<typeof weekSnapshotSchema>;
/** Bump when a KPI's definition changes: older snapshots are then ignored. */
export const KPI_SNAPSHOT_VERSION = 1;

/** One coordinator channel's copy of a week's digest. */
export const digestDeliverySchema = z.object({
  /** `<team>:<channel kind>`: unique within the digest. */
  key: z.string(),
  team: z.string(),
  party: z.string(),
  address: channelAddressSchema,
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int().nonnegative(),
  sentAt: z.string().optional(),
  lastError: z.string().optional(),
});
export type DigestDelivery = z.infer<typeof digestDeliverySchema>;

/** A week's digest as planned once, with each channel's delivery: the record that makes it post once per week. */
export const digestRecordSchema = z.object({
  week: z.string(),
  createdAt: z.string(),
  trigger: z.enum(['schedule', 'on-demand']),
  message: digestMessageSchema,
  deliveries: z.array(digestDeliverySchema),
});
export type DigestRecord = z.infer<typeof digestRecordSchema>;

export interface ReportStore {
  /**
   * The events of the tenant's late commits (written at or after `writtenFrom`) that recorded an event
   * falling due in `[from, to)`: what a read of the week index up to `writtenFrom` cannot see.
   */
  lateEvents(tenant: string, period: { from: Date; to: Date }, writtenFrom: Date): Promise<RecordedEvent[]>;
  /** Whether a late record of an event in `[from, to)` was written at or after `since` (a kept week's KPIs are then stale). */
  lateWrittenSince(tenant: string, period: { from: Date; to: Date }, since: Date): Promise<boolean>;
  /** The kept KPIs of a complete week counted in `zone`, or null. */
  weekSnapshot(tenant: string, zone: string, week: string): Promise<WeekSnapshot | null>;
  /** Keeps a complete week's KPIs (replacing an older count of the same week: both are counts of the same commits). */
  putWeekSnapshot(tenant: string, snapshot: WeekSnapshot): Promise<void>;
  /** Every baseline of the tenant, oldest first (the last is the current one). */
  baselines(tenant: string): Promise<Baseline[]>;
  /** Stores the next version; a version is never overwritten (two captures racing both land, one after the other). */
  addBaseline(tenant: string, baseline: Omit<Baseline, 'version'>): Promise<Baseline>;
  /** The week's digest, or null when none was planned. */
  digest(tenant: string, week: string): Promise<DigestRecord | null>;
  /** Stores the week's first digest, leased to the caller until `leaseUntil` (ISO); false when the week has one already. */
  createDigest(tenant: string, record: DigestRecord, leaseUntil: string): Promise<boolean>;
  /** Takes the lease of the week's digest when nobody holds it (or the holder's ran out by `now`): the record, or null. */
  leaseDigest(tenant: string, week: string, now: string, leaseUntil: string): Promise<DigestRecord | null>;
  /** Stores the record and gives the lease (held until `heldUntil`) back; false when the lease was lost meanwhile, and nothing is written. */
  releaseDigest(tenant: string, record: DigestRecord, heldUntil: string): Promise<boolean>;
}
