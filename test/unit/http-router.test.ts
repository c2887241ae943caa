import { describe, expect, it } from 'vitest';
import { silentLog } from '../../lambdas/app/log.js';
import type { AppDeps } from '../../lambdas/app/deps.js';
import type { EscalationService } from '../../lambdas/app/escalations.js';
import { createHttpApp } from '../../lambdas/http/app.js';

/** Only what building the app and answering health read: no store is called. */
const deps = { tenants: {}, config: { devClock: null }, log: silentLog } as unknown as AppDeps;

describe('the HTTP app’s router', () => {
  it('is Hono’s LinearRouter, which compiles nothing on a cold start’s first request', () => {
    const app = createHttpApp(deps, {} as EscalationService);

    expect(app.router.name).toBe('LinearRouter');
  });

  it('answers the health check, and tells a known path with another method from an unknown path', async () => {
    const app = createHttpApp(deps, {} as EscalationService);

    const health = await app.request('/v1/health');
    const wrongMethod = await app.request('/v1/health', { method: 'POST' });
    const unknown = await app.request('/v1/nothing-here');

    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(wrongMethod.status).toBe(405);
    expect(unknown.status).toBe(404);
  });
});
