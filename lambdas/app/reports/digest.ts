/**
 * The weekly digest: a week's three KPIs, their movement, the worst breach and a link to the review, posted
 * to both parties' coordinator teams' channels, once per week. The week's digest record is written before
 * anything is posted and holds each channel's delivery, so a second run (on demand, or the schedule's next
 * tick) posts nothing already posted and tries again only what failed; a lease keeps two runs from posting
 * at once.
 */
import { NotFoundError, ValidationError } from '../../../shared/errors.js';
import { DIGEST_LATE_LIMIT_MS, digestWeek, lastDigestDue } from '../../../shared/kpi/digest-schedule.js';
import { shiftWeek, weekOf, weekPeriod } from '../../../shared/kpi/week.js';
import type { Matrix } from '../../../shared/matrix/matrix.js';
import type { ChannelAddress } from '../../../shared/ports.js';
import { describeError } from '../log.js';
import type { ReportContext } from './context.js';
import { digestMessage } from './digest-message.js';
import type { DigestDelivery, DigestRecord } from './ports.js';
import { weeklyReport } from './weekly.js';
import { reviewTimeZone } from './zone.js';

/** A run holds a week's digest this long at most; one that crashed frees it for the next run after that. */
export const DIGEST_LEASE_MS = 5 * 60_000;
/** A channel is tried this many times (once per run) before its copy is left failed. */
export const DIGEST_ATTEMPTS = 5;

/** A run's outcome, as the API answers it: channels by team and kind, never their addresses (a Teams URL holds a secret). */
export interface DigestOutcome {
  week: string;
  /** posted: every channel has it; retrying: a channel failed and is tried again; failed: a channel gave up; in-progress: another run holds it; no-channels: no coordinator team has a channel. */
  status: 'posted' | 'retrying' | 'failed' | 'in-progress' | 'no-channels';
  /** Channels this run posted to (0 when the week's digest had been posted already). */
  sentNow: number;
  createdAt: string;
  trigger: DigestRecord['trigger'];
  deliveries: Array<Pick<DigestDelivery, 'team' | 'party' | 'status' | 'attempts' | 'sentAt' | 'lastError'> & { channel: ChannelAddress['kind'] }>;
}

const isOwed = (d: DigestDelivery) => d.status !== 'sent' && d.attempts < DIGEST_ATTEMPTS;

function outcome(record: DigestRecord, sentNow: number, inProgress = false): DigestOutcome {
  const { deliveries } = record;
  const status: DigestOutcome['status'] = inProgress
    ? 'in-progress'
    : deliveries.length === 0
      ? 'no-channels'
      : deliveries.every((d) => d.status === 'sent')
        ? 'posted'
        : deliveries.some(isOwed)
          ? 'retrying'
          : 'failed';
  return {
    week: record.week,
    status,
    sentNow,
    createdAt: record.createdAt,
    trigger: record.trigger,
    deliveries: deliveries.map(({ team, party, address, status: s, attempts, sentAt, lastError }) => ({
      team,
      party,
      channel: address.kind,
      status: s,
      attempts,
      ...(sentAt ? { sentAt } : {}),
      ...(lastError ? { lastError } : {}),
    })),
  };
}

/** Each coordinator team's channels that carry the digest, and local mode's notifications file. */
function digestDeliveries(ctx: ReportContext, matrix: Matrix): DigestDelivery[] {
  const { deliverer } = ctx.deps;
  const deliveries: DigestDelivery[] = [];
  const add = (team: string, party: string, address: ChannelAddress) =>
    deliveries.push({ key: `${team}:${address.kind}`, team, party, address, status: 'pending', attempts: 0 });
  if (deliverer.carriesDigest('outbox-file')) add('*', '*', { kind: 'outbox-file' });
  for (const team of matrix.coordinatorTeams()) {
    if (team.channels?.slack && deliverer.carriesDigest('slack')) add(team.id, team.party, { kind: 'slack', channel: team.channels.slack });
    if (team.channels?.teams && deliverer.carriesDigest('teams')) add(team.id, team.party, { kind: 'teams', url: team.channels.teams });
  }
  return deliveries;
}

/**
 * The week a digest sums up when none is named: the last one that ended in the review's zone. A named week
 * must have ended: a digest of a week still running would stand for that week's once.
 */
function digestWeekFor(week: string | undefined, zone: string, now: number): string {
  if (week === undefined) return shiftWeek(weekOf(now, zone), -1);
  const { to } = weekPeriod(week, zone);
  if (Date.parse(to) > now) {
    throw new ValidationError('That week has not ended', [{ path: 'week', message: `${week} ends ${to} (Monday 00:00, ${zone}); a digest sums up a week that has ended` }]);
  }
  return week;
}

