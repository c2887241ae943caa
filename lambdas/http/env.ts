/** What every route's context carries: the application, and on authenticated routes the caller's key. */
import type { ApiKey } from '../../shared/ports.js';
import type { AppDeps } from '../app/deps.js';
import type { EscalationService } from '../app/escalations.js';
import { textResponse } from './apigw.js';
import { JSON_HEADERS } from './errors.js';

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    service: EscalationService;
    /** The caller's key (set by the auth middleware; its scope limits whom it may act for). */
    key: ApiKey;
    /** The OpenAPI document of the routes this app serves. */
    openApi: () => Promise<object>;
  };
}

/** A JSON answer with the API's headers (no caching, no sniffing). */
export function reply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return textResponse(status, { ...JSON_HEADERS, ...headers }, JSON.stringify(body));
}
