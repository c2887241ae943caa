/** A small route table: method + path pattern → handler, with parameters decoded and checked. */
import { HttpError, type HttpResponse } from './errors.js';
import type { ApiKey } from '../../shared/ports.js';
import type { HttpRequest } from './request.js';

export interface RouteContext {
  request: HttpRequest;
  params: Record<string, string>;
  /** Set for authenticated routes. */
  tenant: string;
  /** The caller's API key on authenticated routes (its scope limits whom it may act for). */
  key: ApiKey | null;
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  /** `true`: a bearer API key; `'webhook'`: a tenant's webhook secret (X-Baton-Webhook-Secret); false only for /v1/health. */
  auth: boolean | 'webhook';
  handle(ctx: RouteContext): Promise<HttpResponse>;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  names: string[];
}

export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.routes = routes.map((route) => {
      const names: string[] = [];
      const source = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => (names.push(name), '([^/]+)'));
      return { ...route, names, pattern: new RegExp(`^${source}$`) };
    });
  }

  /** The route and its parameters; 404 for an unknown path, 405 for a known path with another method. */
  match(request: HttpRequest): { route: Route; params: Record<string, string> } {
    let pathKnown = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(request.path);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== request.method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(found[i + 1]!);
        } catch {
          throw new HttpError('validation', `Malformed ${name} in the path`, [{ path: name, message: 'Malformed percent-encoding' }]);
        }
      });
      return { route, params };
    }
    if (pathKnown) throw new HttpError('method_not_allowed', `${request.method} is not allowed on ${request.path}`);
    throw new HttpError('not_found', `No route ${request.method} ${request.path}`);
  }
}
