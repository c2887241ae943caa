/** Reliability of the backend through its HTTP API: races, repeated deadlines, crashes, failing dependencies, tenancy. */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fireDeadline, SWEEP_GRACE_MS, sweepOutboxes } from '../../lambdas/app/background.js';
import { backoffMinutes } from '../../lambdas/app/outbox-process.js';
import type { DeadlineKind } from '../../shared/escalation/deadlines.js';
import type { EscalationView } from '../../shared/escalation/view.js';
import type { DeadlineFiring } from '../../shared/ports.js';
import {
  API_KEYS,
  eventsOf,
  eventually,
  exampleMatrix,
  handoffBody,
  KEYS,
  openBody,
  readNotifications,
  request,
  spawnBaton,
  START,
  startTestBaton,
  WEBHOOK_SECRET,
  type BatonProcess,
  type ErrorAnswer,
  type HandoffAnswer,
  type TestBaton,
} from '../support/baton.js';

const MSP_NOC = { team: 'msp-noc', party: 'msp' };
const MSP_L2 = { team: 'msp-l2', party: 'msp' };
const SERVICE_DESK = { team: 'service-desk', party: 'internal' };
const UNAVAILABLE = { error: { code: 'unavailable', message: 'The service is briefly unavailable; nothing was changed. Try again.' } };

const opened = async (h: TestBaton, ticketId: string) => {
  const answer = await h.call('POST', '/v1/escalations', openBody(ticketId));
  expect(answer.status).toBe(201);
};
const handedOff = async (h: TestBaton, ticketId: string) => {
  const answer = await h.call('POST', `/v1/escalations/${ticketId}/handoffs`, handoffBody());
  expect(answer.status).toBe(201);
};

