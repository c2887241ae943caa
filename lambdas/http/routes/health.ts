/** Liveness: a module of its own, so a health check loads no other route's schemas. */
import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { reply } from '../env.js';
import { answer, defineRoute, type RouteEntry } from './define.js';

const health = defineRoute({
  auth: 'none',
  route: createRoute({ method: 'get', path: '/v1/health', summary: 'Liveness', responses: { 200: answer('Up', z.object({ status: z.literal('ok') })) } }),
  handle: async () => reply(200, { status: 'ok' }),
});

export const routes: readonly RouteEntry[] = [health];
