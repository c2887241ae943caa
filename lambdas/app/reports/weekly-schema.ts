/** The weekly report's shape (a tenant key's, and a party key's), in zod: the OpenAPI document is made from it. */
import * as z from 'zod';
import { actorRefSchema } from '../../../shared/escalation/events.js';
import { headlineSchema, kpiReportSchema, movementSchema, partyKpisSchema, periodSchema, reviewFindingsSchema, targetMarkSchema } from '../../../shared/kpi/schemas.js';
import { breachedEscalationSchema } from './breached.js';
import { rankedPointSchema } from './friction.js';

const ratio = z.number().nullable();

const weekOf = {
  tenant: z.string(),
  week: z.string().describe('The ISO week, e.g. 2026-W49'),
  timeZone: z.string().describe('The tenant’s review time zone: the week runs Monday 00:00 to Monday 00:00 on its wall clock'),
  period: periodSchema,
  generatedAt: z.string(),
  complete: z.boolean().describe('False while the week (and the hour after it, when late deadlines are still recorded) is not over'),
};

export const baselineSummarySchema = z.object({
  version: z.number().int(),
  from: z.string(),
  to: z.string(),
  capturedAt: z.string(),
  actor: actorRefSchema,
  note: z.string().optional(),
  headline: headlineSchema,
});

const breached = z.object({ total: z.number().int(), items: z.array(breachedEscalationSchema).describe('The first breaches by due instant, at most 100') });

export const trendWeekSchema = z.object({
  week: z.string(),
  period: periodSchema,
  escalationSlaAttainment: ratio,
  handoffReworkRate: ratio,
  ownershipAmbiguityIncidents: z.number(),
  resolved: z.number(),
  handoffsRequested: z.number(),
  byParty: z.record(z.string(), z.object({ escalationSlaAttainment: ratio, handoffReworkRate: ratio })),
});

export const weeklyReportSchema = z
  .object({
    ...weekOf,
    scope: z.literal('tenant'),
    kpis: kpiReportSchema,
    trend: z.array(trendWeekSchema).describe('The previous 4 weeks and this one, oldest first'),
    baseline: baselineSummarySchema.nullable().describe('The current (latest captured) baseline'),
    movement: z.object({ baseline: movementSchema.nullable(), previousWeeks: movementSchema.nullable() }),
    targets: z.array(targetMarkSchema).describe('The seed’s target ranges against the baseline; none without one'),
    breachedEscalations: breached,
    ...reviewFindingsSchema.shape,
    byParty: z.record(z.string(), reviewFindingsSchema).describe('Handoff quality and communication failures by the party each is attributed to'),
    frictionPoints: z.object({ rules: z.array(rankedPointSchema), incidentTypes: z.array(rankedPointSchema), unattributed: z.number() }).describe('The week’s friction (GET /v1/reports/friction ranks several weeks)'),
  })
  .meta({ id: 'WeeklyReport' });

export const partyWeeklyReportSchema = z
  .object({
    ...weekOf,
    scope: z.object({ party: z.string() }),
    kpis: partyKpisSchema.extend({ businessMinutes: z.number(), inHandoffMinutes: z.number(), breaches: z.number() }),
    trend: z.array(z.object({ week: z.string(), period: periodSchema, escalationSlaAttainment: ratio, handoffReworkRate: ratio })),
    baseline: z.object({ version: z.number().int(), from: z.string(), to: z.string(), capturedAt: z.string(), escalationSlaAttainment: ratio, handoffReworkRate: ratio }).nullable(),
    movement: z.object({
      baseline: z.object({ escalationSlaAttainment: ratio, handoffReworkRate: ratio }).nullable(),
      previousWeeks: z.object({ escalationSlaAttainment: ratio, handoffReworkRate: ratio }).nullable(),
    }),
    breachedEscalations: breached,
    ...reviewFindingsSchema.shape,
  })
  .meta({ id: 'PartyWeeklyReport' });

export type WeeklyReport = z.infer<typeof weeklyReportSchema>;
export type PartyWeeklyReport = z.infer<typeof partyWeeklyReportSchema>;
export type TrendWeek = z.infer<typeof trendWeekSchema>;
