/** Failing notification channels, and tenant isolation and trust, through the HTTP API. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SWEEP_GRACE_MS } from '../../lambdas/app/background.js';
import { backoffMinutes } from '../../lambdas/app/outbox-process.js';
import type { EscalationView } from '../../shared/escalation/view.js';
import { eventsOf, exampleMatrix, handoffBody, KEYS, startTestBaton, WEBHOOK_SECRET, type ErrorAnswer, type TestBaton } from '../support/baton.js';
import { MSP_NOC, MSP_L2, SERVICE_DESK, opened, handedOff } from '../support/reliability.js';

describe('a Teams endpoint that fails or times out', () => {
  /** What the hook does with each request, in turn; 'ok' once the list is used up. */
  let plan: Array<'fail' | 'hang'> = [];
  /** The notifier's wait, injected: short, yet far above a loopback answer. */
  const TEAMS_TIMEOUT_MS = 1_000;
  const received: string[] = [];
  const hung = new Set<ServerResponse>();
  const hook = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      received.push(h.clock().now().toISOString());
      const next = plan.shift();
      if (next === 'hang') {
        hung.add(res);
        // The notifier gave up (its timeout aborts the request): the delivery is no longer held.
        res.on('close', () => hung.delete(res));
      } else res.writeHead(next === 'fail' ? 500 : 200).end();
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
    h = await startTestBaton({ matrix, faults: { teamsTimeoutMs: TEAMS_TIMEOUT_MS } });
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

    const answer = await h.call('POST', '/v1/escalations/6003/handoffs', handoffBody());
    // Answered while the endpoint still holds the delivery (before the notifier's timeout): the command did not wait for it.
    const stillHanging = hung.size;

    expect(answer.status).toBe(201);
    expect(stillHanging).toBe(1);
    await h.baton.tasks.drain();
    expect(teamsOutcomes(await h.view('6003'))).toEqual([
      { type: 'notification.failed', at: '2026-11-30T09:00:00.000Z', forSeq: 2, target: 'infrastructure', attempt: 1, error: `Teams webhook request failed: no answer within ${TEAMS_TIMEOUT_MS} ms` },
    ]);
    for (const res of hung) res.destroy();
    hung.clear();
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
