/** Races through the HTTP API: concurrent commands, deadlines delivered more than once, idempotency keys. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeadlineNotDueError, fireDeadline } from '../../lambdas/app/background.js';
import { eventsOf, handoffBody, startTestBaton, type ErrorAnswer, type HandoffAnswer, type TestBaton } from '../support/baton.js';
import { opened, firingOf } from '../support/reliability.js';

describe('concurrent commands', () => {
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton();
  });
  afterAll(() => h.stop());

  it('accepts exactly one of 20 concurrent handoff requests and answers the others 409', async () => {
    await opened(h, '2001');

    const answers = await Promise.all(Array.from({ length: 20 }, () => h.call<HandoffAnswer | ErrorAnswer>('POST', '/v1/escalations/2001/handoffs', handoffBody())));

    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
    expect(answers.filter((a) => a.status === 409).every((a) => (a.body as ErrorAnswer).error.code === 'conflict')).toBe(true);
    const view = await h.view('2001');
    expect(eventsOf(view, 'handoff.requested')).toHaveLength(1);
    expect(view.handoffs.map((x) => x.id)).toEqual(['h1']);
  });
});

describe('deadlines delivered more than once', () => {
  let h: TestBaton;
  beforeEach(async () => {
    h = await startTestBaton();
  });
  afterEach(() => h.stop());

  it('acts once on the same deadline delivered three times', async () => {
    await opened(h, '2101');
    const firing = firingOf(h, '2101', 'sla-warning', 0.5);
    h.clock().set(new Date(firing.dueAt));

    const results = [await fireDeadline(h.baton.service, firing), await fireDeadline(h.baton.service, firing), await fireDeadline(h.baton.service, firing)];

    expect(results).toEqual([{ recorded: 1 }, { recorded: 0 }, { recorded: 0 }]);
    expect(eventsOf(await h.view('2101'), 'sla.warning')).toMatchObject([{ fraction: 0.5, generation: 1, at: '2026-11-30T11:00:00.000Z' }]);
  });

  it('acts once on the same deadline delivered three times at once', async () => {
    await opened(h, '2102');
    const firing = firingOf(h, '2102', 'sla-breach');
    h.clock().set(new Date(firing.dueAt));

    const results = await Promise.all([1, 2, 3].map(() => fireDeadline(h.baton.service, firing)));

    // One delivery records the 50% and 75% warnings and the breach, each at its own instant; the others find nothing.
    expect(results.map((r) => r.recorded).sort()).toEqual([0, 0, 3]);
    expect(eventsOf(await h.view('2102'), 'sla.breached')).toMatchObject([{ at: firing.dueAt }]);
  });

  it('refuses a firing that arrives before its due instant, so that the scheduler delivers it again', async () => {
    await opened(h, '2104');
    const firing = firingOf(h, '2104', 'sla-breach');
    h.clock().set(new Date(Date.parse(firing.dueAt) - 1000));

    await expect(fireDeadline(h.baton.service, firing)).rejects.toBeInstanceOf(DeadlineNotDueError);

    expect(eventsOf(await h.view('2104'), 'sla.breached')).toEqual([]);
    h.clock().set(new Date(firing.dueAt));
    expect(await fireDeadline(h.baton.service, firing)).toEqual({ recorded: 1 });
    expect(eventsOf(await h.view('2104'), 'sla.breached')).toMatchObject([{ at: firing.dueAt }]);
  });

  it('knows an acknowledgement firing scheduled before firings named their handoff, refused early and recorded once due', async () => {
    await opened(h, '2105');
    await h.call('POST', '/v1/escalations/2105/handoffs', handoffBody());
    const { tenant, dueAt, deadline } = firingOf(h, '2105', 'ack-due');
    const older = { tenant, ticketId: '2105', dueAt, deadline: { kind: 'ack-due', generation: deadline.generation } };
    h.clock().set(new Date(Date.parse(dueAt) - 1000));

    await expect(fireDeadline(h.baton.service, older)).rejects.toMatchObject({ key: 'ack-due-h1' });

    h.clock().set(new Date(dueAt));
    expect(await fireDeadline(h.baton.service, older)).toEqual({ recorded: 1 });
    expect(eventsOf(await h.view('2105'), 'handoff.ack-overdue')).toMatchObject([{ handoffId: 'h1', at: dueAt }]);
  });

  it('ignores a deadline of a plan that a pause and resume replaced', async () => {
    await opened(h, '2103');
    const stale = firingOf(h, '2103', 'sla-warning', 0.5);
    await h.call('POST', '/v1/escalations/2103/pause', { actor: { id: 'agent-nick' }, reason: 'Waiting for the carrier' });
    h.clock().advance(10);
    await h.call('POST', '/v1/escalations/2103/resume', { actor: { id: 'agent-nick' } });
    const current = firingOf(h, '2103', 'sla-warning', 0.5);
    // Past the stale deadline (11:00), before the current one (11:10, the pause moved it).
    h.clock().set(new Date(Date.parse(current.dueAt) - 5 * 60_000));

    const result = await fireDeadline(h.baton.service, stale);

    expect(result).toEqual({ recorded: 0 });
    expect(eventsOf(await h.view('2103'), 'sla.warning')).toEqual([]);
    // The current generation's firing is acted on: the stale one was refused for its generation, not its time.
    expect(current.deadline.generation).toBe(2);
    h.clock().set(new Date(current.dueAt));
    expect(await fireDeadline(h.baton.service, current)).toEqual({ recorded: 1 });
    expect(eventsOf(await h.view('2103'), 'sla.warning')).toMatchObject([{ generation: 2, at: current.dueAt }]);
  });
});

describe('idempotency keys', () => {
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton();
  });
  afterAll(() => h.stop());

  it('answers a repeated request with the same key and body from memory, with one effect', async () => {
    await opened(h, '7001');
    const headers = { 'idempotency-key': 'handoff-7001-a' };
    const first = await h.call('POST', '/v1/escalations/7001/handoffs', handoffBody(), { headers });

    const again = await h.call('POST', '/v1/escalations/7001/handoffs', handoffBody(), { headers });

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    for (const header of ['location', 'cache-control', 'x-content-type-options', 'content-type']) {
      expect(again.headers.get(header), header).toBe(first.headers.get(header));
    }
    expect(first.headers.get('location')).toBe('/v1/escalations/7001');
    expect(eventsOf(await h.view('7001'), 'handoff.requested')).toHaveLength(1);
  });

  it('refuses the same key with a different body', async () => {
    await opened(h, '7002');
    const headers = { 'idempotency-key': 'handoff-7002-a' };
    expect((await h.call('POST', '/v1/escalations/7002/handoffs', handoffBody(), { headers })).status).toBe(201);

    const other = await h.call<ErrorAnswer>('POST', '/v1/escalations/7002/handoffs', handoffBody({ toTeam: 'msp-l2' }), { headers });

    expect(other.status).toBe(409);
    expect(other.body.error).toEqual({ code: 'conflict', message: 'This Idempotency-Key was already used for a different request' });
    expect((await h.view('7002')).handoffs.map((x) => x.to.team)).toEqual(['infrastructure']);
  });

  it('gives two simultaneous requests with the same key one effect', async () => {
    await opened(h, '7003');
    const headers = { 'idempotency-key': 'handoff-7003-a' };

    const answers = await Promise.all([1, 2].map(() => h.call('POST', '/v1/escalations/7003/handoffs', handoffBody(), { headers })));

    expect(answers.map((a) => a.status)).toContain(201);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    expect(eventsOf(await h.view('7003'), 'handoff.requested')).toHaveLength(1);
  });
});
