/**
 * The exact record through the HTTP API: a deadline is recorded as of the instant it fell due, whenever
 * it is noticed (a step of the clock, a jump, or a command that arrives before any firing), and a target
 * is met only when the escalation is resolved before its due instant.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EscalationView } from '../../shared/escalation/view.js';
import { eventsOf, startTestBaton, type TestBaton } from '../support/baton.js';
import { MSP_NOC, SERVICE_DESK, handedOff, opened } from '../support/reliability.js';

/** The example matrix's p1 (network, tier 1): 240 minutes round the clock, warnings at 50% and 75%. Opened at START (09:00). */
const DUE = '2026-11-30T13:00:00.000Z';

/** The deadline events of a timeline without what depends on when they were noticed (`recordedAt`) or on notification bookkeeping (`seq`). */
const deadlineRecord = (view: EscalationView) =>
  view.timeline
    .filter((e) => e.type.startsWith('sla.') || e.type.startsWith('handoff.'))
    .map((e) => {
      const { seq: _seq, recordedAt: _recordedAt, ...rest } = e as Record<string, unknown>;
      return rest;
    });

const resolveBody = { actor: { id: 'agent-nick' }, resolution: 'Core switch replaced' };

describe('deadlines recorded as of their due instant, through the API', () => {
  // Every test moves time, so every test gets Batons (and clocks) of its own.
  let batons: TestBaton[] = [];
  const start = async () => {
    const h = await startTestBaton();
    batons.push(h);
    return h;
  };
  afterEach(async () => {
    await Promise.all(batons.map((h) => h.stop()));
    batons = [];
  });

  it('gives the same record for 300 one-minute steps of the clock as for one 300-minute jump, apart from when each deadline was noticed', async () => {
    const [stepped, jumped] = await Promise.all([start(), start()]);
    for (const h of [stepped, jumped]) {
      await opened(h, '4521');
      await handedOff(h, '4521');
    }

    for (let minute = 0; minute < 300; minute++) await stepped.advance(1);
    await jumped.advance(300);

    const [steps, jump] = await Promise.all([stepped.view('4521'), jumped.view('4521')]);
    expect(deadlineRecord(steps)).toEqual(deadlineRecord(jump));
    const fellDue = (view: EscalationView) =>
      view.timeline.flatMap((e) =>
        e.type === 'sla.warning' || e.type === 'sla.breached' || e.type === 'handoff.ack-overdue'
          ? [{ type: e.type, at: e.at, recordedAt: e.recordedAt, ...('elapsedBusinessMinutes' in e ? { elapsedBusinessMinutes: e.elapsedBusinessMinutes } : {}) }]
          : [],
      );
    // Stepping, each deadline is noticed the minute it falls due; jumping, all of them at 14:00.
    expect(fellDue(steps)).toEqual([
      { type: 'handoff.ack-overdue', at: '2026-11-30T09:15:00.000Z', recordedAt: '2026-11-30T09:15:00.000Z' },
      { type: 'sla.warning', at: '2026-11-30T11:00:00.000Z', recordedAt: '2026-11-30T11:00:00.000Z', elapsedBusinessMinutes: 120 },
      { type: 'sla.warning', at: '2026-11-30T12:00:00.000Z', recordedAt: '2026-11-30T12:00:00.000Z', elapsedBusinessMinutes: 180 },
      { type: 'sla.breached', at: DUE, recordedAt: DUE, elapsedBusinessMinutes: 240 },
    ]);
    expect(fellDue(jump)).toEqual([
      { type: 'handoff.ack-overdue', at: '2026-11-30T09:15:00.000Z', recordedAt: '2026-11-30T14:00:00.000Z' },
      { type: 'sla.warning', at: '2026-11-30T11:00:00.000Z', recordedAt: '2026-11-30T14:00:00.000Z', elapsedBusinessMinutes: 120 },
      { type: 'sla.warning', at: '2026-11-30T12:00:00.000Z', recordedAt: '2026-11-30T14:00:00.000Z', elapsedBusinessMinutes: 180 },
      { type: 'sla.breached', at: DUE, recordedAt: '2026-11-30T14:00:00.000Z', elapsedBusinessMinutes: 240 },
    ]);
    expect(eventsOf(jump, 'sla.warning').map((e) => e.fraction)).toEqual([0.5, 0.75]);
    for (const view of [steps, jump]) {
      expect(view.sla).toMatchObject({ dueAt: DUE, warnedAt: '2026-11-30T12:00:00.000Z', breachedAt: DUE, withinTarget: false });
    }
  }, 60_000); // 300 calls of the dev clock: a few seconds alone, more on a busy machine.

  it('records a resolution at the due instant as a breach first, and tells both parties of it', async () => {
    const h = await start();
    const { sla } = await opened(h, '4521');
    expect(sla.dueAt).toBe(DUE);
    h.clock().set(new Date(sla.dueAt!));

    const answer = await h.call<EscalationView>('POST', '/v1/escalations/4521/resolve', resolveBody);

    expect(answer.status).toBe(200);
    const record = answer.body.timeline.filter((e) => e.type.startsWith('sla.') || e.type === 'escalation.resolved').map((e) => e.type);
    expect(record).toEqual(['sla.warning', 'sla.warning', 'sla.breached', 'escalation.resolved']);
    expect(eventsOf(answer.body, 'sla.breached')).toMatchObject([{ at: DUE, recordedAt: DUE, elapsedBusinessMinutes: 240, notify: [MSP_NOC, SERVICE_DESK] }]);
    expect(eventsOf(answer.body, 'escalation.resolved')).toMatchObject([{ at: DUE, withinTarget: false, elapsedBusinessMinutes: 240 }]);
    expect(answer.body.sla).toMatchObject({ breachedAt: DUE, withinTarget: false });
    await h.baton.tasks.drain();
    const breachNotices = (await h.notifications()).filter((line) => line.eventType === 'sla.breached');
    expect(breachNotices.map((line) => ({ ticketId: line.ticketId, to: line.recipients.map(({ team, party }) => ({ team, party })) }))).toEqual([
      { ticketId: '4521', to: [MSP_NOC, SERVICE_DESK] },
    ]);
  });

  it('counts a resolution one second before the due instant as within the target, with no breach', async () => {
    const h = await start();
    await opened(h, '4521');
    h.clock().set(new Date(Date.parse(DUE) - 1_000));

    const answer = await h.call<EscalationView>('POST', '/v1/escalations/4521/resolve', resolveBody);

    expect(answer.status).toBe(200);
    expect(eventsOf(answer.body, 'sla.breached')).toEqual([]);
    expect(eventsOf(answer.body, 'escalation.resolved')).toMatchObject([{ at: '2026-11-30T12:59:59.000Z', withinTarget: true }]);
    expect(answer.body.sla).toMatchObject({ breachedAt: null, withinTarget: true });
    expect((await h.view('4521')).sla.withinTarget).toBe(true);
  });

  it('records a breach no firing delivered as of its due instant, before a resolution that arrives 30 seconds later', async () => {
    const h = await start();
    await opened(h, '4521');
    // The clock moves, but no firing arrives (a late scheduler): only the resolution notices the breach.
    h.clock().set(new Date(Date.parse(DUE) + 30_000));

    const answer = await h.call<EscalationView>('POST', '/v1/escalations/4521/resolve', resolveBody);

    expect(answer.status).toBe(200);
    const tail = answer.body.timeline.filter((e) => e.type === 'sla.breached' || e.type === 'escalation.resolved');
    expect(tail).toMatchObject([
      { type: 'sla.breached', at: DUE, recordedAt: '2026-11-30T13:00:30.000Z', elapsedBusinessMinutes: 240, dueAt: DUE },
      { type: 'escalation.resolved', at: '2026-11-30T13:00:30.000Z', withinTarget: false, elapsedBusinessMinutes: 240.5 },
    ]);
    expect(tail[0]!.seq).toBeLessThan(tail[1]!.seq);
    expect(answer.body.sla).toMatchObject({ breachedAt: DUE, withinTarget: false });
  });

  it('says in the breach notice when the target was breached and, when that was more than a minute earlier, when it was noticed', async () => {
    const [onTime, late, halfMinuteLate] = await Promise.all([start(), start(), start()]);
    for (const h of [onTime, late, halfMinuteLate]) await opened(h, '4521');

    await onTime.advance(240);
    await late.advance(250);
    halfMinuteLate.clock().set(new Date(Date.parse(DUE) + 30_000));
    expect((await halfMinuteLate.call('POST', '/v1/escalations/4521/resolve', resolveBody)).status).toBe(200);

    const breachNotice = async (h: TestBaton) => {
      await h.baton.tasks.drain();
      const [line, ...more] = (await h.notifications()).filter((l) => l.eventType === 'sla.breached');
      expect(more).toEqual([]);
      return { severity: line?.severity, title: line?.title, lines: line?.lines };
    };
    const owner = 'Owner: MSP Network Operations Centre (msp)';
    expect(await breachNotice(late)).toEqual({
      severity: 'critical',
      title: 'SLA breached at 2026-11-30 13:00 UTC',
      lines: ['Breached at 2026-11-30 13:00 UTC', 'Noticed at 2026-11-30 13:10 UTC', owner, 'Elapsed: 240 business min'],
    });
    expect(await breachNotice(onTime)).toEqual({
      severity: 'critical',
      title: 'SLA breached at 2026-11-30 13:00 UTC',
      lines: ['Breached at 2026-11-30 13:00 UTC', owner, 'Elapsed: 240 business min'],
    });
    // Noticed 30 seconds late: not worth a line.
    expect((await breachNotice(halfMinuteLate)).lines).toEqual(['Breached at 2026-11-30 13:00 UTC', owner, 'Elapsed: 240 business min']);
  });
});
