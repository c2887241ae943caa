/** Which teams an agent belongs to: Freshservice agent groups when connected, else the matrix's member lists. */
import type { Matrix } from '../../shared/matrix/matrix.js';
import type { TicketSystem } from '../../shared/ports.js';

const TTL_MS = 60_000;

export class Membership {
  private readonly groups = new Map<string, { ids: number[]; until: number }>();

  /**
   * @example await membership.teamsOf('acme', 'agent-anna', matrix, ticketSystem) // ['service-desk']
   */
  async teamsOf(tenant: string, agentId: string, matrix: Matrix, tickets: TicketSystem | null, now = performance.now()): Promise<string[]> {
    const groupIds = tickets ? await this.groupsOf(tenant, agentId, tickets, now) : [];
    return matrix.document.teams
      .filter((team) =>
        tickets && team.freshserviceGroupId !== undefined ? groupIds.includes(team.freshserviceGroupId) : team.members.includes(agentId),
      )
      .map((team) => team.id);
  }

  private async groupsOf(tenant: string, agentId: string, tickets: TicketSystem, now: number): Promise<number[]> {
    const key = `${tenant}\u0000${agentId}`;
    const hit = this.groups.get(key);
    if (hit && hit.until > now) return hit.ids;
    const ids = /^\d+$/.test(agentId) ? await tickets.groupsOfAgent(agentId) : [];
    this.groups.set(key, { ids, until: now + TTL_MS });
    return ids;
  }
}
