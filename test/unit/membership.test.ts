import { describe, expect, it } from 'vitest';
import { Membership } from '../../lambdas/app/membership.js';
import { compileMatrix } from '../../shared/matrix/matrix.js';
import { matrixSchema } from '../../shared/matrix/schema.js';
import type { TicketSystem } from '../../shared/ports.js';
import { testMatrix, testMatrixInput } from '../fixtures/matrix.js';

/** A Freshservice stand-in that knows agent groups and counts the lookups. */
function freshservice(groups: Record<string, number[]>) {
  const lookups: string[] = [];
  const tickets: TicketSystem = {
    getTicket: async () => null,
    groupsOfAgent: async (agentId) => (lookups.push(agentId), groups[agentId] ?? []),
    addPrivateNote: async () => {},
  };
  return { tickets, lookups };
}

describe('team membership', () => {
  it('comes from the matrix member lists when Freshservice is not connected', async () => {
    expect(await new Membership().teamsOf('t', 'nick', testMatrix, null)).toEqual(['msp-noc']);
  });

  it('comes from Freshservice agent groups when connected, whatever the member lists say', async () => {
    const { tickets } = freshservice({ '501': [1002, 2002] });

    expect(await new Membership().teamsOf('t', '501', testMatrix, tickets)).toEqual(['infrastructure', 'msp-l2']);
    expect(await new Membership().teamsOf('t', 'nick', testMatrix, tickets)).toEqual([]);
  });

  it('falls back to the member list for a team with no Freshservice group', async () => {
    const matrix = compileMatrix(
      matrixSchema.parse({ ...testMatrixInput, teams: testMatrixInput.teams.map((t) => (t.id === 'msp-noc' ? { ...t, freshserviceGroupId: undefined, members: ['501'] } : t)) }),
      'v9',
    );
    const { tickets } = freshservice({ '501': [1001] });

    expect(await new Membership().teamsOf('t', '501', matrix, tickets)).toEqual(['service-desk', 'msp-noc']);
  });

  it('asks Freshservice once a minute per agent', async () => {
    const { tickets, lookups } = freshservice({ '501': [1001] });
    const membership = new Membership();

    await membership.teamsOf('t', '501', testMatrix, tickets, 0);
    await membership.teamsOf('t', '501', testMatrix, tickets, 30_000);
    await membership.teamsOf('t', '501', testMatrix, tickets, 61_000);

    expect(lookups).toEqual(['501', '501']);
  });
});
