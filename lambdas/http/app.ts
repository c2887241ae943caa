/** The HTTP API: the route table on Hono, with authentication, idempotency, field-level validation errors and one error format. */
import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { ValidationError } from '../../shared/errors.js';
import { fieldIssues } from '../../shared/validation.js';
import type { AppDeps } from '../app/deps.js';
import type { EscalationService } from '../app/escalations.js';
import { textResponse } from './apigw.js';
import { ApiKeyAuth } from './auth.js';
import type { AppEnv } from './env.js';
import { errorResponse, HttpError, type HttpResponse } from './errors.js';
import { bearerKey, idempotent, jsonBody, webhookSecret } from './middleware.js';
import { documentedErrors, idempotencyHeaders, OPENAPI_INFO, SECURITY_SCHEMES } from './openapi.js';
import { ROUTE_TABLE } from './route-table.js';
import type { RouteEntry } from './routes/define.js';

const VALIDATION_MESSAGE = { json: 'The request has invalid fields', query: 'The query has invalid parameters', param: 'Invalid path parameters' } as Record<string, string>;

const toResponse = ({ statusCode, headers, body }: HttpResponse) => textResponse(statusCode, headers, body);

/** Hono's own refusals (a body its validator could not read) in the project's error format. */
function fromHono(error: HTTPException): HttpError {
  if (error.status === 413) return new HttpError('payload_too_large', error.message);
  if (error.status === 415) return new HttpError('unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json"');
  return new HttpError('validation', 'The body is not valid JSON', [{ path: 'body', message: error.message }]);
}

function security(entry: RouteEntry): RouteConfig['security'] {
  if (entry.auth === 'none') return [];
  return entry.auth === 'webhook' ? [{ webhookSecret: [] }] : [{ bearer: [] }];
}

/**
 * @example const app = createHttpApp(deps, new EscalationService(deps)); await app.request('/v1/health');
 */
export function createHttpApp(deps: AppDeps, service: EscalationService): OpenAPIHono<AppEnv> {
  const auth = new ApiKeyAuth(deps.tenants);
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new ValidationError(VALIDATION_MESSAGE[result.target] ?? 'Invalid input', fieldIssues(result.error));
    },
  });
  const document = () => app.getOpenAPI31Document({ openapi: '3.1.0', info: OPENAPI_INFO, security: [{ bearer: [] }] });
  let cached: ReturnType<typeof document> | undefined;

  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('service', service);
    c.set('openApi', () => (cached ??= document()));
    await next();
  });
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) app.openAPIRegistry.registerComponent('securitySchemes', name, scheme);

  for (const entry of ROUTE_TABLE) {
    if (entry.localOnly && !deps.config.devClock) continue;
    const { route } = entry;
    const authenticate = entry.auth === 'key' ? [bearerKey(auth)] : entry.auth === 'webhook' ? [webhookSecret(auth)] : [];
    const body = route.request?.body ? [jsonBody] : [];
    app.openapi(
      {
        ...route,
        ...(route.method === 'post' ? { request: { ...route.request, headers: idempotencyHeaders } } : {}),
        security: security(entry),
        responses: { ...route.responses, ...documentedErrors(route, entry.auth) },
        middleware: [...authenticate, ...(entry.auth === 'none' ? [] : [idempotent]), ...body],
      },
      entry.handle as never,
    );
  }

  const known = app.routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, pattern: new RegExp(`^${r.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`) }));
  app.notFound((c) => {
    const onPath = known.filter((r) => r.pattern.test(c.req.path));
    const error = onPath.length > 0 ? new HttpError('method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}`) : new HttpError('not_found', `No route ${c.req.method} ${c.req.path}`);
    return toResponse(errorResponse(error, deps.log));
  });
  app.onError((error) => toResponse(errorResponse(error instanceof HTTPException ? fromHono(error) : error, deps.log)));
  return app;
}
