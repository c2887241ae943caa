/**
 * The escalation's items as the store reads them back: commits, the summary, list entries. Each schema
 * covers the attributes its read uses (a commit's outbox is the outbox log's to check, in outbox-log.ts).
 */
import * as z from 'zod';
import { recordedEventSchema } from '../../../shared/escalation/events.js';
import { escalationSummarySchema } from '../../../shared/escalation/summary.js';
import { jsonAttribute } from './read-item.js';
import { keys } from './table.js';

const eventsAttribute = jsonAttribute(z.array(recordedEventSchema));

/** A commit: its number (which must be the one in its key), its events, and the summary as of it when it changed one. */
export const commitItemSchema = z
  .object({
    sk: z.string(),
    commit: z.number().int().positive(),
    events: eventsAttribute,
    summary: jsonAttribute(escalationSummarySchema).optional(),
  })
  .refine((item) => item.sk === keys.commit(item.commit), { message: 'commit number differs from the key', path: ['commit'] });

/** The summary item: the list entry (`summary`), and the events cache with the commit it reaches, both or neither. */
export const summaryItemSchema = z
  .object({
    version: z.number().int().positive(),
    summary: jsonAttribute(escalationSummarySchema),
    events: eventsAttribute.optional(),
    eventsVersion: z.number().int().positive().optional(),
  })
  .refine((item) => (item.events === undefined) === (item.eventsVersion === undefined), { message: 'events and eventsVersion come together', path: ['eventsVersion'] });

/** A summary as a list index returns it. */
export const listEntrySchema = z.object({ ticketId: z.string(), summary: jsonAttribute(escalationSummarySchema) });

export type CommitItem = z.output<typeof commitItemSchema>;
export type SummaryItem = z.output<typeof summaryItemSchema>;