/** Posts what the record still owes, one channel after another, and writes each result into it. */
async function deliver(ctx: ReportContext, record: DigestRecord): Promise<{ record: DigestRecord; sentNow: number }> {
  let sentNow = 0;
  const deliveries: DigestDelivery[] = [];
  for (const delivery of record.deliveries) {
    if (!isOwed(delivery)) {
      deliveries.push(delivery);
      continue;
    }
    try {
      await ctx.deps.deliverer.sendDigest(delivery.address, record.message);
      sentNow++;
      deliveries.push({ ...delivery, status: 'sent', attempts: delivery.attempts + 1, sentAt: ctx.deps.clock.now().toISOString() });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      ctx.deps.log.warn('weekly digest delivery failed', { tenant: record.message.tenant, week: record.week, team: delivery.team, channel: delivery.address.kind, ...describeError(error) });
      deliveries.push({ ...delivery, status: 'failed', attempts: delivery.attempts + 1, lastError: reason.slice(0, 300) });
    }
  }
  return { record: { ...record, deliveries }, sentNow };
}

/**
 * Posts the week's digest unless it was posted: the first run plans it (the week's report, the message, one
 * delivery per channel) and posts it; a later run posts only what failed before.
 * @param week the ISO week; by default the last week that ended
 * @example await postWeeklyDigest(ctx, 'acme', { trigger: 'on-demand' }) // {week: '2026-W48', status: 'posted', sentNow: 3, …}
 */
export async function postWeeklyDigest(ctx: ReportContext, tenant: string, options: { week?: string; trigger: DigestRecord['trigger'] }): Promise<DigestOutcome> {
  const { deps } = ctx;
  const { matrix } = await ctx.service.matrices.get(tenant);
  const now = deps.clock.now();
  const week = digestWeekFor(options.week, reviewTimeZone(matrix), now.getTime());
  const leaseUntil = new Date(now.getTime() + DIGEST_LEASE_MS).toISOString();

  let held: DigestRecord | null;
  const existing = await deps.reports.digest(tenant, week);
  if (existing === null) {
    const report = await weeklyReport(ctx, tenant, week);
    const planned: DigestRecord = {
      week,
      createdAt: now.toISOString(),
      trigger: options.trigger,
      message: digestMessage({ report, document: matrix.document, reviewUrl: matrix.document.governance.digest?.reviewUrl ?? deps.config.reviewUrl() }),
      deliveries: digestDeliveries(ctx, matrix),
    };
    // Another run planned the same week meanwhile: that plan stands, and this run helps it along if it is free.
    held = (await deps.reports.createDigest(tenant, planned, leaseUntil)) ? planned : await deps.reports.leaseDigest(tenant, week, now.toISOString(), leaseUntil);
  } else {
    if (!existing.deliveries.some(isOwed)) return outcome(existing, 0);
    held = await deps.reports.leaseDigest(tenant, week, now.toISOString(), leaseUntil);
  }
  if (held === null) return outcome((await deps.reports.digest(tenant, week)) ?? existing!, 0, true);

  const { record, sentNow } = await deliver(ctx, held);
  if (!(await deps.reports.releaseDigest(tenant, record, leaseUntil))) {
    deps.log.warn('weekly digest lease ran out before its run ended; its results were not stored', { tenant, week });
  }
  return outcome(record, sentNow);
}

/** The tenant's active matrix; null for a tenant with keys but no matrix yet, which has nothing to sum up. */
async function activeMatrix(ctx: ReportContext, tenant: string): Promise<Matrix | null> {
  try {
    return (await ctx.service.matrices.get(tenant)).matrix;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** The tenants with an API key: the only ones that can have escalations. */
async function tenantsWithKeys(ctx: ReportContext): Promise<string[]> {
  return [...new Set((await ctx.deps.tenants.list()).map((key) => key.tenant))].sort();
}

/**
 * The schedule's tick (every 15 minutes on AWS, every minute and at each manual-clock move locally): posts
 * each tenant's digest that fell due (Monday at governance.digest.time) within the last day and is not
 * posted yet. One tenant's failure does not hold up the others.
 * @example await postDueDigests(ctx) // {due: 2, posted: 1, failed: 0}
 */
export async function postDueDigests(ctx: ReportContext): Promise<{ due: number; posted: number; failed: number }> {
  const now = ctx.deps.clock.now().getTime();
  let due = 0;
  let posted = 0;
  let failed = 0;
  for (const tenant of await tenantsWithKeys(ctx)) {
    try {
      const matrix = await activeMatrix(ctx, tenant);
      if (matrix === null) continue;
      const digest = matrix.document.governance.digest;
      if (!digest) continue;
      const zone = reviewTimeZone(matrix);
      const dueAt = lastDigestDue(digest.time, digest.timeZone ?? zone, now);
      if (now - dueAt > DIGEST_LATE_LIMIT_MS) continue;
      const week = digestWeek(dueAt, zone);
      const existing = await ctx.deps.reports.digest(tenant, week);
      if (existing !== null && !existing.deliveries.some(isOwed)) continue;
      due++;
      const result = await postWeeklyDigest(ctx, tenant, { week, trigger: 'schedule' });
      if (result.sentNow > 0) posted++;
    } catch (error) {
      failed++;
      ctx.deps.log.error('weekly digest failed', { tenant, ...describeError(error) });
    }
  }
  return { due, posted, failed };
}
