/** The command routes: each runs one command on the ticket's escalation as the actor named in the body. */
import { createRoute } from '@hono/zod-openapi';
import type * as z from 'zod';
import {
  actorOnlyBody,
  openEscalationBody,
  pauseBody,
  reclassifyBody,
  rejectHandoffBody,
  requestHandoffBody,
  resolveBody,
  type Actor,
} from '../../../shared/api/schemas.js';
import type { ActingUser, EscalationCommand } from '../../../shared/escalation/commands.js';
import { toView } from '../../../shared/escalation/view.js';
import type { Matrix } from '../../../shared/matrix/matrix.js';
import type { Executed } from '../../app/escalations.js';
import { reply } from '../env.js';
import type { AppEnv } from '../env.js';
import type { Context } from 'hono';
import { defineRoute, opened, type RouteEntry } from './define.js';
import { handoffAnswer, handoffParams, ticketParams, viewAnswer } from './schemas.js';

const jsonBody = <S extends z.ZodType>(schema: S) => ({ required: true, content: { 'application/json': { schema } } });

/** Runs the command `build` makes as the body's actor (checked against the caller's key) and returns what it recorded. */
async function run(c: Context<AppEnv>, ticketId: string, who: Actor, build: (actor: ActingUser, matrix: Matrix) => EscalationCommand): Promise<Executed> {
  const { service, key } = c.var;
  const { matrix } = await service.matrices.get(key.tenant);
  const actor = await service.actingUser(key.tenant, who, matrix, key);
  return service.execute(key.tenant, ticketId, () => build(actor, matrix));
}

const view = (c: Context<AppEnv>, executed: Executed) => toView(opened(executed.state), executed.history.events, executed.history.version, c.var.deps.clock.now());

const location = (ticketId: string) => ({ location: `/v1/escalations/${encodeURIComponent(ticketId)}` });

const openEscalation = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'post',
    path: '/v1/escalations',
    summary: 'Open an escalation; the matrix decides owner and SLA',
    request: { body: jsonBody(openEscalationBody) },
    responses: { 201: viewAnswer },
  }),
  async handle(c) {
    const input = c.req.valid('json');
    const executed = await run(c, input.ticketId, input.actor, (actor, matrix) => ({
      type: 'OpenEscalation',
      ticketId: input.ticketId,
      ...(input.subject ? { subject: input.subject } : {}),
      incidentType: input.incidentType,
      impactTier: input.impactTier,
      matrix,
      actor,
    }));
    return reply(201, view(c, executed), location(input.ticketId));
  },
});

const requestHandoff = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'post',
    path: '/v1/escalations/{ticketId}/handoffs',
    summary: 'Hand off with the mandatory record',
    request: { params: ticketParams, body: jsonBody(requestHandoffBody) },
    responses: { 201: handoffAnswer },
  }),
  async handle(c) {
    const { ticketId } = c.req.valid('param');
    const { actor: who, ...record } = c.req.valid('json');
    const executed = await run(c, ticketId, who, (actor, matrix) => ({ type: 'RequestHandoff', record, matrix, actor }));
    const escalation = view(c, executed);
    const requested = executed.recorded.find((r) => r.event.type === 'handoff.requested')?.event;
    const handoff = escalation.handoffs.find((h) => requested?.type === 'handoff.requested' && h.id === requested.handoffId);
    return reply(201, { handoff, escalation }, location(ticketId));
  },
});

/** A POST on one escalation (or one of its handoffs) answering the escalation's view. */
function commandRoute<S extends z.ZodType<{ actor: Actor }>, P extends typeof ticketParams | typeof handoffParams>(
  path: string,
  summary: string,
  params: P,
  schema: S,
  build: (input: z.output<S>, params: z.output<P>, actor: ActingUser, matrix: Matrix) => EscalationCommand,
): RouteEntry {
  return defineRoute({
    auth: 'key',
    route: createRoute({ method: 'post', path, summary, request: { params, body: jsonBody(schema) }, responses: { 200: viewAnswer } }),
    async handle(c) {
      // Validated by the route's own schemas; generic routes lose their inferred input types.
      const valid = c.req.valid.bind(c.req) as (target: 'param' | 'json') => unknown;
      const found = valid('param') as z.output<P>;
      const input = valid('json') as z.output<S>;
      const executed = await run(c, found.ticketId, input.actor, (actor, matrix) => build(input, found, actor, matrix));
      return reply(200, view(c, executed));
    },
  });
}

const escalationCommands: RouteEntry[] = [
  commandRoute('/v1/escalations/{ticketId}/handoffs/{handoffId}/acknowledge', 'Accept a handoff (receiving team)', handoffParams, actorOnlyBody, (_, { handoffId }, actor) => ({
    type: 'AcknowledgeHandoff',
    handoffId,
    actor,
  })),
  commandRoute('/v1/escalations/{ticketId}/handoffs/{handoffId}/reject', 'Send a handoff back (receiving team)', handoffParams, rejectHandoffBody, (input, { handoffId }, actor) => ({
    type: 'RejectHandoff',
    handoffId,
    reason: input.reason,
    ...(input.note ? { note: input.note } : {}),
    ...(input.missingFields ? { missingFields: input.missingFields } : {}),
    actor,
  })),
  commandRoute('/v1/escalations/{ticketId}/pause', 'Pause the SLA clock', ticketParams, pauseBody, (input, _, actor) => ({ type: 'PauseClock', reason: input.reason, actor })),
  commandRoute('/v1/escalations/{ticketId}/resume', 'Resume the SLA clock', ticketParams, actorOnlyBody, (_, _p, actor) => ({ type: 'ResumeClock', actor })),
  commandRoute('/v1/escalations/{ticketId}/reclassify', 'Change incident type or impact tier', ticketParams, reclassifyBody, (input, _, actor, matrix) => ({
    type: 'Reclassify',
    ...(input.incidentType ? { incidentType: input.incidentType } : {}),
    ...(input.impactTier !== undefined ? { impactTier: input.impactTier } : {}),
    reason: input.reason,
    matrix,
    actor,
  })),
  commandRoute('/v1/escalations/{ticketId}/resolve', 'Resolve the escalation', ticketParams, resolveBody, (input, _, actor) => ({ type: 'Resolve', resolution: input.resolution, actor })),
];

export const routes: readonly RouteEntry[] = [openEscalation, requestHandoff, ...escalationCommands];
