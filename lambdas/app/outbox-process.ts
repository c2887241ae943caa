/**
 * Carries out a commit's outbox: schedules first, then deliveries with retry and backoff, then records
 * the outcome. A finished outbox writes nothing more; only work left over is stored, due again later.
 */
import type { EscalationCommand } from '../../shared/escalation/commands.js';
import { deadlineKey, dueDeadlines } from '../../shared/escalation/deadlines.js';
import type { AppDeps } from './deps.js';
import type { Loaded } from './escalations.js';
import { describeError } from './log.js';
import type { Delivery, Outbox, PendingOutbox } from './ports.js';

/** Attempts per delivery before it is given up as failed. */
export const MAX_DELIVERY_ATTEMPTS = 6;
/** Backoff after the n-th failed attempt: 1, 2, 4, 8, 16 minutes… capped at an hour. */
export const backoffMinutes = (attempt: number) => Math.min(60, 2 ** (attempt - 1));
/** A schedule call that failed is tried again by the sweeper after this long. */
const SCHEDULE_RETRY_MS = 60_000;

type Recorder = (tenant: string, ticketId: string, commands: EscalationCommand[], base?: Loaded) => Promise<unknown>;
type Loader = (tenant: string, ticketId: string) => Promise<Loaded>;

const deliveryOf = (forSeq: number, channel: string, target: string) => `${forSeq}\u0000${channel}\u0000${target}`;

/**
 * What a stored outbox still owes, given the escalation as it is now: the deadlines it still has
 * (a schedule call repeated is harmless; one the escalation no longer has is not made), and the
 * deliveries without a final outcome in its events, attempted as often as the events say.
 */
export function outstanding(outbox: Outbox, { history, state }: Loaded): Outbox {
  const current = new Map(dueDeadlines(state).map((d) => [deadlineKey(d), d]));
  const sent = new Set<string>();
  const failedAttempts = new Map<string, number>();
  for (const { event } of history.events) {
    if (event.type === 'notification.sent') sent.add(deliveryOf(event.forSeq, event.channel, event.target));
    if (event.type === 'notification.failed') {
      const key = deliveryOf(event.forSeq, event.channel, event.target);
      failedAttempts.set(key, Math.max(failedAttempts.get(key) ?? 0, event.attempt));
    }
  }
  const deliveries: Delivery[] = [];
  for (const d of outbox.deliveries) {
    const key = deliveryOf(d.forSeq, d.address.kind, d.target);
    const attempts = Math.max(d.attempts, failedAttempts.get(key) ?? 0);
    if (d.status === 'pending' && !sent.has(key) && attempts < MAX_DELIVERY_ATTEMPTS) deliveries.push({ ...d, attempts });
  }
  return {
    schedule: outbox.schedule.filter((d) => current.get(deadlineKey(d))?.dueAt === d.dueAt),
    cancel: outbox.cancel.filter((d) => current.get(deadlineKey(d))?.dueAt !== d.dueAt),
    deliveries,
  };
}

export class OutboxProcessor {
  constructor(
    private readonly deps: AppDeps,
    private readonly record: Recorder,
    private readonly load: Loader,
  ) {}

  /** Right after a commit: schedules now; deliveries in the background (Lambda drains it before answering). */
  async afterCommit(pending: PendingOutbox, written: Loaded): Promise<void> {
    const outbox = await this.applySchedules(pending);
    if (outbox.deliveries.length === 0) {
      // The command is committed whatever happens here: a leftover that cannot be stored is redone by
      // the sweeper from the commit's entry in the outbox log.
      await this.saveLeftover(pending, outbox).catch((error: unknown) =>
        this.deps.log.warn('could not store the outbox left over; the sweeper will redo it', { tenant: pending.tenant, ticketId: pending.ticketId, ...describeError(error) }),
      );
      return;
    }
    this.deps.background.run(() => this.deliverAndSave({ ...pending, outbox }, written));
  }

  /** From the sweeper: whatever the entry still owes, checked against the escalation first. */
  async process(pending: PendingOutbox): Promise<void> {
    const loaded = await this.load(pending.tenant, pending.ticketId);
    const owed = outstanding(pending.outbox, loaded);
    const outbox = await this.applySchedules({ ...pending, outbox: owed }, { recheck: true });
    await this.deliverAndSave({ ...pending, outbox }, loaded);
  }

