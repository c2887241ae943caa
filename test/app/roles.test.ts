import { describe, expect, it } from 'vitest';
import { actionsFor, membershipOf } from '../../freshservice-app/src/roles.js';
import { handoffTo, openNetworkP1 } from '../fixtures/escalation.js';
import { people, testMatrix } from '../fixtures/matrix.js';
import { viewAfter } from './views.js';

const agent = (id: string, groupIds: number[] | null = null) => ({ actor: { id }, groupIds });
const offered = (view: ReturnType<typeof viewAfter>, id: string, groupIds: number[] | null = null) => actionsFor(view, testMatrix, membershipOf(testMatrix, agent(id, groupIds)));

describe('the actions the sidebar offers', () => {
  const opened = viewAfter(10, [0, openNetworkP1()]);
  const handedOff = viewAfter(10, [0, openNetworkP1()], [5, handoffTo('infrastructure')]);

  it('offers the owner team hand off, pause and resolve', () => {
    expect(offered(opened, 'anna')).toEqual({ offered: ['handoff', 'pause', 'resolve'], notes: [] });
  });

  it('offers a coordinator pause and resolve, not the hand off, and says why', () => {
    expect(offered(opened, 'nick')).toEqual({ offered: ['pause', 'resolve'], notes: ['Only members of Service Desk can hand this escalation off.'] });
  });

  it('offers acknowledge and reject only to the receiving team’s members', () => {
    expect(offered(handedOff, 'ivan').offered).toEqual(['acknowledge', 'reject']);
    expect(offered(handedOff, 'lee')).toEqual({
      offered: [],
      notes: ['Only members of Infrastructure can acknowledge or reject this handoff.', 'Only Service Desk or a coordinator (MSP NOC) can pause, resume or resolve.'],
    });
  });

  it('recognises membership through Freshservice groups too', () => {
    expect(offered(handedOff, '5001', [1002]).offered).toEqual(['acknowledge', 'reject']);
  });

  it('offers resume instead of pause while paused', () => {
    const paused = viewAfter(20, [0, openNetworkP1()], [10, { type: 'PauseClock', reason: 'Vendor', actor: people.anna }]);

    expect(offered(paused, 'anna').offered).toEqual(['handoff', 'resume', 'resolve']);
  });

  it('offers everything when nothing says who belongs where, leaving the decision to the API', () => {
    const blind = { teams: new Set<string>(), known: false };

    expect(actionsFor(handedOff, null, blind).offered).toEqual(['acknowledge', 'reject', 'pause', 'resolve']);
  });

  it('offers nothing on a resolved escalation', () => {
    const resolved = viewAfter(20, [0, openNetworkP1()], [10, { type: 'Resolve', resolution: 'Fixed', actor: people.anna }]);

    expect(offered(resolved, 'anna')).toEqual({ offered: [], notes: [] });
  });
});
