/** DeadlineScheduler for one machine: an in-memory agenda rebuilt from the store at start, fired in due order. */
import { deadlineKey } from '../../shared/escalation/deadlines.js';
import type { Clock, DeadlineFiring, DeadlineScheduler, ScheduledDeadline } from '../../shared/ports.js';

const RETRY_MS = 60_000;
const nameOf = (d: ScheduledDeadline) => `${d.tenant}\u0000${d.ticketId}\u0000${deadlineKey(d)}`;

export class LocalDeadlineScheduler implements DeadlineScheduler {
  private readonly agenda = new Map<string, ScheduledDeadline>();
  private timer: NodeJS.Timeout | undefined;
  private firing: Promise<number> | undefined;
  private onFire: ((firing: DeadlineFiring) => Promise<void>) | undefined;

  /** With `autoFire`, a timer fires deadlines as the (system) clock reaches them. */
  constructor(
    private readonly clock: Clock,
    private readonly autoFire: boolean,
  ) {}

  /** Where due deadlines go: the same application function the Lambda scheduler target calls. */
  start(onFire: (firing: DeadlineFiring) => Promise<void>): void {
    this.onFire = onFire;
    this.arm();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.onFire = undefined;
  }

  async schedule(deadline: ScheduledDeadline): Promise<void> {
    this.agenda.set(nameOf(deadline), deadline);
    this.arm();
  }

  async cancel(deadline: ScheduledDeadline): Promise<void> {
    this.agenda.delete(nameOf(deadline));
    this.arm();
  }

  pending(): ScheduledDeadline[] {
    return [...this.agenda.values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  /** Fires every deadline due by now, earliest first (including ones that firing makes due); returns how many. */
  fireDue(): Promise<number> {
    // One sweep at a time: a second caller waits for the running one, then looks again.
    const run = (this.firing ?? Promise.resolve(0)).then(() => this.fireLoop());
    this.firing = run.finally(() => {
      if (this.firing === run) this.firing = undefined;
    });
    return run;
  }

  private async fireLoop(): Promise<number> {
    let fired = 0;
    for (;;) {
      const now = this.clock.now().toISOString();
      const next = this.pending()[0];
      if (!next || next.dueAt > now || !this.onFire) break;
      // Like EventBridge's ActionAfterCompletion DELETE: a fired schedule is gone.
      this.agenda.delete(nameOf(next));
      try {
        await this.onFire({ tenant: next.tenant, ticketId: next.ticketId, deadline: next, dueAt: next.dueAt });
        fired++;
      } catch {
        // Like EventBridge's retry policy: try again a minute later (the handler logged why).
        this.agenda.set(nameOf(next), { ...next, dueAt: new Date(this.clock.now().getTime() + RETRY_MS).toISOString() });
        break;
      }
    }
    this.arm();
    return fired;
  }

  private arm(): void {
    if (!this.autoFire || !this.onFire) return;
    clearTimeout(this.timer);
    const next = this.pending()[0];
    if (!next) return;
    const delay = Math.max(0, Math.min(Date.parse(next.dueAt) - this.clock.now().getTime(), 2 ** 31 - 1));
    this.timer = setTimeout(() => void this.fireDue(), delay);
    this.timer.unref();
  }
}
