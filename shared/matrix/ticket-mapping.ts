/** A Freshservice ticket's priority, impact and category → the incident type and impact tier a new escalation starts from. */
import type { MatrixDocument } from './schema.js';

/** The ticket fields the mapping reads, as the FDK's `client.data.get('ticket')` gives them (numbers, sometimes strings). */
export interface MappedTicketFields {
  priority?: number | string | null;
  impact?: number | string | null;
  category?: string | null;
}

/** What the mapping suggests, and where each value came from, in words an agent understands. */
export interface TicketPrefill {
  incidentType: string | null;
  impactTier: number | null;
  /** e.g. `category "Network"`; null when the value was not mapped. */
  incidentTypeFrom: string | null;
  /** e.g. `impact 3 (high)` or `priority 4 (urgent)`; null when the value was not mapped. */
  impactTierFrom: string | null;
}

const PRIORITY = ['', 'low', 'medium', 'high', 'urgent'];
const IMPACT = ['', 'low', 'medium', 'high'];
/** `4 (urgent)`, or the bare level when Freshservice has no name for it. */
const named = (names: readonly string[], level: string) => (names[Number(level)] ? `${level} (${names[Number(level)]})` : level);

/** A level as the mapping's key ('1'…'9'), or null when the ticket has none. */
function levelOf(value: number | string | null | undefined): string | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^[1-9]$/.test(text) ? text : null;
}

const own = <V>(map: Record<string, V> | undefined, key: string | null): V | undefined =>
  map !== undefined && key !== null && Object.hasOwn(map, key) ? map[key] : undefined;

function incidentTypeFor(doc: MatrixDocument, category: string | null | undefined): Pick<TicketPrefill, 'incidentType' | 'incidentTypeFrom'> {
  const map = doc.ticketMapping?.categoryToIncidentType;
  const wanted = category?.trim();
  if (!map || !wanted) return { incidentType: null, incidentTypeFrom: null };
  const key = Object.hasOwn(map, wanted) ? wanted : Object.keys(map).find((k) => k.toLowerCase() === wanted.toLowerCase());
  const type = own(map, key ?? null);
  return type === undefined ? { incidentType: null, incidentTypeFrom: null } : { incidentType: type, incidentTypeFrom: `category "${wanted}"` };
}

function impactTierFor(doc: MatrixDocument, ticket: MappedTicketFields): Pick<TicketPrefill, 'impactTier' | 'impactTierFrom'> {
  const impact = levelOf(ticket.impact);
  const byImpact = own(doc.ticketMapping?.impactToTier, impact);
  if (impact !== null && byImpact !== undefined) return { impactTier: byImpact, impactTierFrom: `impact ${named(IMPACT, impact)}` };
  const priority = levelOf(ticket.priority);
  const byPriority = own(doc.ticketMapping?.priorityToTier, priority);
  if (priority !== null && byPriority !== undefined) return { impactTier: byPriority, impactTierFrom: `priority ${named(PRIORITY, priority)}` };
  return { impactTier: null, impactTierFrom: null };
}

/**
 * What the matrix's `ticketMapping` suggests for a ticket: the tier from its impact when mapped, else its
 * priority; the incident type from its category. Nothing is guessed: an unmapped value stays null (the
 * agent picks it). Values the matrix does not declare cannot occur (the linter refuses such a mapping).
 * @example prefillFromTicket(doc, { priority: 4, category: 'Network' })
 *          // {incidentType: 'network', incidentTypeFrom: 'category "Network"', impactTier: 1, impactTierFrom: 'priority 4 (urgent)'}
 */
export function prefillFromTicket(doc: MatrixDocument, ticket: MappedTicketFields): TicketPrefill {
  return { ...incidentTypeFor(doc, ticket.category), ...impactTierFor(doc, ticket) };
}
