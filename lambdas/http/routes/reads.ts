/** The read routes: the matrix, and escalations with their timeline and handoffs. */
import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { listEscalationsQuery, timelineQuery } from '../../../shared/api/schemas.js';
import { NotFoundError } from '../../../shared/errors.js';
import { timelinePage, toView } from '../../../shared/escalation/view.js';
import { redactDocument } from '../../../shared/matrix/redact.js';
import { reply } from '../env.js';
import { answer, defineRoute, opened, type RouteEntry } from './define.js';
import { escalationAnswer, handoffParams, handoffView, pageAnswer, ticketParams, timelineAnswer } from './schemas.js';

const matrix = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'get',
    path: '/v1/matrix',
    summary: 'The active escalation matrix and its version (channel secrets shown as •••)',
    responses: { 200: answer('The active matrix', z.object({ version: z.number().int(), createdAt: z.string(), createdBy: z.string(), matrix: z.unknown() })) },
  }),
  async handle(c) {
    const { stored } = await c.var.service.matrices.get(c.var.key.tenant);
    // Every key holder may read the matrix; the channel URLs' secrets are for the notifiers only.
    return reply(200, { version: stored.version, createdAt: stored.createdAt, createdBy: stored.createdBy, matrix: redactDocument(stored.document) });
  },
});

const listEscalations = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'get',
    path: '/v1/escalations',
    summary: 'Escalation summaries, most recently updated first, filtered and paged (pass `cursor` back for the next page)',
    request: { query: listEscalationsQuery },
    responses: { 200: pageAnswer },
  }),
  async handle(c) {
    const { cursor, ...query } = c.req.valid('query');
    return reply(200, await c.var.deps.store.list(c.var.key.tenant, { ...query, ...(cursor === undefined ? {} : { cursor }) }));
  },
});

const getEscalation = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'get',
    path: '/v1/escalations/{ticketId}',
    summary: 'One escalation: its owner, clock, handoffs and latest timeline events',
    request: { params: ticketParams },
    responses: { 200: escalationAnswer },
  }),
  async handle(c) {
    const { deps, service, key } = c.var;
    const { history, state } = await service.load(key.tenant, c.req.valid('param').ticketId);
    return reply(200, toView(opened(state), history.events, history.version, deps.clock.now()));
  },
});

const getTimeline = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'get',
    path: '/v1/escalations/{ticketId}/timeline',
    summary: 'Older timeline events: the view carries the latest; pass its timelineBefore as `before`, then each page’s `before`',
    request: { params: ticketParams, query: timelineQuery },
    responses: { 200: timelineAnswer },
  }),
  async handle(c) {
    const query = c.req.valid('query');
    const { history, state } = await c.var.service.load(c.var.key.tenant, c.req.valid('param').ticketId);
    opened(state);
    return reply(200, timelinePage(history.events, query.before, query.limit));
  },
});

const getHandoff = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'get',
    path: '/v1/escalations/{ticketId}/handoffs/{handoffId}',
    summary: 'One handoff with its record (the escalation view carries only the latest record)',
    request: { params: handoffParams },
    responses: { 200: answer('The handoff', handoffView) },
  }),
  async handle(c) {
    const { ticketId, handoffId } = c.req.valid('param');
    const { state } = await c.var.service.load(c.var.key.tenant, ticketId);
    const handoff = opened(state).handoffs.find((h) => h.id === handoffId);
    if (!handoff) throw new NotFoundError(`Handoff ${handoffId} does not exist on this escalation`);
    return reply(200, handoff);
  },
});

export const routes: readonly RouteEntry[] = [matrix, listEscalations, getEscalation, getTimeline, getHandoff];
