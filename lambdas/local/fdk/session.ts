/** What the FDK gives the sidebar about where it runs: the ticket open in Freshservice and the agent looking at it. */
import * as z from 'zod';
import { ticketIdSchema } from '../../../shared/api/schemas.js';
import type { Team } from '../../../shared/matrix/schema.js';

/**
 * The sidebar's URL query in local mode: `ticket` and `agent` are required; the rest shape the ticket so the
 * matrix's mapping (priority or impact → tier, category → incident type) can be tried.
 */
const agentSchema = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'Agent is a member id from the matrix (letters, digits, ".", "_", "@" or "-")');

export const sessionQuery = z.object({
  ticket: ticketIdSchema,
  agent: agentSchema,
  subject: z.string().trim().min(1).max(500, 'Subject is at most 500 characters').optional(),
  /** Freshservice priority: 1 low, 2 medium, 3 high, 4 urgent. */
  priority: z.coerce.number({ error: 'Priority is 1 (low) to 4 (urgent)' }).int().min(1, 'Priority is 1 (low) to 4 (urgent)').max(4, 'Priority is 1 (low) to 4 (urgent)').default(4),
  /** Freshservice impact: 1 low, 2 medium, 3 high. */
  impact: z.coerce.number({ error: 'Impact is 1 (low) to 3 (high)' }).int().min(1, 'Impact is 1 (low) to 3 (high)').max(3, 'Impact is 1 (low) to 3 (high)').default(3),
  category: z.string().trim().min(1).max(100, 'Category is at most 100 characters').default('Network'),
  /** The older nested loggedInUser shape (`{agent, user}`), for trying the sidebar against both. */
  user: z.enum(['flat', 'nested'], { error: 'user is flat or nested' }).default('flat'),
});

export type SessionQuery = z.output<typeof sessionQuery>;

/**
 * A full-page app's query (the weekly review): only the agent, as Freshservice opens it outside any ticket.
 * `location` tells the stand-in client it serves a full page.
 */
export const fullPageQuery = z.object({
  agent: agentSchema,
  user: z.enum(['flat', 'nested'], { error: 'user is flat or nested' }).default('flat'),
});

export type FullPageQuery = z.output<typeof fullPageQuery>;

/** What local mode knows of the ticket's escalation, if it has one. */
export interface KnownEscalation {
  subject: string | null;
  ownerTeam: string;
}

/**
 * The ticket as `client.data.get('ticket')` gives it (a Freshservice ticket's fields; the id is a number
 * when the ticket id is digits, as Freshservice's are).
 * @example freshserviceTicket(query, matrix.teams, null, now).ticket.group_id // the agent's first team's group
 */
export function freshserviceTicket(query: SessionQuery, teams: Team[], escalation: KnownEscalation | null, now: Date) {
  const group = escalation ? teams.find((t) => t.id === escalation.ownerTeam) : teams.find((t) => t.members.includes(query.agent));
  const id = /^\d{1,15}$/.test(query.ticket) ? Number(query.ticket) : query.ticket;
  return {
    ticket: {
      id,
      display_id: id,
      subject: query.subject ?? escalation?.subject ?? `Ticket ${query.ticket}`,
      description_text: '',
      status: 2,
      priority: query.priority,
      urgency: query.impact,
      impact: query.impact,
      source: 2,
      type: 'Incident',
      category: query.category,
      sub_category: null,
      item_category: null,
      group_id: group?.freshserviceGroupId ?? null,
      responder_id: null,
      requester_id: 1,
      department_id: null,
      custom_fields: {},
      tags: [],
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    },
  };
}

/**
 * The agent as `client.data.get('loggedInUser')` gives it: the id is the matrix member id (the API's
 * actor id); group_ids are the Freshservice groups of the agent's teams. The matrix names no people, so no name.
 */
export function loggedInUser(query: Pick<SessionQuery, 'agent' | 'user'>, teams: Team[]) {
  const groupIds = teams.filter((t) => t.members.includes(query.agent)).flatMap((t) => (t.freshserviceGroupId === undefined ? [] : [t.freshserviceGroupId]));
  return query.user === 'nested'
    ? { loggedInUser: { agent: { id: query.agent, group_ids: groupIds }, user: { id: query.agent } } }
    : { loggedInUser: { id: query.agent, group_ids: groupIds } };
}
