/** The HTTP API end to end: a real server on 127.0.0.1, dynalite through the AWS SDK, the manual clock. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EscalationView } from '../../shared/escalation/view.js';
import {
  eventsOf,
  handoffBody,
  openBody,
  startTestBaton,
  type ErrorAnswer,
  type HandoffAnswer,
  type TestBaton,
} from '../support/baton.js';

const MSP_NOC = { team: 'msp-noc', party: 'msp' };
const MSP_L2 = { team: 'msp-l2', party: 'msp' };
const INFRASTRUCTURE = { team: 'infrastructure', party: 'internal' };
const SERVICE_DESK = { team: 'service-desk', party: 'internal' };

describe('the escalation API', () => {
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton();
  });
  afterAll(() => h.stop());

  /** Opens an escalation on `ticketId` (network, tier 1 → MSP NOC) and returns its view. */
  const open = async (ticketId: string) => {
    const answer = await h.call<EscalationView>('POST', '/v1/escalations', openBody(ticketId));
    expect(answer.status).toBe(201);
    return answer.body;
  };
  /** Opens and hands off to infrastructure; returns the handoff answer. */
  const openAndHandOff = async (ticketId: string) => {
    await open(ticketId);
    const answer = await h.call<HandoffAnswer>('POST', `/v1/escalations/${ticketId}/handoffs`, handoffBody());
    expect(answer.status).toBe(201);
    return answer.body;
  };

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

  it('hands off with the mandatory record and answers the handoff with its acknowledgement deadline', async () => {
    await open('1006');

    const answer = await h.call<HandoffAnswer>('POST', '/v1/escalations/1006/handoffs', handoffBody());

    expect(answer.status).toBe(201);
    const { nextActionDueAt, toTeam, diagnosis, actionsTaken, evidence, nextAction } = handoffBody();
    expect(answer.body.handoff).toEqual({
      id: 'h1',
      from: MSP_NOC,
      to: INFRASTRUCTURE,
      record: { toTeam, diagnosis, actionsTaken, evidence, nextAction, nextActionDueAt },
      requestedAt: '2026-11-30T09:00:00.000Z',
      ackDueAt: '2026-11-30T09:15:00.000Z',
      overdue: false,
      status: 'pending',
    });
    expect(answer.body.escalation).toMatchObject({
      owner: MSP_NOC,
      pendingHandoff: { id: 'h1', fromTeam: 'msp-noc', toTeam: 'infrastructure', requestedAt: '2026-11-30T09:00:00.000Z', ackDueAt: '2026-11-30T09:15:00.000Z', overdue: false },
    });
    expect(eventsOf(answer.body.escalation, 'handoff.requested')).toMatchObject([{ handoffId: 'h1', actor: { id: 'agent-nick' }, notify: [INFRASTRUCTURE] }]);
  });

  it('names every missing field of the handoff record with its message', async () => {
    await open('1007');

    const answer = await h.call<ErrorAnswer>('POST', '/v1/escalations/1007/handoffs', { actor: { id: 'agent-nick' } });

    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({
      code: 'validation',
      message: 'The request has invalid fields',
      fields: [
        { path: 'toTeam', message: 'Receiving team is required' },
        { path: 'diagnosis', message: 'Current diagnosis is required' },
        { path: 'actionsTaken', message: 'Actions taken is required' },
        { path: 'evidence', message: 'At least one evidence link is required' },
        { path: 'nextAction', message: 'Next required action is required' },
        { path: 'nextActionDueAt', message: 'Next action deadline must be an ISO date-time, e.g. 2026-12-01T14:00:00Z' },
      ],
    });
    expect((await h.view('1007')).version).toBe(1);
  });

  it('refuses a handoff from an agent outside the owning team', async () => {
    await open('1008');

    const answer = await h.call<ErrorAnswer>('POST', '/v1/escalations/1008/handoffs', handoffBody({ actor: { id: 'agent-anna' } }));

    expect(answer.status).toBe(403);
    expect(answer.body.error).toEqual({ code: 'forbidden', message: 'Only members of msp-noc may hand this escalation off' });
    expect((await h.view('1008')).handoffs).toEqual([]);
  });

  it('refuses a second handoff while one is waiting for acknowledgement', async () => {
    await openAndHandOff('1009');

    const answer = await h.call<ErrorAnswer>('POST', '/v1/escalations/1009/handoffs', handoffBody({ toTeam: 'msp-l2' }));

    expect(answer.status).toBe(409);
    expect(answer.body.error).toEqual({ code: 'conflict', message: 'Handoff h1 to infrastructure is still waiting for acknowledgement' });
    expect((await h.view('1009')).handoffs.map((x) => x.id)).toEqual(['h1']);
  });

  it('makes the receiving team the owner when one of its members acknowledges', async () => {
    await openAndHandOff('1010');

    const answer = await h.call<EscalationView>('POST', '/v1/escalations/1010/handoffs/h1/acknowledge', { actor: { id: 'agent-ivan' } });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ owner: INFRASTRUCTURE, pendingHandoff: null });
    expect(answer.body.handoffs).toMatchObject([{ id: 'h1', status: 'acknowledged', closedAt: '2026-11-30T09:00:00.000Z' }]);
    expect(eventsOf(answer.body, 'handoff.acknowledged')).toMatchObject([{ handoffId: 'h1', actor: { id: 'agent-ivan' }, waitedMinutes: 0, notify: [MSP_NOC] }]);
  });

  it('refuses an acknowledgement from an agent outside the receiving team', async () => {
    await openAndHandOff('1011');

    const answer = await h.call<ErrorAnswer>('POST', '/v1/escalations/1011/handoffs/h1/acknowledge', { actor: { id: 'agent-nick' } });

    expect(answer.status).toBe(403);
    expect(answer.body.error).toEqual({ code: 'forbidden', message: 'Only members of infrastructure may acknowledge this handoff' });
    expect((await h.view('1011')).pendingHandoff?.id).toBe('h1');
  });

  it.each([
    { reason: 'missing-information', note: 'No traceroute from the branch' },
    { reason: 'not-our-scope', note: 'The branch router is managed by the MSP' },
    { reason: 'other', note: 'Change freeze until Wednesday' },
  ])('records a rejection for $reason and leaves ownership with the sender', async ({ reason, note }) => {
    const ticketId = `1012-${reason}`;
    await openAndHandOff(ticketId);

    const answer = await h.call<EscalationView>('POST', `/v1/escalations/${ticketId}/handoffs/h1/reject`, { actor: { id: 'agent-carla' }, reason, note });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ owner: MSP_NOC, pendingHandoff: null });
    expect(answer.body.handoffs).toMatchObject([{ id: 'h1', status: 'rejected', reason, note }]);
    expect(eventsOf(answer.body, 'handoff.rejected')).toMatchObject([{ handoffId: 'h1', reason, note, actor: { id: 'agent-carla' }, notify: [MSP_NOC] }]);
  });

  it('refuses a rejection for "other" that does not say why', async () => {
    await openAndHandOff('1013');

    const answer = await h.call<ErrorAnswer>('POST', '/v1/escalations/1013/handoffs/h1/reject', { actor: { id: 'agent-carla' }, reason: 'other' });

    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([{ path: 'note', message: 'Say why the handoff is rejected' }]);
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

  it('serves the OpenAPI document with every route of the API', async () => {
    const answer = await h.call<{ openapi: string; paths: Record<string, unknown> }>('GET', '/v1/openapi.json');

    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    expect(Object.keys(answer.body.paths).sort()).toEqual([
      '/v1/dev/clock',
      '/v1/escalations',
      '/v1/escalations/{ticketId}',
      '/v1/escalations/{ticketId}/handoffs',
      '/v1/escalations/{ticketId}/handoffs/{handoffId}/acknowledge',
      '/v1/escalations/{ticketId}/handoffs/{handoffId}/reject',
      '/v1/escalations/{ticketId}/pause',
      '/v1/escalations/{ticketId}/reclassify',
      '/v1/escalations/{ticketId}/resolve',
      '/v1/escalations/{ticketId}/resume',
      '/v1/health',
      '/v1/matrix',
      '/v1/webhooks/freshservice',
    ]);
  });
});

