/** The routes beside the escalation commands: the OpenAPI document, Freshservice's webhook and the local manual clock. */
import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { devClockBody, freshserviceWebhookBody } from '../../../shared/api/schemas.js';
import { reply } from '../env.js';
import { answer, defineRoute, type RouteEntry } from './define.js';

const openApiDocument = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'get',
    path: '/v1/openapi.json',
    summary: 'This document: every route, its parameters, bodies, answers and who may call it',
    responses: { 200: answer('The OpenAPI 3.1 document', z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }).loose()) },
  }),
  handle: async (c) => reply(200, await c.var.openApi()),
});

const freshserviceWebhook = defineRoute({
  auth: 'webhook',
  route: createRoute({
    method: 'post',
    path: '/v1/webhooks/freshservice',
    summary: 'Ticket changes from Freshservice (a Workflow Automator webhook or the app), authenticated by the tenant’s webhook secret alone',
    request: { body: { required: true, content: { 'application/json': { schema: freshserviceWebhookBody } } } },
    responses: { 202: answer('Recorded: how many events the change made (0 when nothing Baton tracks changed)', z.object({ recorded: z.number().int() })) },
  }),
  async handle(c) {
    const input = c.req.valid('json');
    const { service, key } = c.var;
    const change = input.changes.group_id;
    if (!change) return reply(202, { recorded: 0 });
    const { recorded } = await service.execute(key.tenant, input.ticketId, ({ matrix }) => ({
      type: 'RecordGroupChange',
      fromGroupId: change[0],
      toGroupId: change[1],
      matrix,
      // Reported by Freshservice, not a verified agent: recorded with the webhook secret that reported it.
      ...(input.actor?.id ? { actor: { id: input.actor.id, ...(input.actor.name ? { name: input.actor.name } : {}), teams: [], via: { key: key.id, scope: key.scope } } } : {}),
    }));
    return reply(202, { recorded: recorded.length });
  },
});

const devClock = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'post',
    path: '/v1/dev/clock',
    summary: 'Move the manual clock and fire due deadlines (local mode with BATON_CLOCK=manual only)',
    request: { body: { required: true, content: { 'application/json': { schema: devClockBody } } } },
    responses: { 200: answer('The clock now, and how many deadlines were recorded', z.object({ now: z.string(), fired: z.number().int() })) },
  }),
  handle: async (c) => reply(200, await c.var.deps.config.devClock!(c.req.valid('json'))),
});

export const routes: readonly RouteEntry[] = [openApiDocument, freshserviceWebhook, devClock];
