/**
 * The outbox sweeper: it reads every commit's outbox entry once, after the request that wrote it had
 * its chance, and does only what is still owed: nothing twice, nothing lost when the server is killed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { outboxShard } from '../../lambdas/adapters/dynamodb/table.js';
import { SWEEP_GRACE_MS, sweepOutboxes } from '../../lambdas/app/background.js';
import { deadlineKey } from '../../shared/escalation/deadlines.js';
import type { EscalationView } from '../../shared/escalation/view.js';
import { START, eventually, exampleMatrix, handoffBody, openBody, request, spawnManualBaton, startTestBaton, type BatonProcess, type HandoffAnswer, type TestBaton } from '../support/baton.js';
import { handedOff, opened } from '../support/reliability.js';

/** A Teams Workflows webhook that records each card and answers, or never answers. */
function teamsHook() {
  const received: string[] = [];
  const hung: ServerResponse[] = [];
  let hang = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      if (hang) hung.push(res);
      else res.writeHead(200).end();
    });
  });
  return {
    received,
    hangFromNowOn: (on: boolean) => {
      hang = on;
    },
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The example matrix with the receiving team's Teams channel pointed at `hookUrl`. */
async function matrixWithHook(hookUrl: string) {
  const matrix = await exampleMatrix();
  const teams = matrix.teams as Array<{ id: string; channels?: Record<string, string> }>;
  teams.find((t) => t.id === 'infrastructure')!.channels = { teams: hookUrl };
  return matrix;
}

const teamsOutcomes = (view: EscalationView) => view.timeline.filter((e) => (e.type === 'notification.sent' || e.type === 'notification.failed') && e.channel === 'teams');

describe('the sweeper after a request finished its own outbox', () => {
  const hook = teamsHook();
  let h: TestBaton;
  let hookUrl = '';
  /** Every schedule the application asked for, by deadline (a CreateSchedule on AWS). */
  const scheduleCalls: string[] = [];
  beforeAll(async () => {
    hookUrl = await hook.start();
  });
  beforeEach(async () => {
    hook.received.length = 0;
    scheduleCalls.length = 0;
    h = await startTestBaton({
      matrix: await matrixWithHook(hookUrl),
      faults: {
        wrapScheduler: (scheduler) => ({
          schedule: (d) => {
            scheduleCalls.push(`${d.ticketId}/${deadlineKey(d)}`);
            return scheduler.schedule(d);
          },
          cancel: (d) => scheduler.cancel(d),
          isScheduled: (d) => scheduler.isScheduled(d),
        }),
      },
    });
  });
  afterEach(() => h.stop());
  afterAll(() => hook.stop());

  it('checks each entry once against the escalation, sends nothing twice and asks for each deadline once', async () => {
    await opened(h, '8001');
    await handedOff(h, '8001');
    await h.baton.tasks.drain();
    const sentBefore = { hook: hook.received.length, file: (await h.notifications()).length, view: await h.view('8001') };
    const scheduledBefore = h.baton.scheduler.pending();
    const agenda = scheduledBefore.map((d) => `${d.ticketId}/${deadlineKey(d)}`);
    expect(sentBefore.hook).toBeGreaterThan(0);
    expect(agenda.some((key) => key.startsWith('8001/ack-due-'))).toBe(true);
    expect(scheduleCalls.toSorted()).toEqual(agenda.toSorted());

    h.clock().advance(SWEEP_GRACE_MS / 60_000 + 1);
    const swept = await sweepOutboxes(h.baton.deps, h.baton.service);
    await h.baton.tasks.drain();

    // The open and the handoff each left an entry; both were read, found finished (their schedules stand), and passed.
    expect(swept).toEqual({ processed: 2, failed: 0 });
    expect(scheduleCalls).toHaveLength(agenda.length);
    expect(hook.received).toHaveLength(sentBefore.hook);
    expect(await h.notifications()).toHaveLength(sentBefore.file);
    expect((await h.view('8001')).timeline).toEqual(sentBefore.view.timeline);
    expect(h.baton.scheduler.pending()).toEqual(scheduledBefore);
    expect(await sweepOutboxes(h.baton.deps, h.baton.service)).toEqual({ processed: 0, failed: 0 });
  });
});

describe('the sweeper behind more entries than one page holds', () => {
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton();
  });
  afterAll(() => h.stop());

  it('reads page after page until it has caught up, in one sweep', async () => {
    // A page holds at most 100 entries, so 120 take at least two pages, then the empty read that means caught up.
    const tickets = Array.from({ length: 120 }, (_, i) => `90${String(i).padStart(3, '0')}`);
    for (const ticketId of tickets) await opened(h, ticketId);
    await h.baton.tasks.drain();
    h.clock().advance(SWEEP_GRACE_MS / 60_000 + 1);
    const reads = vi.spyOn(h.baton.deps.outbox, 'pendingOutboxes');

    expect(await sweepOutboxes(h.baton.deps, h.baton.service)).toEqual({ processed: tickets.length, failed: 0 });
    const pages = await Promise.all(reads.mock.results.map((read) => read.value as ReturnType<typeof h.baton.deps.outbox.pendingOutboxes>));
    reads.mockRestore();
    expect(pages.filter((page) => page.length > 0).length).toBeGreaterThanOrEqual(2);
    expect(pages.at(-1)).toEqual([]);
    expect(await sweepOutboxes(h.baton.deps, h.baton.service)).toEqual({ processed: 0, failed: 0 });
  });

  it('goes on past short pages while one shard of the log still holds entries', async () => {
    // Pages take an equal share of each shard, so a backlog in one shard comes a quarter page at a time.
    const candidates = Array.from({ length: 400 }, (_, i) => `91${String(i).padStart(3, '0')}`);
    const tickets = candidates.filter((id) => outboxShard('acme', id) === 0).slice(0, 60);
    expect(tickets).toHaveLength(60);
    for (const ticketId of tickets) await opened(h, ticketId);
    await h.baton.tasks.drain();
    h.clock().advance(SWEEP_GRACE_MS / 60_000 + 1);

    expect(await sweepOutboxes(h.baton.deps, h.baton.service)).toEqual({ processed: tickets.length, failed: 0 });
    expect(await sweepOutboxes(h.baton.deps, h.baton.service)).toEqual({ processed: 0, failed: 0 });
  });
});

