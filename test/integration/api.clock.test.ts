/** Time through the HTTP API: the manual clock and its dev route, deadlines firing, notifications; none of it on the system clock. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EscalationView } from '../../shared/escalation/view.js';
import { eventsOf, handoffBody, openBody, startTestBaton, type ErrorAnswer, type TestBaton } from '../support/baton.js';
import { INFRASTRUCTURE, MSP_NOC, SERVICE_DESK } from '../support/reliability.js';

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
        at: '2026-11-30T09:15:00.000Z',
        recordedAt: '2026-11-30T09:20:00.000Z',
        handoffId: 'h1',
        from: MSP_NOC,
        to: INFRASTRUCTURE,
        ackDueAt: '2026-11-30T09:15:00.000Z',
        notify: [MSP_NOC, INFRASTRUCTURE, SERVICE_DESK],
      }),
    ]);
    expect(view.pendingHandoff).toMatchObject({ id: 'h1', overdue: true });
    expect(view.handoffs[0]).toMatchObject({ overdue: true, overdueAt: '2026-11-30T09:15:00.000Z' });
  });

  it('warns both accountable parties at 50% and at 75% of the resolution target', async () => {
    await openAndHandOff();
    await h.advance(20);
    await acknowledge();

    const moved = await h.advance(170);

    expect(moved).toEqual({ now: '2026-11-30T12:10:00.000Z', fired: 2 });
    const view = await h.view('4521');
    // Each as of the instant it was reached (120 and 180 of 240 minutes), noticed together at 12:10.
    expect(eventsOf(view, 'sla.warning').map(({ at, recordedAt, elapsedBusinessMinutes, fraction, owner, notify, dueAt }) => ({ at, recordedAt, elapsedBusinessMinutes, fraction, owner, notify, dueAt }))).toEqual([
      { at: '2026-11-30T11:00:00.000Z', recordedAt: '2026-11-30T12:10:00.000Z', elapsedBusinessMinutes: 120, fraction: 0.5, owner: INFRASTRUCTURE, notify: [INFRASTRUCTURE, MSP_NOC], dueAt: '2026-11-30T13:00:00.000Z' },
      { at: '2026-11-30T12:00:00.000Z', recordedAt: '2026-11-30T12:10:00.000Z', elapsedBusinessMinutes: 180, fraction: 0.75, owner: INFRASTRUCTURE, notify: [INFRASTRUCTURE, MSP_NOC], dueAt: '2026-11-30T13:00:00.000Z' },
    ]);
    expect(view.sla.warnedAt).toBe('2026-11-30T12:00:00.000Z');
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
      expect.objectContaining({ at: '2026-11-30T13:00:00.000Z', recordedAt: '2026-11-30T13:10:00.000Z', elapsedBusinessMinutes: 240, dueAt: '2026-11-30T13:00:00.000Z', owner: INFRASTRUCTURE, notify: [INFRASTRUCTURE, MSP_NOC] }),
    ]);
    // One end-to-end clock since 09:00: the 20 minutes waiting for the acknowledgement count for the receiver.
    expect(view.sla).toMatchObject({
      startedAt: '2026-11-30T09:00:00.000Z',
      dueAt: '2026-11-30T13:00:00.000Z',
      breachedAt: '2026-11-30T13:00:00.000Z',
      withinTarget: false,
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
    expect(lines[0]).toMatchObject({ tenant: 'acme', severity: 'info', title: expect.stringContaining('acknowledge by 2026-11-30 09:15 UTC') });
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
