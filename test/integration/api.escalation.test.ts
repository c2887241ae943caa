/** The HTTP API end to end: a real server on 127.0.0.1, dynalite through the AWS SDK, the manual clock. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscalationView } from '../../shared/escalation/view.js';
import { eventsOf, openBody, startTestBaton, type ErrorAnswer, type TestBaton } from '../support/baton.js';
import { MSP_L2, MSP_NOC, opened } from '../support/reliability.js';

describe('the escalation API', () => {
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton();
  });
  afterAll(() => h.stop());

  const open = (ticketId: string) => opened(h, ticketId);

  it('answers /v1/health without an API key', async () => {
    const answer = await h.call('GET', '/v1/health', undefined, { key: null });

    expect(answer).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('opens an escalation with the owner, SLA terms and matrix version the matrix decides', async () => {
    const answer = await h.call<EscalationView>('POST', '/v1/escalations', openBody('1001'));

    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toBe('/v1/escalations/1001');
    expect(answer.body).toMatchObject({
      ticketId: '1001',
      state: 'open',
      subject: 'Branch VPN down',
      incidentType: 'network',
      impactTier: 1,
      matrixVersion: 'v1',
      runbook: 'https://kb.example.com/network-outage',
      owner: MSP_NOC,
      pendingHandoff: null,
      sla: {
        policy: 'p1',
        ackMinutes: 15,
        resolveMinutes: 240,
        startedAt: '2026-11-30T09:00:00.000Z',
        dueAt: '2026-11-30T13:00:00.000Z',
        paused: false,
        pausedReason: null,
        warnedAt: null,
        breachedAt: null,
        elapsedBusinessMinutes: 0,
        byParty: {},
        inHandoff: {},
      },
      handoffs: [],
      resolvedAt: null,
      resolution: null,
      version: 1,
    });
    expect(answer.body.timeline.map((e) => [e.seq, e.type, e.actor?.id])).toEqual([[1, 'escalation.opened', 'agent-nick']]);
  });

  it('reads an escalation back exactly as it was answered when opened', async () => {
    const opened = await open('1002');

    const answer = await h.call<EscalationView>('GET', '/v1/escalations/1002');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(opened);
  });

  it('answers 404 for a ticket that has no escalation', async () => {
    const answer = await h.call<ErrorAnswer>('GET', '/v1/escalations/no-such-ticket');

    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });

  it('lists open escalations and leaves resolved ones out', async () => {
    await open('1003');
    await open('1004');
    expect((await h.call('POST', '/v1/escalations/1004/resolve', { actor: { id: 'agent-nick' }, resolution: 'Duplicate of 1003' })).status).toBe(200);

    const answer = await h.call<{ items: EscalationView[] }>('GET', '/v1/escalations?state=open');

    expect(answer.status).toBe(200);
    const ids = answer.body.items.map((item) => item.ticketId);
    expect(ids).toContain('1003');
    expect(ids).not.toContain('1004');
    expect(answer.body.items.every((item) => item.state === 'open')).toBe(true);
  });

  it('refuses a second escalation on a ticket that already has an open one', async () => {
    await open('1005');

    const answer = await h.call<ErrorAnswer>('POST', '/v1/escalations', openBody('1005'));

    expect(answer.status).toBe(409);
    expect(answer.body.error).toEqual({ code: 'conflict', message: 'This ticket already has an open escalation' });
    expect((await h.view('1005')).version).toBe(1);
  });

  it('pauses the SLA clock with a reason and drops its deadline', async () => {
    await open('1014');

    const answer = await h.call<EscalationView>('POST', '/v1/escalations/1014/pause', { actor: { id: 'agent-nick' }, reason: 'Waiting for the carrier' });

    expect(answer.status).toBe(200);
    expect(answer.body.sla).toMatchObject({ paused: true, pausedReason: 'Waiting for the carrier', dueAt: null });
    expect(eventsOf(answer.body, 'sla.paused')).toMatchObject([{ reason: 'Waiting for the carrier', actor: { id: 'agent-nick' } }]);
  });

  it('resumes the SLA clock with a new plan', async () => {
    await open('1015');
    await h.call('POST', '/v1/escalations/1015/pause', { actor: { id: 'agent-nick' }, reason: 'Waiting for the carrier' });

    const answer = await h.call<EscalationView>('POST', '/v1/escalations/1015/resume', { actor: { id: 'agent-nick' } });

    expect(answer.status).toBe(200);
    expect(answer.body.sla).toMatchObject({ paused: false, pausedReason: null, dueAt: '2026-11-30T13:00:00.000Z' });
    expect(eventsOf(answer.body, 'sla.resumed')).toMatchObject([{ pausedMinutes: 0, plan: { generation: 2, dueAt: '2026-11-30T13:00:00.000Z' } }]);
  });

  it('reclassifies to a lower tier with that tier’s SLA and suggests its owner', async () => {
    await open('1016');

    const answer = await h.call<EscalationView>('POST', '/v1/escalations/1016/reclassify', { actor: { id: 'agent-nick' }, impactTier: 3, reason: 'Only one branch affected' });

    expect(answer.status).toBe(200);
    // p3: 24 business hours on contoso-hours from Monday 09:00 — Mon 9 h, Tue 10 h, Wed 08:00–13:00.
    expect(answer.body).toMatchObject({
      impactTier: 3,
      owner: MSP_NOC,
      runbook: 'https://kb.example.com/network-degradation',
      sla: { policy: 'p3', ackMinutes: 60, resolveMinutes: 1440, dueAt: '2026-12-02T13:00:00.000Z' },
    });
    expect(eventsOf(answer.body, 'escalation.reclassified')).toMatchObject([{ reason: 'Only one branch affected', suggestedOwner: MSP_L2, impactTier: 3 }]);
  });

  it('resolves an escalation within its target', async () => {
    await open('1017');

    const answer = await h.call<EscalationView>('POST', '/v1/escalations/1017/resolve', { actor: { id: 'agent-lee' }, resolution: 'Carrier fixed the line' });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ state: 'resolved', resolvedAt: '2026-11-30T09:00:00.000Z', resolution: 'Carrier fixed the line' });
    expect(eventsOf(answer.body, 'escalation.resolved')).toMatchObject([{ withinTarget: true, handoffCount: 0, owner: MSP_NOC, actor: { id: 'agent-lee' } }]);
  });

  it('serves the active matrix with its version', async () => {
    const answer = await h.call<{ version: number; createdBy: string; matrix: { teams: { id: string }[] } }>('GET', '/v1/matrix');

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ version: 1, createdBy: 'local-start' });
    expect(answer.body.matrix.teams.map((t) => t.id)).toEqual(['service-desk', 'infrastructure', 'msp-noc', 'msp-l2']);
  });
});
