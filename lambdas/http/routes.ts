/** The HTTP API's routes: parse with zod → the application service → a view. */
import type { z } from 'zod';
import {
  actorOnlyBody,
  devClockBody,
  freshserviceWebhookBody,
  listEscalationsQuery,
  openEscalationBody,
  pauseBody,
  reclassifyBody,
  rejectHandoffBody,
  requestHandoffBody,
  resolveBody,
  ticketIdSchema,
  timelineQuery,
} from '../../shared/api/schemas.js';
import { NotFoundError } from '../../shared/errors.js';
import type { ActingUser } from '../../shared/escalation/commands.js';
import { timelinePage, toView } from '../../shared/escalation/view.js';
import type { Matrix } from '../../shared/matrix/matrix.js';
import { redactDocument } from '../../shared/matrix/redact.js';
import { parseOrThrow } from '../../shared/validation.js';
import type { AppDeps } from '../app/deps.js';
import type { EscalationService, Executed, Loaded } from '../app/escalations.js';
import { json } from './errors.js';
import { buildOpenApi } from './openapi.js';
import { jsonBody } from './request.js';
import type { Route, RouteContext } from './router.js';

function body<S extends z.ZodType>(ctx: RouteContext, schema: S): z.output<S> {
  return parseOrThrow(schema, jsonBody(ctx.request), 'The request has invalid fields');
}

function ticketOf(ctx: RouteContext): string {
  return parseOrThrow(ticketIdSchema, ctx.params.ticketId, 'Invalid ticket id');
}

