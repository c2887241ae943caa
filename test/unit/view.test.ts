import { describe, expect, it } from 'vitest';
import { escalationViewSchema, handoffViewSchema, toView } from '../../shared/escalation/view.js';
import { people } from '../fixtures/matrix.js';
import { at, given, handoffTo, openNetworkP1 } from '../fixtures/escalation.js';

function viewAfter(...steps: Parameters<typeof given>) {
  const { state, events } = given(...steps);
  if (state.status === 'none') throw new Error('no escalation');
  return toView(state, events.map((event, i) => ({ ticketId: '42', seq: i + 1, event })), 3, at(100));
}

describe('the escalation view', () => {
  it('shows the pending handoff and the clock brought up to now', () => {
    const view = viewAfter([0, openNetworkP1()], [40, handoffTo('msp-noc')]);

    expect(view.pendingHandoff).toEqual({ id: 'h1', fromTeam: 'service-desk', toTeam: 'msp-noc', requestedAt: at(40).toISOString(), ackDueAt: at(55).toISOString(), overdue: false });
    expect(view.sla).toMatchObject({ elapsedBusinessMinutes: 100, byParty: { internal: 40, msp: 60 }, inHandoff: { msp: 60 }, dueAt: at(240).toISOString(), paused: false });
    expect(view.timeline.map((e) => [e.seq, e.type])).toEqual([[1, 'escalation.opened'], [2, 'handoff.requested']]);
  });

  it('shows no due time while the clock is paused, and why it is paused', () => {
    const view = viewAfter([0, openNetworkP1()], [10, { type: 'PauseClock', reason: 'Waiting for the carrier', actor: people.anna }]);

    expect(view.sla).toMatchObject({ paused: true, pausedReason: 'Waiting for the carrier', dueAt: null, elapsedBusinessMinutes: 10 });
  });

  it('shows only the latest escalation of a ticket escalated again', () => {
    const view = viewAfter([0, openNetworkP1()], [10, { type: 'Resolve', resolution: 'Fixed', actor: people.anna }], [20, openNetworkP1()]);

    expect(view.timeline.map((e) => e.type)).toEqual(['escalation.opened']);
    expect(view.state).toBe('open');
  });

  it('shows a rejected handoff with its reason, its note and when it was closed', () => {
    const view = viewAfter([0, openNetworkP1()], [40, handoffTo('msp-noc')], [50, { type: 'RejectHandoff', handoffId: 'h1', reason: 'missing-information', note: 'No traceroute', actor: people.nick }]);

    expect(view.handoffs).toEqual([
      {
        id: 'h1', from: { team: 'service-desk', party: 'internal' }, to: { team: 'msp-noc', party: 'msp' }, record: expect.objectContaining({ toTeam: 'msp-noc' }),
        requestedAt: at(40).toISOString(), ackDueAt: at(55).toISOString(), overdue: false,
        status: 'rejected', closedAt: at(50).toISOString(), reason: 'missing-information', note: 'No traceroute',
      },
    ]);
    expect(escalationViewSchema.safeParse(view).success).toBe(true);
  });

  it('publishes that a rejected handoff has its reason and a closed one its closing time', () => {
    const [rejected] = viewAfter([0, openNetworkP1()], [40, handoffTo('msp-noc')], [50, { type: 'RejectHandoff', handoffId: 'h1', reason: 'not-our-scope', actor: people.nick }]).handoffs;
    if (rejected?.status !== 'rejected') throw new Error('expected a rejected handoff');
    const { reason: _reason, ...withoutReason } = rejected;
    const { closedAt: _closedAt, ...withoutClosedAt } = rejected;

    expect(handoffViewSchema.safeParse(rejected).success).toBe(true);
    expect(handoffViewSchema.safeParse(withoutReason).success).toBe(false);
    expect(handoffViewSchema.safeParse(withoutClosedAt).success).toBe(false);
  });

  it('matches the published view schema', () => {
    const view = viewAfter([0, openNetworkP1()], [40, handoffTo('msp-noc')]);

    expect(escalationViewSchema.safeParse(view).success).toBe(true);
  });
});
