import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lambdas/adapters/clock.js';
import { LocalDeadlineScheduler } from '../../lambdas/local/local-scheduler.js';
import type { DeadlineFiring, ScheduledDeadline } from '../../shared/ports.js';

const deadline = (ticketId: string, dueAt: string, generation = 1): ScheduledDeadline => ({ tenant: 't', ticketId, kind: 'sla-breach', generation, dueAt });

function setup() {
  const clock = new ManualClock(new Date('2026-11-30T09:00:00.000Z'));
  const scheduler = new LocalDeadlineScheduler(clock, false);
  const fired: DeadlineFiring[] = [];
  scheduler.start(async (firing) => {
    fired.push(firing);
    return 1;
  });
  return { clock, scheduler, fired };
}

describe('the local deadline scheduler', () => {
  it('fires due deadlines earliest first, once each', async () => {
    const { clock, scheduler, fired } = setup();
    await scheduler.schedule(deadline('b', '2026-11-30T09:20:00.000Z'));
    await scheduler.schedule(deadline('a', '2026-11-30T09:10:00.000Z'));
    await scheduler.schedule(deadline('c', '2026-11-30T10:00:00.000Z'));

    clock.advance(30);
    const count = await scheduler.fireDue();
    const again = await scheduler.fireDue();

    expect(count).toBe(2);
    expect(again).toBe(0);
    expect(fired.map((f) => f.ticketId)).toEqual(['a', 'b']);
    expect(scheduler.pending().map((d) => d.ticketId)).toEqual(['c']);
  });

  it('never fires a cancelled deadline', async () => {
    const { clock, scheduler, fired } = setup();
    await scheduler.schedule(deadline('a', '2026-11-30T09:10:00.000Z'));
    await scheduler.cancel(deadline('a', '2026-11-30T09:10:00.000Z'));

    clock.advance(30);
    await scheduler.fireDue();

    expect(fired).toEqual([]);
  });

  it('knows a deadline as scheduled from when it is made until it fires or is cancelled', async () => {
    const { clock, scheduler } = setup();
    const [fires, cancelled] = [deadline('a', '2026-11-30T09:10:00.000Z'), deadline('b', '2026-11-30T09:50:00.000Z')];
    expect(await scheduler.isScheduled(fires)).toBe(false);
    await scheduler.schedule(fires);
    await scheduler.schedule(cancelled);
    expect([await scheduler.isScheduled(fires), await scheduler.isScheduled(cancelled)]).toEqual([true, true]);

    await scheduler.cancel(cancelled);
    clock.advance(30);
    await scheduler.fireDue();

    expect([await scheduler.isScheduled(fires), await scheduler.isScheduled(cancelled)]).toEqual([false, false]);
  });

  it('treats scheduling the same deadline twice as one', async () => {
    const { clock, scheduler, fired } = setup();
    await scheduler.schedule(deadline('a', '2026-11-30T09:10:00.000Z'));
    await scheduler.schedule(deadline('a', '2026-11-30T09:10:00.000Z'));

    clock.advance(30);
    await scheduler.fireDue();

    expect(fired).toHaveLength(1);
  });

  it('tries a failed firing again a minute later, without holding up the others', async () => {
    const clock = new ManualClock(new Date('2026-11-30T09:00:00.000Z'));
    const scheduler = new LocalDeadlineScheduler(clock, false);
    const attempts: string[] = [];
    scheduler.start(async (firing) => {
      attempts.push(firing.ticketId);
      if (firing.ticketId === 'a' && attempts.length === 1) throw new Error('store down');
      return 1;
    });
    await scheduler.schedule(deadline('a', '2026-11-30T09:10:00.000Z'));
    await scheduler.schedule(deadline('b', '2026-11-30T09:11:00.000Z'));

    clock.advance(15);
    await scheduler.fireDue();
    clock.advance(1);
    await scheduler.fireDue();

    expect(attempts).toEqual(['a', 'b', 'a']);
    expect(scheduler.pending()).toEqual([]);
  });

  it('fires on its own when the system clock reaches a deadline', async () => {
    const scheduler = new LocalDeadlineScheduler({ now: () => new Date() }, true);
    const fired = new Promise<DeadlineFiring>((resolve) =>
      scheduler.start(async (firing) => {
        resolve(firing);
        return 1;
      }),
    );

    await scheduler.schedule(deadline('soon', new Date(Date.now() + 20).toISOString()));

    expect((await fired).ticketId).toBe('soon');
    scheduler.stop();
  });
});
