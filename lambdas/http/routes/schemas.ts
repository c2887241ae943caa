/** Path parameters and answers of the routes, in zod: the OpenAPI document is generated from them. */
import * as z from 'zod';
import { ticketIdSchema } from '../../../shared/api/schemas.js';
import { escalationSummarySchema } from '../../../shared/escalation/summary.js';
import { escalationViewSchema, handoffViewSchema, timelineEntrySchema } from '../../../shared/escalation/view.js';
import { answer } from './define.js';

/** Named in the document's components, so each appears once and routes refer to it. */
const escalationView = escalationViewSchema.meta({ id: 'EscalationView' });
const escalationSummary = escalationSummarySchema.meta({ id: 'EscalationSummary' });
export const handoffView = handoffViewSchema.meta({ id: 'Handoff' });

export const ticketParams = z.object({ ticketId: ticketIdSchema });
export const handoffParams = z.object({ ticketId: ticketIdSchema, handoffId: z.string().min(1).max(64) });

export const viewAnswer = answer('The escalation after the command', escalationView);

export const escalationAnswer = answer('The escalation', escalationView);

export const handoffAnswer = answer('The handoff and the escalation after it', z.object({ handoff: handoffView, escalation: escalationView }));

export const pageAnswer = answer(
  'Escalation summaries, most recently updated first; `cursor` is null on the last page',
  z.object({ items: z.array(escalationSummary), cursor: z.string().nullable() }),
);

export const timelineAnswer = answer(
  'Events before `before`, oldest first; pass this page’s `before` for the page before it (null: none left)',
  z.object({ items: z.array(timelineEntrySchema), before: z.number().int().nullable() }),
);
