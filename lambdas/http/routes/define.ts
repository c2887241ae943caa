/** One route as its module defines it: the route as OpenAPI describes it, who may call it, and its handler. */
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type * as z from 'zod';
import { NotFoundError } from '../../../shared/errors.js';
import type { EscalationState } from '../../../shared/escalation/state.js';
import type { AppEnv } from '../env.js';

/** `key`: a bearer API key; `webhook`: a tenant's webhook secret (X-Baton-Webhook-Secret); `none`: only /v1/health. */
export type RouteAuth = 'key' | 'webhook' | 'none';

export interface RouteEntry<R extends RouteConfig = RouteConfig> {
  route: R;
  auth: RouteAuth;
  handle(c: Parameters<RouteHandler<R, AppEnv>>[0]): Promise<Response>;
}

/** A JSON answer in a route's `responses`. */
export const answer = (description: string, schema: z.ZodType) => ({ description, content: { 'application/json': { schema } } });

/** Keeps each entry's handler typed by its own route (validated params, query and body). */
export const defineRoute = <R extends RouteConfig>(entry: RouteEntry<R>): RouteEntry => entry as unknown as RouteEntry;

/** The escalation, or 404 when the ticket has none. */
export function opened<S extends EscalationState>(state: S): Exclude<S, { status: 'none' }> {
  if (state.status === 'none') throw new NotFoundError('No escalation exists for this ticket');
  return state as Exclude<S, { status: 'none' }>;
}