/** The firing a scheduler would deliver for one of the ticket's scheduled deadlines. */
function firingOf(h: TestBaton, ticketId: string, kind: DeadlineKind, fraction?: number): DeadlineFiring {
  const scheduled = h.baton.scheduler.pending().find((d) => d.ticketId === ticketId && d.kind === kind && d.fraction === fraction);
  if (!scheduled) throw new Error(`No ${kind} deadline is scheduled for ${ticketId}`);
  const { tenant, dueAt, generation, handoffId } = scheduled;
  return { tenant, ticketId, dueAt, deadline: { kind, generation, ...(fraction === undefined ? {} : { fraction }), ...(handoffId ? { handoffId } : {}) } };
}

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

    expect(results.map((r) => r.recorded).sort()).toEqual([0, 0, 1]);
    expect(eventsOf(await h.view('2102'), 'sla.breached')).toHaveLength(1);
  });

  it('ignores a deadline of a plan that a pause and resume replaced', async () => {
    await opened(h, '2103');
    const stale = firingOf(h, '2103', 'sla-warning', 0.5);
    await h.call('POST', '/v1/escalations/2103/pause', { actor: { id: 'agent-nick' }, reason: 'Waiting for the carrier' });
    h.clock().advance(10);
    await h.call('POST', '/v1/escalations/2103/resume', { actor: { id: 'agent-nick' } });
    const current = firingOf(h, '2103', 'sla-warning', 0.5);
    h.clock().set(new Date(current.dueAt));

    const result = await fireDeadline(h.baton.service, stale);

    expect(result).toEqual({ recorded: 0 });
    expect(eventsOf(await h.view('2103'), 'sla.warning')).toEqual([]);
    // The current generation's firing is acted on: the stale one was refused for its generation, not its time.
    expect(current.deadline.generation).toBe(2);
    expect(await fireDeadline(h.baton.service, current)).toEqual({ recorded: 1 });
  });
});

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
    const server = await spawnBaton({
      BATON_DATA_DIR: dataDir,
      BATON_PORT: '0',
      BATON_CLOCK: 'manual',
      BATON_CLOCK_START: clockStart,
      BATON_API_KEYS: API_KEYS,
      BATON_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
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
    const overdue = { type: 'handoff.ack-overdue', at: '2026-11-30T09:30:00.000Z', handoffId: 'h1', ackDueAt: '2026-11-30T09:15:00.000Z' };
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
  /** A DynamoDB call as the injected fault sees it: the command's name and its native (unmarshalled) input. */
  type Call = { command: string; input: { Item?: { sk?: unknown }; Key?: { pk?: unknown } } };
  /** Which calls fail right now; null: none. */
  let failing: ((call: Call) => boolean) | null = null;
  const commitPut = ({ command, input }: Call) => command === 'PutItemCommand' && String(input.Item?.sk).startsWith('C#');
  const summaryPut = ({ command, input }: Call) => command === 'PutItemCommand' && input.Item?.sk === 'SUMMARY';
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
    expect(swept).toEqual({ processed: 1, failed: 0 });
    expect(scheduledFor('5001')).toContainEqual({ kind: 'ack-due', dueAt: answer.body.handoff.ackDueAt });
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

describe('a Teams endpoint that fails or times out', () => {
  /** What the hook does with each request, in turn; 'ok' once the list is used up. */
  let plan: Array<'fail' | 'hang'> = [];
  const received: string[] = [];
  const hung = new Set<ServerResponse>();
  const hook = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      received.push(h.clock().now().toISOString());
      const next = plan.shift();
      if (next === 'hang') hung.add(res);
      else res.writeHead(next === 'fail' ? 500 : 200).end();
    });
  });
  let h: TestBaton;
  let hookUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  });
  beforeEach(async () => {
    plan = [];
    received.length = 0;
    const matrix = await exampleMatrix();
    const teams = matrix.teams as Array<{ id: string; channels?: Record<string, string> }>;
    teams.find((t) => t.id === 'infrastructure')!.channels = { teams: hookUrl };
    h = await startTestBaton({ matrix });
  });
  afterEach(() => h.stop());
  afterAll(async () => {
    hook.closeAllConnections();
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  });

  const teamsOutcomes = (view: EscalationView) =>
    view.timeline.flatMap((e) =>
      (e.type === 'notification.sent' || e.type === 'notification.failed') && e.channel === 'teams'
        ? [{ type: e.type, at: e.at, forSeq: e.forSeq, target: e.target, ...(e.type === 'notification.failed' ? { attempt: e.attempt, error: e.error } : {}) }]
        : [],
    );

  it('still answers the command and records notification.failed when the endpoint fails', async () => {
    plan = ['fail'];
    await opened(h, '6001');

    const answer = await h.call('POST', '/v1/escalations/6001/handoffs', handoffBody());

    expect(answer.status).toBe(201);
    await h.baton.tasks.drain();
    expect(teamsOutcomes(await h.view('6001'))).toEqual([
      { type: 'notification.failed', at: '2026-11-30T09:00:00.000Z', forSeq: 2, target: 'infrastructure', attempt: 1, error: 'Teams webhook answered 500' },
    ]);
  });

  it('retries a failed delivery with a growing backoff until it is sent', async () => {
    plan = ['fail', 'fail'];
    await opened(h, '6002');
    await handedOff(h, '6002');

    // Minute by minute, as a person would watch it; each move of the clock sweeps what is due.
    let outcomes = teamsOutcomes(await h.view('6002'));
    for (let minute = 1; minute <= 15 && !outcomes.some((o) => o.type === 'notification.sent'); minute++) {
      await h.advance(1);
      outcomes = teamsOutcomes(await h.view('6002'));
    }

    expect(outcomes.map((o) => [o.type, o.attempt])).toEqual([
      ['notification.failed', 1],
      ['notification.failed', 2],
      ['notification.sent', undefined],
    ]);
    expect(received).toEqual(outcomes.map((o) => o.at));
    const minutes = outcomes.map((o) => Date.parse(o.at) / 60_000);
    const waits = [minutes[1]! - minutes[0]!, minutes[2]! - minutes[1]!];
    // Each retry waits its backoff (1 min, then 2 min), and comes within the sweeper's grace and one step after it.
    const slack = SWEEP_GRACE_MS / 60_000 + 1;
    expect(waits[0]).toBeGreaterThanOrEqual(backoffMinutes(1));
    expect(waits[0]).toBeLessThanOrEqual(backoffMinutes(1) + slack);
    expect(waits[1]).toBeGreaterThanOrEqual(backoffMinutes(2));
    expect(waits[1]).toBeLessThanOrEqual(backoffMinutes(2) + slack);
  });

  it('does not hold the command up when the endpoint never answers, and records the timeout', async () => {
    plan = ['hang'];
    await opened(h, '6003');

    const started = performance.now();
    const answer = await h.call('POST', '/v1/escalations/6003/handoffs', handoffBody());
    const answeredInMs = performance.now() - started;

    expect(answer.status).toBe(201);
    // The notifier gives up after 5 s: an answer that waited for it could not come sooner.
    expect(answeredInMs).toBeLessThan(4_000);
    await h.baton.tasks.drain();
    expect(teamsOutcomes(await h.view('6003'))).toEqual([
      { type: 'notification.failed', at: '2026-11-30T09:00:00.000Z', forSeq: 2, target: 'infrastructure', attempt: 1, error: 'Teams webhook request failed: no answer within 5000 ms' },
    ]);
    for (const res of hung) res.destroy();
    hung.clear();
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

describe('tenants and trust', () => {
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton();
  });
  afterAll(() => h.stop());

  const webhook = (body: unknown, secret?: string) =>
    h.call<{ recorded: number } | ErrorAnswer>('POST', '/v1/webhooks/freshservice', body, { headers: secret === undefined ? {} : { 'x-baton-webhook-secret': secret } });

  it('answers 404 to another tenant reading the first tenant’s escalation', async () => {
    await opened(h, '8001');

    const answer = await h.call<ErrorAnswer>('GET', '/v1/escalations/8001', undefined, { key: KEYS.globex });

    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });

  it('leaves the first tenant’s escalations out of another tenant’s open list', async () => {
    await opened(h, '8002');

    const answer = await h.call<{ items: EscalationView[] }>('GET', '/v1/escalations?state=open', undefined, { key: KEYS.globex });

    expect(answer.status).toBe(200);
    expect(answer.body.items.map((i) => i.ticketId)).not.toContain('8002');
  });

  it('answers 404 to another tenant acting on the first tenant’s escalation, and changes nothing', async () => {
    await opened(h, '8003');
    await handedOff(h, '8003');
    await h.baton.tasks.drain();
    const before = await h.view('8003');

    const answers = await Promise.all([
      h.call('POST', '/v1/escalations/8003/handoffs/h1/acknowledge', { actor: { id: 'agent-ivan' } }, { key: KEYS.globex }),
      h.call('POST', '/v1/escalations/8003/resolve', { actor: { id: 'agent-nick' }, resolution: 'Closed by someone else' }, { key: KEYS.globex }),
    ]);

    expect(answers.map((a) => a.status)).toEqual([404, 404]);
    expect(await h.view('8003')).toEqual(before);
  });

  it.each([
    { name: 'no key', key: null },
    { name: 'an unknown key', key: 'not-a-tenant-key-0123456789' },
  ])('answers 401 to a request with $name', async ({ key }) => {
    const answer = await h.call<ErrorAnswer>('GET', '/v1/escalations?state=open', undefined, { key });

    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('unauthorized');
  });

  it.each([
    { name: 'without the secret', secret: undefined },
    { name: 'with a wrong secret', secret: 'whsec-wrong-0123456789abcde' },
  ])('refuses a Freshservice webhook $name', async ({ secret }) => {
    await opened(h, `8101-${secret === undefined ? 'none' : 'wrong'}`);

    const answer = await webhook({ ticketId: `8101-${secret === undefined ? 'none' : 'wrong'}`, changes: { group_id: [2001, 2002] } }, secret);

    expect(answer.status).toBe(401);
    expect((answer.body as ErrorAnswer).error.code).toBe('unauthorized');
  });

  it('records a silent transfer for a group move that no handoff explains', async () => {
    await opened(h, '8102');

    const answer = await webhook({ ticketId: 8102, changes: { group_id: [2001, 2002] } }, WEBHOOK_SECRET);

    expect(answer).toMatchObject({ status: 202, body: { recorded: 1 } });
    expect(eventsOf(await h.view('8102'), 'ownership.silent-transfer')).toEqual([
      expect.objectContaining({ fromGroupId: 2001, toGroupId: 2002, toTeam: MSP_L2, owner: MSP_NOC, notify: [MSP_NOC, MSP_L2, SERVICE_DESK] }),
    ]);
  });

  it('records no silent transfer for a move to the group of the team a handoff is waiting on', async () => {
    await opened(h, '8103');
    await handedOff(h, '8103');

    const answer = await webhook({ ticketId: 8103, changes: { group_id: [2001, 1002] } }, WEBHOOK_SECRET);

    expect(answer).toMatchObject({ status: 202, body: { recorded: 0 } });
    expect(eventsOf(await h.view('8103'), 'ownership.silent-transfer')).toEqual([]);
  });
});
