/** The period's breached escalations with their handoff chains and records, read from each one's history. */
import * as z from 'zod';
import { teamRefSchema } from '../../../shared/escalation/events.js';
import type { EscalationState } from '../../../shared/escalation/state.js';
import { handoffViewSchema } from '../../../shared/escalation/view.js';
import type { BreachFact } from '../../../shared/kpi/review.js';

export const breachedEscalationSchema = z.object({
  ticketId: z.string(),
  subject: z.string().nullable(),
  incidentType: z.string(),
  impactTier: z.number(),
  matrixVersion: z.string(),
  runbook: z.string().nullable(),
  /** The due instant: the breach is placed by it, whenever it was noticed (`recordedAt`). */
  breachedAt: z.string(),
  recordedAt: z.string(),
  /** The party that owned the escalation at the breach: the breach counts for it. */
  ownerAtBreach: teamRefSchema,
  state: z.enum(['open', 'resolved']),
  owner: teamRefSchema,
  resolvedAt: z.string().nullable(),
  /** Every handoff, in order, each with its record. */
  handoffs: z.array(handoffViewSchema),
});
export type BreachedEscalation = z.infer<typeof breachedEscalationSchema>;

/** Runs `work` over `items` with at most `limit` at a time, keeping their order. */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** How many histories a report reads at once. */
export const LOADS_AT_ONCE = 8;

/**
 * The first `limit` breaches (by due instant) as breached escalations; an escalation whose history is
 * gone (none stored) is left out.
 * @example await breachedEscalations(review.breaches, 100, (id) => service.load('acme', id).then((l) => l.state))
 */
export async function breachedEscalations(breaches: readonly BreachFact[], limit: number, stateOf: (ticketId: string) => Promise<EscalationState>): Promise<BreachedEscalation[]> {
  const shown = breaches.slice(0, limit);
  const states = await inBatches(shown, LOADS_AT_ONCE, (b) => stateOf(b.ticketId));
  return shown.flatMap((breach, i): BreachedEscalation[] => {
    const state = states[i]!;
    if (state.status === 'none') return [];
    return [
      {
        ticketId: breach.ticketId,
        subject: state.subject ?? null,
        incidentType: state.incidentType,
        impactTier: state.impactTier,
        matrixVersion: state.matrixVersion,
        runbook: state.runbook ?? null,
        breachedAt: breach.at,
        recordedAt: breach.recordedAt,
        ownerAtBreach: breach.owner,
        state: state.status,
        owner: state.owner,
        resolvedAt: state.status === 'resolved' ? state.resolvedAt : null,
        handoffs: state.handoffs,
      },
    ];
  });
}