describe('a sweep that can neither finish an entry nor move it ahead', () => {
  let down = false;
  let h: TestBaton;
  beforeAll(async () => {
    const unavailable = () => Promise.reject(new Error('Scheduler unavailable (injected)'));
    h = await startTestBaton({
      faults: {
        // The scheduler and every update of a commit's outbox fail while `down`.
        wrapScheduler: (scheduler) => ({
          schedule: (d) => (down ? unavailable() : scheduler.schedule(d)),
          cancel: (d) => (down ? unavailable() : scheduler.cancel(d)),
          isScheduled: (d) => (down ? unavailable() : scheduler.isScheduled(d)),
        }),
        wrapDynamoDb(client) {
          client.middlewareStack.add(
            (next, context) => async (args) => {
              const sk = (args.input as { Key?: { sk?: unknown } }).Key?.sk;
              const commitKey = JSON.stringify(sk ?? null).includes('"C#');
              if (down && context.commandName === 'UpdateItemCommand' && commitKey) {
                throw Object.assign(new Error('Service unavailable (injected)'), { name: 'ServiceUnavailable' });
              }
              return next(args);
            },
            { step: 'initialize', name: 'injectOutboxFault', priority: 'high' },
          );
          return client;
        },
      },
    });
  });
  afterAll(() => h.stop());

  it('answers the command, passes nothing while stuck, and finishes the entry once things recover', async () => {
    down = true;
    // Committed, though neither its deadlines nor what is left of its outbox could be stored.
    await opened(h, '8201');
    expect(h.baton.scheduler.pending().filter((d) => d.ticketId === '8201')).toEqual([]);
    h.clock().advance(SWEEP_GRACE_MS / 60_000 + 1);

    expect(await sweepOutboxes(h.baton.deps, h.baton.service)).toEqual({ processed: 1, failed: 1 });
    expect(await sweepOutboxes(h.baton.deps, h.baton.service)).toEqual({ processed: 1, failed: 1 });

    down = false;
    expect(await sweepOutboxes(h.baton.deps, h.baton.service)).toEqual({ processed: 1, failed: 0 });
    expect(h.baton.scheduler.pending().filter((d) => d.ticketId === '8201').map((d) => d.kind)).toEqual(['sla-warning', 'sla-warning', 'sla-breach']);
    expect(await sweepOutboxes(h.baton.deps, h.baton.service)).toEqual({ processed: 0, failed: 0 });
  });
});

describe('a server killed while a delivery was under way, and started again', () => {
  const hook = teamsHook();
  let dataDir = '';
  const servers: BatonProcess[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-sweep-'));
    await writeFile(join(dataDir, 'matrix.json'), JSON.stringify(await matrixWithHook(await hook.start())), 'utf8');
  });
  afterAll(async () => {
    for (const server of servers) {
      if (server.child.exitCode !== null || server.child.signalCode !== null) continue;
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await hook.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (clockStart: string) => {
    const server = await spawnManualBaton(dataDir, clockStart, { BATON_MATRIX: join(dataDir, 'matrix.json') });
    servers.push(server);
    return server;
  };

  it('delivers what the killed server left undelivered, once, and records it', async () => {
    const first = await start(START);
    expect((await request(first.url, 'POST', '/v1/escalations', openBody('8101'))).status).toBe(201);
    hook.hangFromNowOn(true);
    const handoff = await request<HandoffAnswer>(first.url, 'POST', '/v1/escalations/8101/handoffs', handoffBody());
    expect(handoff.status).toBe(201);
    const handoffSeq = handoff.body.escalation.timeline.find((e) => e.type === 'handoff.requested')!.seq;
    // The card for the handoff reached the hook, which never answers: the server dies waiting.
    await eventually('the handoff card at the hook', async () => hook.received.length > 0);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const beforeRestart = hook.received.length;
    hook.hangFromNowOn(false);

    // Started again past the sweeper's grace: the start-up sweep finds the entry and delivers.
    const second = await start(new Date(Date.parse(START) + SWEEP_GRACE_MS + 60_000).toISOString());
    const delivered = await eventually('the handoff delivered again and recorded', async () => {
      const view = (await request<EscalationView>(second.url, 'GET', '/v1/escalations/8101')).body;
      const outcomes = teamsOutcomes(view).filter((e) => 'forSeq' in e && e.forSeq === handoffSeq);
      return outcomes.length > 0 && outcomes;
    }, 10_000);
    expect(delivered).toEqual([expect.objectContaining({ type: 'notification.sent', channel: 'teams', target: 'infrastructure', forSeq: handoffSeq })]);
    expect(hook.received.length).toBe(beforeRestart + 1);

    // Later sweeps find it finished: no third card, no second record.
    expect((await request(second.url, 'POST', '/v1/dev/clock', { advanceMinutes: 5 })).status).toBe(200);
    expect(hook.received.length).toBe(beforeRestart + 1);
    const view = (await request<EscalationView>(second.url, 'GET', '/v1/escalations/8101')).body;
    expect(teamsOutcomes(view).filter((e) => 'forSeq' in e && e.forSeq === handoffSeq)).toHaveLength(1);
  }, 60_000);
});
