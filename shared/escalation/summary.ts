/** The escalation in one line, as lists show it: no timeline, no records. */
import * as z from 'zod';
import { teamRefSchema } from './events.js';
import type { EscalationState } from './state.js';

export const escalationSummarySchema = z.object({
  ticketId: z.string(),
  state: z.enum(['open', 'resolved']),
  subject: z.string().nullable(),
  owner: teamRefSchema,
  /** The resolution due instant; null while paused. */
  dueAt: z.string().nullable(),
  paused: z.boolean(),
  breached: z.boolean(),
  breachedAt: z.string().nullable(),
  /** When a field of this summary last changed (a handoff requested or a notification sent changes none). */
  updatedAt: z.string(),
});

export type EscalationSummary = z.infer<typeof escalationSummarySchema>;

/**
 * The summary of an escalation whose record last changed at `updatedAt`.
 * @example summarize(state, commit.at) // {ticketId: '4521', state: 'open', owner: {team: 'msp-noc', party: 'msp'}, …}
 */
export function summarize(state: Exclude<EscalationState, { status: 'none' }>, updatedAt: string): EscalationSummary {
  return {
    ticketId: state.ticketId,
    state: state.status,
    subject: state.subject ?? null,
    owner: state.owner,
    dueAt: state.plan?.dueAt ?? null,
    paused: state.paused !== null,
    breached: state.breachedAt !== null,
    breachedAt: state.breachedAt,
    updatedAt,
  };
}

/**
 * Whether two summaries list the same, whenever each was made: a commit that changes nothing listed
 * leaves the summary (and its place in the lists) alone.
 * @example sameListing(summarize(before, at), summarize(after, at)) // true after a handoff request
 */
export function sameListing(a: EscalationSummary, b: EscalationSummary): boolean {
  return JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });
}