describe('time on the manual clock', () => {
  // Each test moves time, so each gets a Baton (and a clock) of its own.
  let h: TestBaton;
  beforeEach(async () => {
    h = await startTestBaton();
  });
  afterEach(() => h.stop());

  /** The README's walk-through up to the handoff: opened by the NOC at 09:00 and handed to infrastructure. */
  const openAndHandOff = async (ticketId = '4521') => {
    expect((await h.call('POST', '/v1/escalations', openBody(ticketId))).status).toBe(201);
    expect((await h.call('POST', `/v1/escalations/${ticketId}/handoffs`, handoffBody())).status).toBe(201);
  };
  const acknowledge = async (ticketId = '4521') => {
    expect((await h.call('POST', `/v1/escalations/${ticketId}/handoffs/h1/acknowledge`, { actor: { id: 'agent-ivan' } })).status).toBe(200);
  };

  it('answers the new time and how many deadlines fired', async () => {
    await openAndHandOff();

    const answer = await h.call('POST', '/v1/dev/clock', { advanceMinutes: 20 });

    expect(answer).toMatchObject({ status: 200, body: { now: '2026-11-30T09:20:00.000Z', fired: 1 } });
  });

  it('sets the clock to an instant and fires every deadline due by then', async () => {
    await openAndHandOff();

    const answer = await h.call('POST', '/v1/dev/clock', { set: '2026-11-30T12:30:00Z' });

    // The overdue acknowledgement and both warnings (50% at 11:00, 75% at 12:00).
    expect(answer).toMatchObject({ status: 200, body: { now: '2026-11-30T12:30:00.000Z', fired: 3 } });
  });

  it('records an overdue acknowledgement and tells the sender, the receiving team and both coordinators', async () => {
    await openAndHandOff();

    await h.advance(20);

    const view = await h.view('4521');
    expect(eventsOf(view, 'handoff.ack-overdue')).toEqual([
      expect.objectContaining({
        at: '2026-11-30T09:20:00.000Z',
        handoffId: 'h1',
        from: MSP_NOC,
        to: INFRASTRUCTURE,
        ackDueAt: '2026-11-30T09:15:00.000Z',
        notify: [MSP_NOC, INFRASTRUCTURE, SERVICE_DESK],
      }),
    ]);
    expect(view.pendingHandoff).toMatchObject({ id: 'h1', overdue: true });
  });

  it('warns both accountable parties at 50% and at 75% of the resolution target', async () => {
    await openAndHandOff();
    await h.advance(20);
    await acknowledge();

    const moved = await h.advance(170);

    expect(moved).toEqual({ now: '2026-11-30T12:10:00.000Z', fired: 2 });
    const view = await h.view('4521');
    expect(eventsOf(view, 'sla.warning').map(({ fraction, owner, notify, dueAt }) => ({ fraction, owner, notify, dueAt }))).toEqual([
      { fraction: 0.5, owner: INFRASTRUCTURE, notify: [INFRASTRUCTURE, MSP_NOC], dueAt: '2026-11-30T13:00:00.000Z' },
      { fraction: 0.75, owner: INFRASTRUCTURE, notify: [INFRASTRUCTURE, MSP_NOC], dueAt: '2026-11-30T13:00:00.000Z' },
    ]);
    expect(view.sla.warnedAt).toBe('2026-11-30T12:10:00.000Z');
  });

  it('tells both parties of a breach, with the clock counted across the handoff', async () => {
    await openAndHandOff();
    await h.advance(20);
    await acknowledge();
    await h.advance(170);

    const moved = await h.advance(60);

    expect(moved).toEqual({ now: '2026-11-30T13:10:00.000Z', fired: 1 });
    const view = await h.view('4521');
    expect(eventsOf(view, 'sla.breached')).toEqual([
      expect.objectContaining({ at: '2026-11-30T13:10:00.000Z', dueAt: '2026-11-30T13:00:00.000Z', owner: INFRASTRUCTURE, notify: [INFRASTRUCTURE, MSP_NOC] }),
    ]);
    // One end-to-end clock since 09:00: the 20 minutes waiting for the acknowledgement count for the receiver.
    expect(view.sla).toMatchObject({
      startedAt: '2026-11-30T09:00:00.000Z',
      dueAt: '2026-11-30T13:00:00.000Z',
      breachedAt: '2026-11-30T13:10:00.000Z',
      elapsedBusinessMinutes: 250,
      byParty: { internal: 250 },
      inHandoff: { internal: 20 },
    });
  });

  it('moves the resolution deadline by the time the clock was paused', async () => {
    expect((await h.call('POST', '/v1/escalations', openBody('4522'))).status).toBe(201);
    await h.call('POST', '/v1/escalations/4522/pause', { actor: { id: 'agent-nick' }, reason: 'Waiting for the carrier' });
    await h.advance(30);

    const answer = await h.call<EscalationView>('POST', '/v1/escalations/4522/resume', { actor: { id: 'agent-nick' } });

    expect(answer.body.sla).toMatchObject({ paused: false, dueAt: '2026-11-30T13:30:00.000Z', elapsedBusinessMinutes: 0 });
    expect(eventsOf(answer.body, 'sla.resumed')).toMatchObject([{ pausedMinutes: 30, plan: { generation: 2 } }]);
  });

  it('writes a notifications.jsonl line for each notified event, naming its recipients', async () => {
    await openAndHandOff();
    await h.advance(20);
    await acknowledge();
    await h.advance(230);
    await h.baton.tasks.drain();

    const lines = (await h.notifications()).sort((a, b) => a.seq - b.seq);

    expect(lines.map(({ ticketId, eventType, at, recipients }) => ({ ticketId, eventType, at, to: recipients.map((r) => r.team) }))).toEqual([
      { ticketId: '4521', eventType: 'handoff.requested', at: '2026-11-30T09:00:00.000Z', to: ['infrastructure'] },
      { ticketId: '4521', eventType: 'handoff.ack-overdue', at: '2026-11-30T09:20:00.000Z', to: ['msp-noc', 'infrastructure', 'service-desk'] },
      { ticketId: '4521', eventType: 'handoff.acknowledged', at: '2026-11-30T09:20:00.000Z', to: ['msp-noc'] },
      { ticketId: '4521', eventType: 'sla.warning', at: '2026-11-30T13:10:00.000Z', to: ['infrastructure', 'msp-noc'] },
      { ticketId: '4521', eventType: 'sla.warning', at: '2026-11-30T13:10:00.000Z', to: ['infrastructure', 'msp-noc'] },
      { ticketId: '4521', eventType: 'sla.breached', at: '2026-11-30T13:10:00.000Z', to: ['infrastructure', 'msp-noc'] },
    ]);
    expect(lines[0]).toMatchObject({ tenant: 'acme', severity: 'info', title: expect.stringContaining('acknowledge by 2026-11-30T09:15:00.000Z') });
  });
});

describe('on the system clock', () => {
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton({ clock: 'system' });
  });
  afterAll(() => h.stop());

  it('has no /v1/dev/clock route', async () => {
    const answer = await h.call<ErrorAnswer>('POST', '/v1/dev/clock', { advanceMinutes: 20 });

    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });

  it('leaves /v1/dev/clock out of the OpenAPI document', async () => {
    const answer = await h.call<{ paths: Record<string, unknown> }>('GET', '/v1/openapi.json');

    expect(Object.keys(answer.body.paths)).not.toContain('/v1/dev/clock');
  });
});
