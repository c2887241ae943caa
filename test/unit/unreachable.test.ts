import { describe, expect, it } from 'vitest';
import type { EscalationEvent } from '../../shared/escalation/events.js';
import { evolve } from '../../shared/escalation/state.js';
import { at, given, openNetworkP1 } from '../fixtures/escalation.js';

describe('a switch with a case for every type', () => {
  it('refuses an event type it has no case for (a newer version wrote it), naming the type and not its text', () => {
    const { state } = given([0, openNetworkP1()]);
    const unknown = { type: 'escalation.archived', at: at(10).toISOString(), note: 'private words' } as unknown as EscalationEvent;

    expect(() => evolve(state, unknown)).toThrow(new TypeError('No case for escalation.archived'));
  });
});
