/** The reports' shapes in zod: stored baselines are read back with them, and the OpenAPI document is made from them. */
import * as z from 'zod';
import { AMBIGUITY_CAUSES, REJECT_REASONS, teamRefSchema } from '../escalation/events.js';
import { HANDOFF_FIELDS } from '../handoff/schema.js';
import type { KpiReport } from './kpis.js';
import type { FrictionPoint } from './friction.js';
import type { HeadlineKpis, Movement, TargetMark } from './movement.js';
import type { ReviewFindings } from './review.js';

const ratio = z.number().nullable();
const byParty = z.record(z.string(), z.number());

export const periodSchema = z.object({ from: z.string(), to: z.string() });

export const partyKpisSchema = z.object({
  resolved: z.number(),
  resolvedWithinTarget: z.number(),
  escalationSlaAttainment: ratio,
  handoffsRequested: z.number(),
  handoffsRejected: z.number(),
  handoffReworkRate: ratio,
});

export const kpiReportSchema = z
  .object({
    period: periodSchema,
    escalationSlaAttainment: ratio.describe('Resolved within target ÷ resolved; null when none resolved'),
    handoffReworkRate: ratio.describe('Rejected ÷ requested; null when none requested'),
    ownershipAmbiguityIncidents: z.object({ total: z.number(), byCause: z.record(z.enum(AMBIGUITY_CAUSES), z.number()) }),
    timeToAcknowledgeMinutes: z.object({ median: ratio, p90: ratio, count: z.number() }),
    handoffsPerEscalation: ratio,
    businessMinutesByParty: byParty,
    inHandoffMinutesByParty: byParty,
    breachesByParty: byParty,
    byParty: z.record(z.string(), partyKpisSchema),
    counts: z.object({
      opened: z.number(), resolved: z.number(), resolvedWithinTarget: z.number(), handoffsRequested: z.number(), handoffsAcknowledged: z.number(),
      handoffsRejected: z.number(), warnings: z.number(), breaches: z.number(), notificationFailures: z.number(),
    }),
  })
  .meta({ id: 'KpiReport' }) satisfies z.ZodType<KpiReport>;

const partyHeadline = z.object({ escalationSlaAttainment: ratio, handoffReworkRate: ratio });

export const headlineSchema = z.object({
  escalationSlaAttainment: ratio,
  handoffReworkRate: ratio,
  ownershipAmbiguityIncidentsPerWeek: z.number(),
  byParty: z.record(z.string(), partyHeadline),
}) satisfies z.ZodType<HeadlineKpis>;

export const movementSchema = z.object({
  escalationSlaAttainment: ratio,
  handoffReworkRate: ratio,
  ownershipAmbiguityIncidents: ratio,
  byParty: z.record(z.string(), partyHeadline),
}) satisfies z.ZodType<Movement>;

export const targetMarkSchema = z.object({
  kpi: z.enum(['escalationSlaAttainment', 'handoffReworkRate', 'ownershipAmbiguityIncidents']),
  band: z.object({ from: z.number(), to: z.number() }),
  dueAt: z.string(),
  movement: ratio,
  status: z.enum(['met', 'on-track', 'not-met']).nullable(),
}) satisfies z.ZodType<TargetMark>;

const rejectionExample = z.object({ ticketId: z.string(), handoffId: z.string(), at: z.string(), from: teamRefSchema, to: teamRefSchema, note: z.string().optional() });

export const reviewFindingsSchema = z.object({
  handoffQuality: z.object({
    rejectionsByReason: z.record(z.enum(REJECT_REASONS), z.number()),
    missingFields: z.array(z.object({ field: z.enum(HANDOFF_FIELDS), label: z.string(), count: z.number() })),
    notOurScope: z.object({ count: z.number(), examples: z.array(rejectionExample) }),
  }),
  communicationFailures: z.object({
    failedNotifications: z.object({
      count: z.number(),
      byChannel: byParty,
      examples: z.array(z.object({ ticketId: z.string(), at: z.string(), channel: z.string(), target: z.string(), attempt: z.number(), error: z.string() })),
    }),
    overdueAcknowledgements: z.object({
      count: z.number(),
      examples: z.array(z.object({ ticketId: z.string(), handoffId: z.string(), at: z.string(), recordedAt: z.string(), from: teamRefSchema, to: teamRefSchema })),
    }),
    silentTransfers: z.object({
      count: z.number(),
      examples: z.array(z.object({ ticketId: z.string(), at: z.string(), fromGroupId: z.number().nullable(), toGroupId: z.number().nullable(), toTeam: teamRefSchema.nullable(), owner: teamRefSchema })),
    }),
  }),
}) satisfies z.ZodType<ReviewFindings>;

export const frictionPointSchema = z.object({
  kind: z.enum(['rule', 'incident-type']),
  key: z.string(),
  label: z.string(),
  rule: z.object({ id: z.string().optional(), index: z.number(), matrixVersion: z.string() }).nullable().optional(),
  incidentType: z.string().optional(),
  runbook: z.string().optional(),
  counts: z.object({ rework: z.number(), notOurScope: z.number(), ackOverdue: z.number(), silentTransfers: z.number(), breaches: z.number(), handoffs: z.number() }),
  score: z.number(),
  escalations: z.number(),
  examples: z.array(z.string()),
}) satisfies z.ZodType<FrictionPoint>;
