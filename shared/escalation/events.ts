/** The escalation's events, in the past tense: the event list is the audit trail. */
import * as z from 'zod';
import { calendarSchema } from '../calendar/spec.js';
import { HANDOFF_FIELDS, storedHandoffRecordSchema } from '../handoff/schema.js';

const instant = z.iso.datetime({ offset: true });

export const teamRefSchema = z.object({ team: z.string(), party: z.string() });
/** Who acted, as the caller asserted, and through which API key (`via`): the audit can tell an app key from an integration's. */
export const actorRefSchema = z.object({ id: z.string(), name: z.string().optional(), via: z.object({ key: z.string(), scope: z.string() }).optional() });

/** The SLA terms in force, copied from the matrix so the clock can be replayed without it. */
export const slaTermsSchema = z.object({
  policy: z.string(),
  ackMinutes: z.number(),
  resolveMinutes: z.number(),
  warnAt: z.array(z.number()),
  calendar: calendarSchema,
});

/** Deadlines planned for the resolution clock; a new generation replaces every older one. */
export const slaPlanSchema = z.object({
  generation: z.number().int(),
  dueAt: instant,
  warnings: z.array(z.object({ fraction: z.number(), at: instant })),
});

export const REJECT_REASONS = ['missing-information', 'not-our-scope', 'other'] as const;
export const AMBIGUITY_CAUSES = ['no-rule', 'rule-conflict', 'ack-overdue', 'silent-transfer', 'not-our-scope'] as const;

const base = { at: instant, actor: actorRefSchema.optional() };
const notify = { notify: z.array(teamRefSchema) };
/** A deadline's event: `at` is the instant it fell due, `recordedAt` when it was written (later when noticed late). */
const fellDue = { recordedAt: instant };
const decidedBy = {
  incidentType: z.string(),
  impactTier: z.number().int(),
  matrixVersion: z.string(),
  rule: z.object({ index: z.number().int(), id: z.string().optional() }).nullable(),
  runbook: z.string().optional(),
  sla: slaTermsSchema,
  coordinators: z.array(teamRefSchema),
};

export const handoffRequestedSchema = z.object({
  type: z.literal('handoff.requested'), ...base, handoffId: z.string(), from: teamRefSchema, to: teamRefSchema, record: storedHandoffRecordSchema, ackDueAt: instant, ...notify,
});

export const escalationEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('escalation.opened'), ...base, ticketId: z.string(), subject: z.string().optional(), owner: teamRefSchema, plan: slaPlanSchema, ...decidedBy }),
  z.object({ type: z.literal('ownership.ambiguous'), ...base, cause: z.enum(['no-rule', 'rule-conflict']), detail: z.string(), ...notify }),
  z.object({ type: z.literal('escalation.reclassified'), ...base, reason: z.string(), plan: slaPlanSchema.nullable(), suggestedOwner: teamRefSchema.nullable(), ...decidedBy }),
  handoffRequestedSchema,
  z.object({ type: z.literal('handoff.acknowledged'), ...base, handoffId: z.string(), from: teamRefSchema, to: teamRefSchema, waitedMinutes: z.number(), ...notify }),
  z.object({ type: z.literal('handoff.rejected'), ...base, handoffId: z.string(), from: teamRefSchema, to: teamRefSchema, reason: z.enum(REJECT_REASONS), note: z.string().optional(), missingFields: z.array(z.enum(HANDOFF_FIELDS)).optional(), ...notify }),
  z.object({ type: z.literal('handoff.ack-overdue'), ...base, ...fellDue, handoffId: z.string(), from: teamRefSchema, to: teamRefSchema, ackDueAt: instant, ...notify }),
  z.object({ type: z.literal('sla.paused'), ...base, reason: z.string() }),
  z.object({ type: z.literal('sla.resumed'), ...base, pausedMinutes: z.number(), plan: slaPlanSchema }),
  z.object({ type: z.literal('sla.warning'), ...base, ...fellDue, generation: z.number().int(), fraction: z.number(), elapsedBusinessMinutes: z.number(), dueAt: instant, owner: teamRefSchema, ...notify }),
  z.object({ type: z.literal('sla.breached'), ...base, ...fellDue, generation: z.number().int(), elapsedBusinessMinutes: z.number(), dueAt: instant, owner: teamRefSchema, ...notify }),
  z.object({
    type: z.literal('escalation.resolved'), ...base, resolution: z.string(), owner: teamRefSchema,
    elapsedBusinessMinutes: z.number(), resolveMinutes: z.number(), withinTarget: z.boolean(), handoffCount: z.number().int(),
    byParty: z.record(z.string(), z.number()), inHandoff: z.record(z.string(), z.number()),
  }),
  z.object({ type: z.literal('ownership.silent-transfer'), ...base, fromGroupId: z.number().nullable(), toGroupId: z.number().nullable(), toTeam: teamRefSchema.nullable(), owner: teamRefSchema, ...notify }),
  z.object({ type: z.literal('notification.sent'), ...base, forSeq: z.number().int(), channel: z.string(), target: z.string() }),
  z.object({ type: z.literal('notification.failed'), ...base, forSeq: z.number().int(), channel: z.string(), target: z.string(), error: z.string(), attempt: z.number().int() }),
]);

/**
 * Anything that happened to an escalation.
 * @example const e: EscalationEvent = { type: 'sla.paused', at: '2026-11-30T10:00:00.000Z', reason: 'Waiting for the vendor' };
 */
export type EscalationEvent = z.infer<typeof escalationEventSchema>;
export type EscalationEventType = EscalationEvent['type'];

/** Every event type, from the union itself. @example eventTypeSchema.parse('handoff.requested') */
export const eventTypeSchema = z.enum(escalationEventSchema.options.map((option) => option.shape.type.value) as [EscalationEventType, ...EscalationEventType[]]);
export type EventOf<T extends EscalationEventType> = Extract<EscalationEvent, { type: T }>;
export type TeamRef = z.infer<typeof teamRefSchema>;
export type ActorRef = z.infer<typeof actorRefSchema>;
export type SlaTerms = z.infer<typeof slaTermsSchema>;
export type SlaPlan = z.infer<typeof slaPlanSchema>;
export type RejectReason = (typeof REJECT_REASONS)[number];
export type AmbiguityCause = (typeof AMBIGUITY_CAUSES)[number];

/**
 * An event as stored: which ticket, its position in that ticket's history.
 * @example recordedEventSchema.parse({ ticketId: '4521', seq: 3, event: { type: 'sla.paused', at: '2026-11-30T10:00:00.000Z', reason: 'Vendor' } })
 */
export const recordedEventSchema = z.object({ ticketId: z.string(), seq: z.number().int().positive(), event: escalationEventSchema });
export type RecordedEvent = z.infer<typeof recordedEventSchema>;