  /** With `recheck` (the sweeper's second look), a deadline whose schedule already stands is not asked for again. */
  private async applySchedules(pending: PendingOutbox, { recheck = false } = {}): Promise<Outbox> {
    const owner = { tenant: pending.tenant, ticketId: pending.ticketId };
    const failed = async <T>(items: T[], run: (item: T) => Promise<void>) => {
      const left: T[] = [];
      for (const item of items) {
        try {
          await run(item);
        } catch (error) {
          this.deps.log.warn('deadline scheduling failed; the sweeper will retry', { ...owner, ...describeError(error) });
          left.push(item);
        }
      }
      return left;
    };
    const now = this.deps.clock.now().getTime();
    const cancel = await failed(pending.outbox.cancel, (d) => this.deps.scheduler.cancel({ ...d, ...owner }));
    // A deadline already due (its scheduling was delayed by a crash or an outage) fires here and now:
    // a one-time schedule in the past may be refused by the scheduler.
    const schedule = await failed(pending.outbox.schedule, async (d) => {
      if (Date.parse(d.dueAt) <= now) await this.record(pending.tenant, pending.ticketId, [{ type: 'FireDeadline', deadline: d }]);
      else if (!(recheck && (await this.deps.scheduler.isScheduled({ ...d, ...owner })))) await this.deps.scheduler.schedule({ ...d, ...owner });
    });
    return { ...pending.outbox, schedule, cancel };
  }

  private async deliverAndSave(pending: PendingOutbox, written?: Loaded): Promise<void> {
    const now = this.deps.clock.now();
    const due = (d: Delivery) => d.status === 'pending' && (d.nextAttemptAt === undefined || Date.parse(d.nextAttemptAt) <= now.getTime());
    const deliveries = await Promise.all(pending.outbox.deliveries.map((d) => (due(d) ? this.attempt(d, now) : d)));
    const commands: EscalationCommand[] = deliveries
      .filter((d, i) => d.attempts !== pending.outbox.deliveries[i]!.attempts)
      .map((d) => ({
        type: 'RecordNotification',
        outcome: d.status === 'sent' ? 'sent' : 'failed',
        forSeq: d.forSeq,
        channel: d.address.kind,
        target: d.target,
        attempt: d.attempts,
        ...(d.lastError ? { error: d.lastError } : {}),
      }));
    if (commands.length > 0) {
      await this.record(pending.tenant, pending.ticketId, commands, written).catch((error: unknown) =>
        this.deps.log.warn('could not record notification outcomes', { tenant: pending.tenant, ticketId: pending.ticketId, ...describeError(error) }),
      );
    }
    await this.saveLeftover(pending, { ...pending.outbox, deliveries });
  }

  private async attempt(delivery: Delivery, now: Date): Promise<Delivery> {
    const attempts = delivery.attempts + 1;
    try {
      await this.deps.deliverer.send(delivery.address, delivery.message);
      return { ...delivery, attempts, status: 'sent', nextAttemptAt: undefined, lastError: undefined };
    } catch (error) {
      const lastError = error instanceof Error ? error.message.slice(0, 300) : 'delivery failed';
      this.deps.log.warn('notification delivery failed', { channel: delivery.address.kind, forSeq: delivery.forSeq, attempts, error: lastError });
      if (attempts >= MAX_DELIVERY_ATTEMPTS) return { ...delivery, attempts, status: 'failed', lastError };
      return { ...delivery, attempts, lastError, nextAttemptAt: new Date(now.getTime() + backoffMinutes(attempts) * 60_000).toISOString() };
    }
  }

  /** Stores what is left to do, due when it is next tried; a finished outbox writes nothing. */
  private async saveLeftover(pending: PendingOutbox, outbox: Outbox): Promise<void> {
    const now = this.deps.clock.now();
    const retryAt = outbox.schedule.length > 0 || outbox.cancel.length > 0 ? new Date(now.getTime() + SCHEDULE_RETRY_MS).toISOString() : undefined;
    const deliveryAt = outbox.deliveries
      .filter((d) => d.status === 'pending')
      .map((d) => d.nextAttemptAt ?? now.toISOString())
      .sort()[0];
    const next = [retryAt, deliveryAt].filter((x): x is string => x !== undefined).sort()[0];
    if (next !== undefined) await this.deps.outbox.updateOutbox(pending, outbox, next);
  }
}
