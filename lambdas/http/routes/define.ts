/** One entry of the route table: the route as OpenAPI describes it, who may call it, and its handler. */
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { NotFoundError } from '../../../shared/errors.js';
import type { EscalationState } from '../../../shared/escalation/state.js';
import type { AppEnv } from '../env.js';

/** `key`: a bearer API key; `webhook`: a tenant's webhook secret (X-Baton-Webhook-Secret); `none`: only /v1/health. */
export type RouteAuth = 'key' | 'webhook' | 'none';

/** The Lambda functions that serve the HTTP API: both run the same app, each bundled with what its routes load. */
export type ServingFunction = 'api' | 'reports';

export interface RouteEntry<R extends RouteConfig = RouteConfig> {
  route: R;
  auth: RouteAuth;
  /** Served only in local mode (the manual clock), never deployed. */
  localOnly?: boolean;
  /**
   * On AWS, the function API Gateway sends it to: `reports` for the weekly review's routes, whose XLSX writer
   * (exceljs, about 1 MB) stays out of the api function's bundle. @default 'api'
   */
  servedBy?: ServingFunction;
  handle(c: Parameters<RouteHandler<R, AppEnv>>[0]): Promise<Response>;
}

/** Keeps each entry's handler typed by its own route (validated params, query and body). */
export const defineRoute = <R extends RouteConfig>(entry: RouteEntry<R>): RouteEntry => entry as unknown as RouteEntry;

/** The escalation, or 404 when the ticket has none. */
export function opened<S extends EscalationState>(state: S): Exclude<S, { status: 'none' }> {
  if (state.status === 'none') throw new NotFoundError('No escalation exists for this ticket');
  return state as Exclude<S, { status: 'none' }>;
}
