/** Handoffs through the HTTP API: the mandatory record, acknowledgement and rejection by the receiving team. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EscalationView } from '../../shared/escalation/view.js';
import { eventsOf, handoffBody, startTestBaton, type ErrorAnswer, type HandoffAnswer, type TestBaton } from '../support/baton.js';
import { INFRASTRUCTURE, MSP_NOC, handedOff, opened } from '../support/reliability.js';

describe('handoffs through the API', () => {
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton();
  });
  afterAll(() => h.stop());

  const open = (ticketId: string) => opened(h, ticketId);
  const openAndHandOff = async (ticketId: string) => {
    await opened(h, ticketId);
    return handedOff(h, ticketId);
  };

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
});
