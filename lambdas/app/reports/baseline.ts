/**
 * Baselines: the KPIs over a period captured as the tenant's reference (workflow: "capture baseline values
 * for all listed KPIs"). Each capture is a new version, never overwritten; the latest is the current one,
 * which the weekly review compares with.
 */
import * as z from 'zod';
import { actorSchema } from '../../../shared/api/schemas.js';
import { firstInstantReaching } from '../../../shared/calendar/zone.js';
import { ForbiddenError, ValidationError } from '../../../shared/errors.js';
import { KpiAccumulator, type Period } from '../../../shared/kpi/kpis.js';
import { DAY } from '../../../shared/kpi/movement.js';
import { coordinatorTeams, mayPropose } from '../../../shared/matrix/governance.js';
import { optionalText } from '../../../shared/text.js';
import type { ApiKey } from '../../../shared/ports.js';
import type { ReportContext } from './context.js';
import { periodEvents } from './period-events.js';
import type { Baseline } from './ports.js';
import { reviewTimeZone } from './zone.js';

/** The longest period a baseline may cover: a quarter (13 weeks), read in one request. */
export const BASELINE_MAX_DAYS = 91;

const bound = (name: string) =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: `${name} is a date (2026-10-05, midnight in the tenant's review time zone) or an ISO date-time with its offset (2026-10-05T00:00:00Z)`,
  });

export const captureBaselineBody = z
  .object({
    from: bound('from'),
    to: bound('to').describe('Exclusive: the period is [from, to)'),
    actor: actorSchema,
    note: optionalText('Note', 1000).optional(),
  })
  .strict()
  .meta({ id: 'CaptureBaseline' });
export type CaptureBaselineBody = z.infer<typeof captureBaselineBody>;

/** A date is midnight in `zone`; a date-time is its instant. */
function instantOf(value: string, zone: string): number {
  if (!value.includes('T')) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return firstInstantReaching(zone, Date.UTC(y, m - 1, d));
  }
  return Date.parse(value);
}

/** The period the body names, checked: from before to, at most BASELINE_MAX_DAYS, not ending in the future. */
function periodOf(body: CaptureBaselineBody, zone: string, now: number): Period {
  const from = instantOf(body.from, zone);
  const to = instantOf(body.to, zone);
  const fields = [];
  if (to <= from) fields.push({ path: 'to', message: 'to must be after from (the period is [from, to))' });
  else if (to - from > BASELINE_MAX_DAYS * DAY) fields.push({ path: 'to', message: `A baseline covers at most ${BASELINE_MAX_DAYS} days (13 weeks)` });
  if (to > now) fields.push({ path: 'to', message: `to is in the future (now is ${new Date(now).toISOString()}): a baseline is what already happened` });
  if (fields.length > 0) throw new ValidationError('The baseline period is not usable', fields);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** Baselines are the joint reference both parties are measured against: a tenant key's to capture and read. */
export function requireTenantKey(key: ApiKey, what: string): void {
  if (key.scope.startsWith('party:')) throw new ForbiddenError(`This API key (${key.id}, scope ${key.scope}) sees its party's figures only; ${what} needs a tenant key`, { scope: key.scope });
}

/**
 * Captures the KPIs over the body's period as the next baseline version. The actor must be a member of a
 * coordinator team or a named approver.
 * @example await captureBaseline(ctx, key, { from: '2026-10-05', to: '2026-11-02', actor: { id: 'agent-anna' }, note: 'Before the pilot' })
 */
export async function captureBaseline(ctx: ReportContext, key: ApiKey, body: CaptureBaselineBody): Promise<Baseline> {
  requireTenantKey(key, 'capturing a baseline');
  const { matrix } = await ctx.service.matrices.get(key.tenant);
  const user = await ctx.service.actingUser(key.tenant, body.actor, matrix, key);
  // The same people who may propose a matrix change: the baseline is what such changes are measured against.
  if (!mayPropose(matrix.document, user.id, user.teams)) {
    throw new ForbiddenError(`Only members of a coordinator team (${coordinatorTeams(matrix.document).join(', ')}) and approvers capture baselines; ${user.id} is neither`);
  }
  const period = periodOf(body, reviewTimeZone(matrix), ctx.deps.clock.now().getTime());
  const kpis = new KpiAccumulator(period);
  for await (const page of periodEvents(ctx.deps, key.tenant, period)) for (const recorded of page) kpis.add(recorded.event);
  return ctx.deps.reports.addBaseline(key.tenant, {
    from: period.from,
    to: period.to,
    capturedAt: ctx.deps.clock.now().toISOString(),
    actor: { id: user.id, ...(user.name ? { name: user.name } : {}), ...(user.via ? { via: user.via } : {}) },
    ...(body.note ? { note: body.note } : {}),
    kpis: kpis.result(),
  });
}