export function escalationRoutes(deps: AppDeps, service: EscalationService): Route[] {
  const view = (loaded: Loaded | Executed) => {
    if (loaded.state.status === 'none') throw new NotFoundError('No escalation exists for this ticket');
    return toView(loaded.state, loaded.history.events, loaded.history.version, deps.clock.now());
  };

  /** A POST that runs one command as the actor named in the body. */
  const command = <S extends z.ZodType<{ actor: { id: string } }>>(
    path: string,
    schema: S,
    build: (input: z.output<S>, actor: ActingUser, matrix: Matrix, params: Record<string, string>) => Parameters<EscalationService['execute']>[2] extends (ctx: infer C) => infer R ? (ctx: C) => R : never,
    status = 200,
  ): Route => ({
    method: 'POST',
    path,
    auth: true,
    async handle(ctx) {
      const ticketId = ticketOf(ctx);
      const input = body(ctx, schema);
      const { matrix } = await service.matrices.get(ctx.tenant);
      const actor = await service.actingUser(ctx.tenant, input.actor, matrix, ctx.key);
      const executed = await service.execute(ctx.tenant, ticketId, build(input, actor, matrix, ctx.params));
      return json(status, view(executed));
    },
  });

  return [
    { method: 'GET', path: '/v1/health', auth: false, handle: async () => json(200, { status: 'ok' }) },
    { method: 'GET', path: '/v1/openapi.json', auth: true, handle: async () => json(200, buildOpenApi({ devClock: deps.config.devClock !== null })) },
    {
      method: 'GET',
      path: '/v1/matrix',
      auth: true,
      async handle(ctx) {
        const { stored } = await service.matrices.get(ctx.tenant);
        // Every key holder may read the matrix; the channel URLs' secrets are for the notifiers only.
        return json(200, { version: stored.version, createdAt: stored.createdAt, createdBy: stored.createdBy, matrix: redactDocument(stored.document) });
      },
    },
    {
      method: 'POST',
      path: '/v1/escalations',
      auth: true,
      async handle(ctx) {
        const input = body(ctx, openEscalationBody);
        const { matrix } = await service.matrices.get(ctx.tenant);
        const actor = await service.actingUser(ctx.tenant, input.actor, matrix, ctx.key);
        const executed = await service.execute(ctx.tenant, input.ticketId, () => ({
          type: 'OpenEscalation',
          ticketId: input.ticketId,
          ...(input.subject ? { subject: input.subject } : {}),
          incidentType: input.incidentType,
          impactTier: input.impactTier,
          matrix,
          actor,
        }));
        return json(201, view(executed), { location: `/v1/escalations/${encodeURIComponent(input.ticketId)}` });
      },
    },
    {
      method: 'GET',
      path: '/v1/escalations',
      auth: true,
      async handle(ctx) {
        const { cursor, ...query } = parseOrThrow(listEscalationsQuery, ctx.request.query, 'The query has invalid parameters');
        return json(200, await deps.store.list(ctx.tenant, { ...query, ...(cursor === undefined ? {} : { cursor }) }));
      },
    },
    {
      method: 'GET',
      path: '/v1/escalations/:ticketId',
      auth: true,
      handle: async (ctx) => json(200, view(await service.load(ctx.tenant, ticketOf(ctx)))),
    },
    {
      method: 'GET',
      path: '/v1/escalations/:ticketId/timeline',
      auth: true,
      async handle(ctx) {
        const query = parseOrThrow(timelineQuery, ctx.request.query, 'The query has invalid parameters');
        const { history, state } = await service.load(ctx.tenant, ticketOf(ctx));
        if (state.status === 'none') throw new NotFoundError('No escalation exists for this ticket');
        return json(200, timelinePage(history.events, query.before, query.limit));
      },
    },
    {
      method: 'GET',
      path: '/v1/escalations/:ticketId/handoffs/:handoffId',
      auth: true,
      async handle(ctx) {
        const { state } = await service.load(ctx.tenant, ticketOf(ctx));
        if (state.status === 'none') throw new NotFoundError('No escalation exists for this ticket');
        const handoff = state.handoffs.find((h) => h.id === ctx.params.handoffId);
        if (!handoff) throw new NotFoundError(`Handoff ${ctx.params.handoffId} does not exist on this escalation`);
        return json(200, handoff);
      },
    },
    {
      method: 'POST',
      path: '/v1/escalations/:ticketId/handoffs',
      auth: true,
      async handle(ctx) {
        const ticketId = ticketOf(ctx);
        const { actor: who, ...record } = body(ctx, requestHandoffBody);
        const { matrix } = await service.matrices.get(ctx.tenant);
        const actor = await service.actingUser(ctx.tenant, who, matrix, ctx.key);
        const executed = await service.execute(ctx.tenant, ticketId, () => ({ type: 'RequestHandoff', record, matrix, actor }));
        const escalation = view(executed);
        const requested = executed.recorded.find((r) => r.event.type === 'handoff.requested')?.event;
        const handoff = escalation.handoffs.find((h) => requested?.type === 'handoff.requested' && h.id === requested.handoffId);
        return json(201, { handoff, escalation }, { location: `/v1/escalations/${encodeURIComponent(ticketId)}` });
      },
    },
    command('/v1/escalations/:ticketId/handoffs/:handoffId/acknowledge', actorOnlyBody, (_, actor, _m, params) => () => ({
      type: 'AcknowledgeHandoff',
      handoffId: params.handoffId!,
      actor,
    })),
    command('/v1/escalations/:ticketId/handoffs/:handoffId/reject', rejectHandoffBody, (input, actor, _m, params) => () => ({
      type: 'RejectHandoff',
      handoffId: params.handoffId!,
      reason: input.reason,
      ...(input.note ? { note: input.note } : {}),
      actor,
    })),
    command('/v1/escalations/:ticketId/pause', pauseBody, (input, actor) => () => ({ type: 'PauseClock', reason: input.reason, actor })),
    command('/v1/escalations/:ticketId/resume', actorOnlyBody, (_, actor) => () => ({ type: 'ResumeClock', actor })),
    command('/v1/escalations/:ticketId/reclassify', reclassifyBody, (input, actor, matrix) => () => ({
      type: 'Reclassify',
      ...(input.incidentType ? { incidentType: input.incidentType } : {}),
      ...(input.impactTier !== undefined ? { impactTier: input.impactTier } : {}),
      reason: input.reason,
      matrix,
      actor,
    })),
    command('/v1/escalations/:ticketId/resolve', resolveBody, (input, actor) => () => ({ type: 'Resolve', resolution: input.resolution, actor })),
    {
      method: 'POST',
      path: '/v1/webhooks/freshservice',
      // The tenant's webhook secret alone: a Workflow Automator webhook sends one header.
      auth: 'webhook',
      async handle(ctx) {
        const input = body(ctx, freshserviceWebhookBody);
        const change = input.changes.group_id;
        if (!change) return json(202, { recorded: 0 });
        const { recorded } = await service.execute(ctx.tenant, input.ticketId, ({ matrix }) => ({
          type: 'RecordGroupChange',
          fromGroupId: change[0],
          toGroupId: change[1],
          matrix,
          // Reported by Freshservice, not a verified agent: recorded with the webhook secret that reported it.
          ...(input.actor?.id ? { actor: { id: input.actor.id, ...(input.actor.name ? { name: input.actor.name } : {}), teams: [], ...(ctx.key ? { via: { key: ctx.key.id, scope: ctx.key.scope } } : {}) } } : {}),
        }));
        return json(202, { recorded: recorded.length });
      },
    },
    ...(deps.config.devClock
      ? [
          {
            method: 'POST' as const,
            path: '/v1/dev/clock',
            auth: true,
            handle: async (ctx: RouteContext) => json(200, await deps.config.devClock!(body(ctx, devClockBody))),
          },
        ]
      : []),
  ];
}
