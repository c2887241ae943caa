/** DeadlineScheduler for one machine: an in-memory agenda rebuilt from the store at start, fired in due order. */
import { deadlineKey } from '../../shared/escalation/deadlines.js';
import type { Clock, DeadlineFiring, DeadlineScheduler, ScheduledDeadline } from '../../shared/ports.js';

const RETRY_MS = 60_000;
const nameOf = (d: ScheduledDeadline) => `${d.tenant}\u0000${d.ticketId}\u0000${deadlineKey(d)}`;
const byDue = (a: ScheduledDeadline, b: ScheduledDeadline) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0);

export class LocalDeadlineScheduler implements DeadlineScheduler {
  private readonly agenda = new Map<string, ScheduledDeadline>();
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer goes off; scheduling something later leaves it alone (no scan, no sort). */
  private timerAt: string | undefined;
  private firing: Promise<number> | undefined;
  /** Delivers a firing; resolves to how many deadlines it recorded (one firing records every one due by now). */
  private onFire: ((firing: DeadlineFiring) => Promise<number>) | undefined;

  /** With `autoFire`, a timer fires deadlines as the (system) clock reaches them. */
  constructor(
    private readonly clock: Clock,
    private readonly autoFire: boolean,
  ) {}

  /** Where due deadlines go: the same application function the Lambda scheduler target calls. */
  start(onFire: (firing: DeadlineFiring) => Promise<number>): void {
    this.onFire = onFire;
    this.arm(this.earliest()?.dueAt);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timerAt = undefined;
    this.onFire = undefined;
  }

  async schedule(deadline: ScheduledDeadline): Promise<void> {
    this.agenda.set(nameOf(deadline), deadline);
    if (this.timerAt === undefined || deadline.dueAt < this.timerAt) this.arm(deadline.dueAt);
  }

  /** A cancelled deadline may leave an early timer armed: it then finds nothing due and re-arms. */
  async cancel(deadline: ScheduledDeadline): Promise<void> {
    this.agenda.delete(nameOf(deadline));
  }

  async isScheduled(deadline: ScheduledDeadline): Promise<boolean> {
    return this.agenda.has(nameOf(deadline));
  }

  /** The agenda in due order (for inspection; the scheduler itself never sorts all of it). */
  pending(): ScheduledDeadline[] {
    return [...this.agenda.values()].sort(byDue);
  }

  /** Fires every deadline due by now, earliest first (including ones that firing makes due); returns how many deadlines were recorded. */
  fireDue(): Promise<number> {
    // One sweep at a time: a second caller waits for the running one, then looks again.
    const run = (this.firing ?? Promise.resolve(0)).then(() => this.fireLoop());
    this.firing = run.finally(() => {
      if (this.firing === run) this.firing = undefined;
    });
    return run;
  }

  private earliest(): ScheduledDeadline | undefined {
    let first: ScheduledDeadline | undefined;
    for (const d of this.agenda.values()) if (first === undefined || d.dueAt < first.dueAt) first = d;
    return first;
  }

  private async fireLoop(): Promise<number> {
    let fired = 0;
    for (;;) {
      const now = this.clock.now().toISOString();
      const due = [...this.agenda.values()].filter((d) => d.dueAt <= now).sort(byDue);
      if (due.length === 0 || !this.onFire) break;
      for (const next of due) {
        // Like EventBridge's ActionAfterCompletion DELETE: a fired schedule is gone.
        if (this.agenda.get(nameOf(next)) !== next) continue;
        this.agenda.delete(nameOf(next));
        try {
          fired += await this.onFire({ tenant: next.tenant, ticketId: next.ticketId, deadline: next, dueAt: next.dueAt });
        } catch {
          // Like EventBridge's retry policy: try again a minute later (the handler logged why).
          this.agenda.set(nameOf(next), { ...next, dueAt: new Date(this.clock.now().getTime() + RETRY_MS).toISOString() });
        }
      }
    }
    this.arm(this.earliest()?.dueAt);
    return fired;
  }

  private arm(at: string | undefined): void {
    clearTimeout(this.timer);
    this.timerAt = undefined;
    if (!this.autoFire || !this.onFire || at === undefined) return;
    this.timerAt = at;
    const delay = Math.max(0, Math.min(Date.parse(at) - this.clock.now().getTime(), 2 ** 31 - 1));
    this.timer = setTimeout(() => {
      this.timerAt = undefined;
      void this.fireDue();
    }, delay);
    this.timer.unref();
  }
}
