/** Recovery through the HTTP API: a killed server, a failing store, a failing scheduler. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sweepOutboxes } from '../../lambdas/app/background.js';
import type { EscalationView } from '../../shared/escalation/view.js';
import { eventsOf, eventually, handoffBody, openBody, readNotifications, request, spawnManualBaton, START, startTestBaton, type BatonProcess, type HandoffAnswer, type TestBaton } from '../support/baton.js';
import { UNAVAILABLE, opened } from '../support/reliability.js';

describe('a server killed mid-run (SIGKILL) and started again', () => {
  const AFTER_ACK_DUE = '2026-11-30T09:30:00Z';
  let dataDir = '';
  const servers: BatonProcess[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-kill-'));
  });
  afterAll(async () => {
    // A graceful stop for the server still running; SIGKILL if it does not go within 5 s.
    for (const server of servers) {
      if (server.child.exitCode !== null || server.child.signalCode !== null) continue;
      server.child.kill('SIGTERM');
      const timer = setTimeout(() => server.child.kill('SIGKILL'), 5_000);
      await server.exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (clockStart: string) => {
    const server = await spawnManualBaton(dataDir, clockStart);
    servers.push(server);
    return server;
  };
  /** A view's lasting record: what a restart must keep (notification outcomes may be redone, at least once). */
  const record = (view: EscalationView) => ({
    state: view.state,
    owner: view.owner,
    handoffs: view.handoffs,
    sla: { policy: view.sla.policy, startedAt: view.sla.startedAt, dueAt: view.sla.dueAt, paused: view.sla.paused },
    timeline: view.timeline.filter((e) => !e.type.startsWith('notification.')),
  });

  it('keeps every escalation and fires at start the acknowledgement that fell due while it was down', async () => {
    const first = await start(START);
    const call = <T>(server: BatonProcess, method: string, path: string, body?: unknown) => request<T>(server.url, method, path, body);
    for (const ticketId of ['3001', '3002', '3003']) expect((await call(first, 'POST', '/v1/escalations', openBody(ticketId))).status).toBe(201);
    expect((await call(first, 'POST', '/v1/escalations/3003/pause', { actor: { id: 'agent-nick' }, reason: 'Waiting for the carrier' })).status).toBe(200);
    const handoff = await call<HandoffAnswer>(first, 'POST', '/v1/escalations/3001/handoffs', handoffBody());
    expect(handoff.status).toBe(201);
    const before = await Promise.all(['3001', '3002', '3003'].map(async (id) => (await call<EscalationView>(first, 'GET', `/v1/escalations/${id}`)).body));

    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const second = await start(AFTER_ACK_DUE);

    const after = await Promise.all(['3001', '3002', '3003'].map((id) => call<EscalationView>(second, 'GET', `/v1/escalations/${id}`)));
    expect(after.map((a) => a.status)).toEqual([200, 200, 200]);
    const [h3001, h3002, h3003] = after.map((a) => record(a.body));
    expect(h3002).toEqual(record(before[1]!));
    expect(h3003).toEqual(record(before[2]!));
    // Recorded as of its due instant, noticed at the restart.
    const overdue = { type: 'handoff.ack-overdue', at: '2026-11-30T09:15:00.000Z', recordedAt: '2026-11-30T09:30:00.000Z', handoffId: 'h1', ackDueAt: '2026-11-30T09:15:00.000Z' };
    expect(h3001!.timeline).toEqual([...record(before[0]!).timeline, expect.objectContaining(overdue)]);
    const open = await call<{ items: EscalationView[] }>(second, 'GET', '/v1/escalations?state=open');
    expect(open.body.items.map((i) => i.ticketId).sort()).toEqual(['3001', '3002', '3003']);
    // The notifications owed by the commits before and after the crash are delivered (at least once).
    const file = join(dataDir, 'notifications.jsonl');
    const notified = await eventually('both notifications of 3001', async () => {
      const types = new Set((await readNotifications(file)).filter((l) => l.ticketId === '3001').map((l) => l.eventType));
      return types.has('handoff.requested') && types.has('handoff.ack-overdue') && types;
    }, 10_000);
    expect([...notified].sort()).toEqual(['handoff.ack-overdue', 'handoff.requested']);
  }, 60_000);
});

