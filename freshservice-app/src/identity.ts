/** Who is looking at which ticket: the FDK's ticket and logged-in user, read into what Baton needs. */
import type { Actor } from '../../shared/api/schemas.js';
import type { MappedTicketFields } from '../../shared/matrix/ticket-mapping.js';
import type { FdkLoggedInUser, FdkTicket } from './fdk.js';

/** The agent as Baton's actor: the FDK user's id as a string; its groups when the platform gives them. */
export interface Agent {
  actor: Actor;
  /** Freshservice agent group ids, or null when the platform did not say. */
  groupIds: number[] | null;
}

export interface TicketInfo extends MappedTicketFields {
  id: string;
  subject: string | null;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * Reads both shapes of `loggedInUser` (flat, and the older `{agent, user}`); null without an id.
 * @example agentOf({id: 7, contact: {name: 'Anna'}}) // {actor: {id: '7', name: 'Anna'}, groupIds: null}
 */
export function agentOf(user: FdkLoggedInUser | null | undefined): Agent | null {
  const id = user?.id ?? user?.agent?.id;
  if (id === undefined || id === null || String(id).trim() === '') return null;
  const joined = text([user?.first_name, user?.last_name].filter(Boolean).join(' '));
  const name = text(user?.name) ?? text(user?.contact?.name) ?? text(user?.user?.name) ?? joined;
  const groups = user?.group_ids ?? user?.agent?.group_ids;
  return {
    actor: { id: String(id).trim(), ...(name ? { name: name.slice(0, 200) } : {}) },
    groupIds: Array.isArray(groups) ? groups.filter((g) => typeof g === 'number') : null,
  };
}

/**
 * The ticket's id as Baton's ticketId (the number agents see), and the fields the matrix's mapping reads.
 * @example ticketOf({id: 4521, subject: 'VPN down', priority: 4}) // {id: '4521', subject: 'VPN down', priority: 4, impact: null, category: null}
 */
export function ticketOf(ticket: FdkTicket | null | undefined): TicketInfo | null {
  if (ticket?.id === undefined || ticket.id === null || String(ticket.id).trim() === '') return null;
  return {
    id: String(ticket.id).trim(),
    subject: text(ticket.subject) ?? null,
    priority: ticket.priority ?? null,
    impact: ticket.impact ?? null,
    category: text(ticket.category) ?? null,
  };
}
