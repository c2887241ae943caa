/** Request bodies of the HTTP API: one zod schema each, used by the API, the sidebar and the OpenAPI document. */
import * as z from 'zod';
import { CLOCK_RANGE, isoInClockRange } from '../clock-range.js';
import { REJECT_REASONS } from '../escalation/events.js';
import { HANDOFF_FIELDS, handoffRecordShape } from '../handoff/schema.js';
import { LIMITS } from '../limits.js';
import { freeText as text, optionalText } from '../text.js';

/** Who acts; the server resolves their teams, never the client. */
export const actorSchema = z
  .object({
    id: text('Actor id', 64),
    name: z.string().trim().max(200).optional(),
    email: z.email('Actor email must be an email address').max(320).optional(),
  })
  .strict();

export const ticketIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Ticket id is letters, digits, "-" or "_" (at most 64)');

export const openEscalationBody = z
  .object({
    ticketId: ticketIdSchema,
    subject: optionalText('Subject', LIMITS.subject).optional(),
    incidentType: text('Incident type', 64),
    impactTier: z.number({ error: 'Impact tier is required (a whole number, 1 is the highest impact)' }).int('Impact tier is a whole number'),
    actor: actorSchema,
  })
  .strict();

export const requestHandoffBody = handoffRecordShape.extend({ actor: actorSchema }).strict();

export const actorOnlyBody = z.object({ actor: actorSchema }).strict();

export const rejectHandoffBody = z
  .object({
    actor: actorSchema,
    reason: z.enum(REJECT_REASONS, { error: `Reason is one of: ${REJECT_REASONS.join(', ')}` }),
    note: optionalText('Note', LIMITS.note).optional(),
    /** With missing-information: which of the record's fields were missing (the weekly review counts them). */
    missingFields: z
      .array(z.enum(HANDOFF_FIELDS, { error: `A missing field is one of: ${HANDOFF_FIELDS.join(', ')}` }))
      .min(1, 'Name at least one missing field, or leave missingFields out')
      .max(HANDOFF_FIELDS.length)
      .refine((fields) => new Set(fields).size === fields.length, 'Name each missing field once')
      .optional(),
  })
  .strict()
  .refine((b) => b.missingFields === undefined || b.reason === 'missing-information', { message: 'missingFields goes with the reason missing-information', path: ['missingFields'] });

export const pauseBody = z.object({ actor: actorSchema, reason: text('Reason', LIMITS.reason) }).strict();

export const reclassifyBody = z
  .object({
    actor: actorSchema,
    incidentType: text('Incident type', 64).optional(),
    impactTier: z.number().int('Impact tier is a whole number').optional(),
    reason: text('Reason', LIMITS.reason),
  })
  .strict()
  .refine((b) => b.incidentType !== undefined || b.impactTier !== undefined, { message: 'Give a new incident type or impact tier', path: ['incidentType'] });

export const resolveBody = z.object({ actor: actorSchema, resolution: text('Resolution', LIMITS.resolution) }).strict();

/** What the Freshservice app (onTicketUpdate) or a Workflow Automator webhook posts. */
export const freshserviceWebhookBody = z
  .object({
    ticketId: z.union([ticketIdSchema, z.number().int().positive().transform(String)]),
    changes: z
      .object({ group_id: z.tuple([z.number().int().nullable(), z.number().int().nullable()]).optional() })
      .loose(),
    actor: actorSchema.partial({ id: true }).optional(),
  })
  .strict();

/** Moves the manual clock (local mode). Whether the move is forward, and stays before 2101, depends on where the clock is: the route checks that. */
export const devClockBody = z.union([
  z.object({ advanceMinutes: z.number().positive('Advance by a positive number of minutes').max(525_600) }).strict(),
  z
    .object({
      set: z.iso
        .datetime({ offset: true, error: 'Set the clock to an ISO date-time' })
        .refine(isoInClockRange, {
          message: `Set the clock to a time in the years 2000–2100 (${CLOCK_RANGE.earliest} to ${CLOCK_RANGE.latest})`,
          // Only a date-time has a year: anything else is told it is not one, once.
          when: (payload) => payload.issues.length === 0,
        }),
    })
    .strict(),
]);

/** GET /v1/escalations: filters and paging; unknown parameters are refused so a typo is not a silent "no filter". */
export const listEscalationsQuery = z
  .object({
    state: z.enum(['open', 'resolved'], { error: 'State is open or resolved' }).optional(),
    team: z.string().min(1).max(64).optional(),
    party: z.string().min(1).max(64).optional(),
    updatedSince: z.iso.datetime({ offset: true, error: 'updatedSince is an ISO date-time, e.g. 2026-11-30T00:00:00Z' }).optional(),
    limit: z.coerce.number({ error: 'Limit is a whole number from 1 to 100' }).int('Limit is a whole number from 1 to 100').min(1, 'Limit is a whole number from 1 to 100').max(100, 'Limit is a whole number from 1 to 100').default(50),
    cursor: z.string().min(1).max(500).optional(),
  })
  .strict();

/** GET /v1/escalations/{id}/timeline: the events before seq `before` (the latest when omitted), oldest first. */
export const timelineQuery = z
  .object({
    before: z.coerce.number({ error: 'before is a seq from timelineBefore' }).int('before is a seq from timelineBefore').min(1, 'before is a seq from timelineBefore').optional(),
    limit: z.coerce.number({ error: 'Limit is a whole number from 1 to 100' }).int('Limit is a whole number from 1 to 100').min(1, 'Limit is a whole number from 1 to 100').max(100, 'Limit is a whole number from 1 to 100').default(50),
  })
  .strict();

export type Actor = z.infer<typeof actorSchema>;
