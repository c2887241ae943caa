/** Escalation views made by the real domain (decide, evolve, toView), for the sidebar's pure logic. */
import type { EscalationView } from '../../shared/escalation/view.js';
import { toView } from '../../shared/escalation/view.js';
import { at, given, type Step } from '../fixtures/escalation.js';

/**
 * The view the API would answer `nowMinutes` after T0, once `steps` ran.
 * @example viewAfter(90, [0, openNetworkP1()])
 */
export function viewAfter(nowMinutes: number, ...steps: Step[]): EscalationView {
  const { state, events } = given(...steps);
  if (state.status === 'none') throw new Error('no escalation in these steps');
  const recorded = events.map((event, i) => ({ ticketId: state.ticketId, seq: i + 1, event }));
  return toView(state, recorded, recorded.length, at(nowMinutes));
}
