/**
 * GET /v1/reports/friction: the matrix rules and incident types ranked by friction over the last weeks,
 * each rule with its runbook, example escalations and a prefilled draft of a matrix proposal — the input
 * to the monthly update (workflow step 6).
 */
import * as z from 'zod';
import { FrictionAccumulator, type FrictionPoint } from '../../../shared/kpi/friction.js';
import type { Period } from '../../../shared/kpi/kpis.js';
import { frictionPointSchema, periodSchema } from '../../../shared/kpi/schemas.js';
import { shiftWeek, weekOf, weekPeriod } from '../../../shared/kpi/week.js';
import { inBatches, LOADS_AT_ONCE } from './breached.js';
import { periodEvents } from './period-events.js';
import type { ReportContext } from './context.js';
import { reviewTimeZone } from './zone.js';

/** Friction points listed per kind. */
export const FRICTION_RANKED = 20;
/** Histories read to find which rule decided an escalation opened before the weeks read. */
export const FRICTION_LOADS = 200;

/**
 * What a matrix proposal for a friction point starts from: the rule (by id, or by its index in the
 * matrix version that decided the escalations), its current runbook and a rationale naming the evidence.
 * POST /v1/matrix/proposals takes the changed matrix, this rationale and an actor.
 */
export const draftProposalSchema = z.object({
  ruleId: z.string().nullable().describe('The rule’s id; null when it has none (see ruleIndex) or for escalations no rule decided'),
  ruleIndex: z.number().int().nullable(),
  matrixVersion: z.string().nullable(),
  runbook: z.string().nullable(),
  rationale: z.string(),
});
export type DraftProposal = z.infer<typeof draftProposalSchema>;

export const rankedPointSchema = frictionPointSchema.extend({ draftProposal: draftProposalSchema.nullable().describe('For rules only') });
export type RankedPoint = z.infer<typeof rankedPointSchema>;

export const frictionReportSchema = z
  .object({
    tenant: z.string(),
    timeZone: z.string(),
    weeks: z.number().int(),
    period: periodSchema,
    generatedAt: z.string(),
    rules: z.array(rankedPointSchema),
    incidentTypes: z.array(rankedPointSchema),
    unattributed: z.number().int().describe('Friction events whose deciding rule was not found (escalations opened long before the period)'),
  })
  .meta({ id: 'FrictionReport' });
export type FrictionReport = z.infer<typeof frictionReportSchema>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The rationale a friction point suggests, e.g. "Weeks 2026-W46 to 2026-W49 under rule network-major:
 * 3 handoffs sent back (1 as not our scope), 2 overdue acknowledgements, 1 breach (examples: 4521, 4530)."
 */
export function rationaleFor(point: FrictionPoint, span: string): string {
  const c = point.counts;
  const parts = [
    c.rework > 0 ? `${plural(c.rework, 'handoff')} sent back${c.notOurScope > 0 ? ` (${c.notOurScope} as not our scope)` : ''}` : '',
    c.ackOverdue > 0 ? plural(c.ackOverdue, 'overdue acknowledgement') : '',
    c.silentTransfers > 0 ? plural(c.silentTransfers, 'silent transfer') : '',
    c.breaches > 0 ? plural(c.breaches, 'breach', 'breaches') : '',
  ].filter((p) => p !== '');
  return `${span} under ${point.label.charAt(0).toLowerCase()}${point.label.slice(1)}: ${parts.join(', ')} (examples: ${point.examples.join(', ')}).`;
}

/** A friction point with its draft proposal (rules only). */
export function withDraft(point: FrictionPoint, span: string): RankedPoint {
  if (point.kind !== 'rule') return { ...point, draftProposal: null };
  return {
    ...point,
    draftProposal: {
      ruleId: point.rule?.id ?? null,
      ruleIndex: point.rule?.index ?? null,
      matrixVersion: point.rule?.matrixVersion ?? null,
      runbook: point.runbook ?? null,
      rationale: rationaleFor(point, span),
    },
  };
}

/** Feeds `friction` the rule of the escalations it could not place (up to FRICTION_LOADS histories). */
export async function placeUnattributed(ctx: ReportContext, tenant: string, friction: FrictionAccumulator): Promise<void> {
  const unknown = friction.unattributed().slice(0, FRICTION_LOADS);
  const histories = await inBatches(unknown, LOADS_AT_ONCE, async (ticketId) => (await ctx.service.load(tenant, ticketId)).history.events);
  for (const events of histories) friction.addHistory(events);
}

/**
 * Friction over the current week (in the tenant's zone) and the `weeks − 1` before it.
 * @example const report = await frictionReport(ctx, 'acme', 4); report.rules[0]?.draftProposal?.rationale
 */
export async function frictionReport(ctx: ReportContext, tenant: string, weeks: number): Promise<FrictionReport> {
  const { matrix } = await ctx.service.matrices.get(tenant);
  const zone = reviewTimeZone(matrix);
  const now = ctx.deps.clock.now();
  const current = weekOf(now.getTime(), zone);
  const first = shiftWeek(current, 1 - weeks);
  // Whole weeks: the current one ends in the future, and holds everything up to now (an event stamped now included).
  const period: Period = { from: weekPeriod(first, zone).from, to: weekPeriod(current, zone).to };
  const friction = new FrictionAccumulator(period);
  for await (const page of periodEvents(ctx.deps, tenant, period)) for (const recorded of page) friction.add(recorded);
  await placeUnattributed(ctx, tenant, friction);
  const result = friction.result(FRICTION_RANKED);
  const span = weeks === 1 ? `Week ${current}` : `Weeks ${first} to ${current}`;
  return {
    tenant,
    timeZone: zone,
    weeks,
    period,
    generatedAt: now.toISOString(),
    rules: result.rules.map((p) => withDraft(p, span)),
    incidentTypes: result.incidentTypes.map((p) => withDraft(p, span)),
    unattributed: result.unattributed,
  };
}
