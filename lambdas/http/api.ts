/** The HTTP API as one function of a request: route → authenticate → (idempotently) handle → answer. */
import type { AppDeps } from '../app/deps.js';
import type { EscalationService } from '../app/escalations.js';
import { ApiKeyAuth } from './auth.js';
import { errorResponse, type HttpResponse } from './errors.js';
import { idempotent } from './idempotency.js';
import type { HttpRequest } from './request.js';
import { Router } from './router.js';
import { escalationRoutes } from './routes.js';

export type HttpApi = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * @example const api = createHttpApi(deps, new EscalationService(deps)); await api(fromApiGateway(event));
 */
export function createHttpApi(deps: AppDeps, service: EscalationService): HttpApi {
  const router = new Router(escalationRoutes(deps, service));
  const auth = new ApiKeyAuth(deps.tenants);
  return async (request) => {
    try {
      const { route, params } = router.match(request);
      const key = route.auth === 'webhook' ? await auth.webhookKeyOf(request) : route.auth ? await auth.keyOf(request) : null;
      const tenant = key?.tenant ?? '';
      const run = () => route.handle({ request, params, tenant, key }).catch((error: unknown) => errorResponse(error, deps.log));
      return route.auth ? await idempotent(deps.idempotency, deps.clock, deps.log, tenant, request, run) : await run();
    } catch (error) {
      return errorResponse(error, deps.log);
    }
  };
}