describe('a store that fails', () => {
  /** A DynamoDB call as the injected fault sees it: the command's name and its input (native or marshalled). */
  type Call = { command: string; input: { Item?: { sk?: unknown }; Key?: { pk?: unknown } } };
  /** Which calls fail right now; null: none. */
  let failing: ((call: Call) => boolean) | null = null;
  /** The sort key of a put item, whether the store sent it as a plain value or as `{S: …}`. */
  const sortKey = (input: Call['input']) => {
    const sk = input.Item?.sk;
    return typeof sk === 'object' && sk !== null && 'S' in sk ? String(sk.S) : String(sk);
  };
  const commitPut = ({ command, input }: Call) => command === 'PutItemCommand' && sortKey(input).startsWith('C#');
  const summaryPut = ({ command, input }: Call) => command === 'PutItemCommand' && sortKey(input) === 'SUMMARY';
  const idempotencyCompletion = ({ command, input }: Call) => command === 'UpdateItemCommand' && String(input.Key?.pk).includes('#IDEM#');
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton({
      faults: {
        wrapDynamoDb(client) {
          client.middlewareStack.add(
            (next, context) => async (args) => {
              if (failing?.({ command: context.commandName ?? '', input: args.input as Call['input'] })) {
                throw Object.assign(new Error('Service unavailable (injected)'), { name: 'ServiceUnavailable' });
              }
              return next(args);
            },
            { step: 'initialize', name: 'injectStoreFault', priority: 'high' },
          );
          return client;
        },
      },
    });
  });
  afterEach(() => {
    failing = null;
  });
  afterAll(() => h.stop());

  it('answers 503 and writes nothing when the commit cannot be stored', async () => {
    await opened(h, '4001');
    await h.baton.tasks.drain();
    const before = await h.view('4001');
    failing = commitPut;

    const answer = await h.call('POST', '/v1/escalations/4001/handoffs', handoffBody());

    expect(answer.status).toBe(503);
    expect(answer.body).toEqual(UNAVAILABLE);
    failing = null;
    await h.baton.tasks.drain();
    expect(await h.view('4001')).toEqual(before);
    expect(h.baton.scheduler.pending().filter((d) => d.ticketId === '4001').map((d) => d.kind)).not.toContain('ack-due');
    expect((await h.notifications()).filter((l) => l.ticketId === '4001')).toEqual([]);
  });

  it('gives a retry with the same Idempotency-Key a real second chance after a 503', async () => {
    await opened(h, '4002');
    const headers = { 'idempotency-key': 'retry-after-503-4002' };
    failing = commitPut;
    expect((await h.call('POST', '/v1/escalations/4002/handoffs', handoffBody(), { headers })).status).toBe(503);
    failing = null;

    const retried = await h.call<HandoffAnswer>('POST', '/v1/escalations/4002/handoffs', handoffBody(), { headers });

    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(retried.body.handoff.id).toBe('h1');
  });

  it('keeps a stored commit when only the summary write after it fails', async () => {
    await opened(h, '4003');
    failing = summaryPut;

    const answer = await h.call('POST', '/v1/escalations/4003/handoffs', handoffBody());

    expect(answer.status).toBe(201);
    failing = null;
    const view = await h.view('4003');
    expect(view.pendingHandoff).toMatchObject({ id: 'h1', toTeam: 'infrastructure' });
    expect(eventsOf(view, 'handoff.requested')).toHaveLength(1);
  });

  it('tells the truth when the command was carried out but its answer could not be remembered', async () => {
    await opened(h, '4004');
    failing = idempotencyCompletion;

    const answer = await h.call('POST', '/v1/escalations/4004/handoffs', handoffBody(), { headers: { 'idempotency-key': 'remember-fails-4004' } });

    failing = null;
    expect((await h.view('4004')).handoffs.map((x) => x.id)).toEqual(['h1']);
    expect(answer.status).toBe(201);
  });
});

describe('a scheduler that fails after the commit', () => {
  let schedulerDown = false;
  let h: TestBaton;
  beforeEach(async () => {
    schedulerDown = false;
    h = await startTestBaton({
      faults: {
        wrapScheduler: (scheduler) => ({
          schedule: (d) => (schedulerDown ? Promise.reject(new Error('Scheduler unavailable (injected)')) : scheduler.schedule(d)),
          cancel: (d) => (schedulerDown ? Promise.reject(new Error('Scheduler unavailable (injected)')) : scheduler.cancel(d)),
          isScheduled: (d) => (schedulerDown ? Promise.reject(new Error('Scheduler unavailable (injected)')) : scheduler.isScheduled(d)),
        }),
      },
    });
  });
  afterEach(() => h.stop());

  const scheduledFor = (ticketId: string) => h.baton.scheduler.pending().filter((d) => d.ticketId === ticketId).map(({ kind, dueAt }) => ({ kind, dueAt }));

  it('still answers the handoff, and the sweeper schedules its acknowledgement deadline later', async () => {
    await opened(h, '5001');
    schedulerDown = true;

    const answer = await h.call<HandoffAnswer>('POST', '/v1/escalations/5001/handoffs', handoffBody());

    expect(answer.status).toBe(201);
    expect(scheduledFor('5001').map((d) => d.kind)).not.toContain('ack-due');
    schedulerDown = false;
    await h.baton.tasks.drain();
    // A failed schedule call is retried a minute after the commit, once the sweeper's grace has passed.
    h.clock().advance(2);
    const swept = await sweepOutboxes(h.baton.deps, h.baton.service);
    // The open's entry (finished already: checked and passed) and the handoff's left-over schedule.
    expect(swept).toEqual({ processed: 2, failed: 0 });
    expect(scheduledFor('5001')).toContainEqual({ kind: 'ack-due', dueAt: answer.body.handoff.ackDueAt });
    // Both are passed: the next sweep reads nothing.
    expect(await sweepOutboxes(h.baton.deps, h.baton.service)).toEqual({ processed: 0, failed: 0 });
  });

  it('still opens the escalation, and the sweeper schedules its SLA deadlines later', async () => {
    schedulerDown = true;

    await opened(h, '5002');

    expect(scheduledFor('5002')).toEqual([]);
    schedulerDown = false;
    h.clock().advance(2);
    await sweepOutboxes(h.baton.deps, h.baton.service);
    expect(scheduledFor('5002')).toEqual([
      { kind: 'sla-warning', dueAt: '2026-11-30T11:00:00.000Z' },
      { kind: 'sla-warning', dueAt: '2026-11-30T12:00:00.000Z' },
      { kind: 'sla-breach', dueAt: '2026-11-30T13:00:00.000Z' },
    ]);
  });
});
