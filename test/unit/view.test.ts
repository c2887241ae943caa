import { describe, expect, it } from 'vitest';
import { escalationViewSchema, toView } from '../../shared/escalation/view.js';
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

  it('matches the published view schema', () => {
    const view = viewAfter([0, openNetworkP1()], [40, handoffTo('msp-noc')]);

    expect(escalationViewSchema.safeParse(view).success).toBe(true);
  });
});
