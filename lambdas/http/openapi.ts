/** What the OpenAPI document says beside the routes themselves: who may call, and which errors each route can answer. */
import type { RouteConfig } from '@hono/zod-openapi';
import * as z from 'zod';
import { ERROR_STATUS, errorBodySchema, type ErrorCode } from './errors.js';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_RULE } from './middleware.js';
import type { RouteAuth } from './routes/define.js';

export const OPENAPI_INFO = {
  title: 'Baton escalation governance API',
  version: '1',
  description:
    'Every call but /v1/health carries a tenant credential. The actor named in a body is an assertion of the caller; every event records the key (id and scope) that asserted it.',
};

export const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A tenant API key. Its scope limits whom it may act for: `tenant` (anyone in the tenant), `party:<id>` (only members of that party’s teams; 403 naming the scope otherwise). A webhook secret is refused here (403).',
  },
  webhookSecret: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Baton-Webhook-Secret',
    description: 'A tenant’s webhook secret (scope `webhook`): it names the tenant and can only report ticket changes.',
  },
} as const;

/** The optional Idempotency-Key of every POST: the same key and body give the same answer and no second effect. */
export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY)
    .optional()
    .describe(`Retry-safe POSTs: ${IDEMPOTENCY_KEY_RULE}`),
});

const WHEN: Record<ErrorCode, string> = {
  validation: 'Invalid input; `fields` names each bad field',
  unauthorized: 'Missing or unknown credential',
  forbidden: 'The key’s scope, or the actor’s teams, do not allow this',
  not_found: 'No such escalation (or another tenant’s)',
  method_not_allowed: 'Another method is served on this path',
  conflict: 'Clashes with the current state, or an Idempotency-Key reused',
  payload_too_large: 'The body is larger than 64 KB',
  unsupported_media_type: 'The body is not sent as application/json',
  internal: 'Something went wrong on our side; nothing was changed',
  unavailable: 'The store is briefly unavailable or returned an unreadable item; nothing was changed',
};

/** The error answers a route can give, from what it takes (parameters, a body) and who may call it. */
export function documentedErrors(route: RouteConfig, auth: RouteAuth): RouteConfig['responses'] {
  const codes: ErrorCode[] = [];
  const takesInput = Boolean(route.request?.params || route.request?.query || route.request?.body || route.method === 'post');
  if (takesInput) codes.push('validation');
  if (auth !== 'none') codes.push('unauthorized', 'forbidden', 'unavailable');
  if (route.request?.params) codes.push('not_found');
  if (route.method === 'post') codes.push('conflict');
  if (route.request?.body) codes.push('payload_too_large', 'unsupported_media_type');
  return Object.fromEntries(codes.map((code) => [ERROR_STATUS[code], { description: WHEN[code], content: { 'application/json': { schema: errorBodySchema } } }]));
}
