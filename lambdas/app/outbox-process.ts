/** Carries out a commit's outbox: schedules first, then deliveries with retry and backoff, then records the outcome. */
import type { EscalationCommand } from '../../shared/escalation/commands.js';
import type { Delivery, Outbox, PendingOutbox } from '../../shared/ports.js';
import type { AppDeps } from './deps.js';
import type { Loaded } from './escalations.js';
import { describeError } from './log.js';

/** Attempts per delivery before it is given up as failed. */
export const MAX_DELIVERY_ATTEMPTS = 6;
/** Backoff after the n-th failed attempt: 1, 2, 4, 8, 16 minutes… capped at an hour. */
export const backoffMinutes = (attempt: number) => Math.min(60, 2 ** (attempt - 1));
/** A schedule call that failed is tried again by the sweeper after this long. */
const SCHEDULE_RETRY_MS = 60_000;

type Recorder = (tenant: string, ticketId: string, commands: EscalationCommand[], base?: Loaded) => Promise<unknown>;

export class OutboxProcessor {
  constructor(
    private readonly deps: AppDeps,
    private readonly record: Recorder,
  ) {}

  /** Right after a commit: schedules now; deliveries in the background (Lambda drains it before answering). */
  async afterCommit(pending: PendingOutbox, written: Loaded): Promise<void> {
    const outbox = await this.applySchedules(pending);
    if (outbox.deliveries.length === 0) {
      await this.save(pending, outbox);
      return;
    }
    this.deps.background.run(() => this.deliverAndSave({ ...pending, outbox }, written));
  }

  /** From the sweeper: everything still owed and due. */
  async process(pending: PendingOutbox): Promise<void> {
    const outbox = await this.applySchedules(pending);
    await this.deliverAndSave({ ...pending, outbox });
  }

  private async applySchedules(pending: PendingOutbox): Promise<Outbox> {
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
    const schedule = await failed(pending.outbox.schedule, (d) =>
      Date.parse(d.dueAt) <= now
        ? this.record(pending.tenant, pending.ticketId, [{ type: 'FireDeadline', deadline: d }]).then(() => undefined)
        : this.deps.scheduler.schedule({ ...d, ...owner }),
    );
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
    await this.save(pending, { ...pending.outbox, deliveries });
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

  private async save(pending: PendingOutbox, outbox: Outbox): Promise<void> {
    const retryAt = outbox.schedule.length > 0 || outbox.cancel.length > 0 ? new Date(this.deps.clock.now().getTime() + SCHEDULE_RETRY_MS).toISOString() : null;
    const deliveryAt = outbox.deliveries
      .filter((d) => d.status === 'pending')
      .map((d) => d.nextAttemptAt ?? this.deps.clock.now().toISOString())
      .sort()[0];
    const next = [retryAt, deliveryAt].filter((x): x is string => x !== null && x !== undefined).sort()[0] ?? null;
    await this.deps.store.updateOutbox(pending, outbox, next);
  }
}
