import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../lambdas/http/app.js';
import { ERROR_STATUS } from '../../lambdas/http/errors.js';
import { apiRouteKeys } from '../../lambdas/http/route-keys.js';
import { startTestBaton, WEBHOOK_SECRET, type TestBaton } from '../support/baton.js';

interface Operation {
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } }>; securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
}

/** `/v1/escalations/:ticketId` (Hono) → `/v1/escalations/{ticketId}` (OpenAPI). */
const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

describe('the API contract', () => {
  let h: TestBaton;
  let doc: Document;
  beforeAll(async () => {
    h = await startTestBaton();
    doc = (await h.call<Document>('GET', '/v1/openapi.json')).body;
  });
  afterAll(() => h.stop());

  const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));

  it('documents every route the server serves, itself included', () => {
    // Each route's middleware and handler are separate entries of Hono's list: one key per method and path.
    const served = [...new Set(createHttpApp(h.baton.deps, h.baton.service).routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${openApiPath(r.path)}`))];
    const documented = operations().map((o) => `${o.method} ${o.path}`);

    expect(doc.openapi).toBe('3.1.0');
    expect(served).toContain('GET /v1/openapi.json');
    expect([...served].sort()).toEqual([...documented].sort());
  });

  it('serves every documented operation (none answers 404 or 405)', async () => {
    for (const { method, path } of operations()) {
      const concrete = path.replace('{ticketId}', 'contract-none').replace('{handoffId}', 'h1');
      const answer = await h.call<{ error?: { code: string } }>(method, concrete, method === 'POST' ? {} : undefined);
      const code = answer.body?.error?.code;
      // An unknown escalation is a 404 "no escalation" from the route itself, never "no route".
      expect(code === 'method_not_allowed' || (answer.status === 404 && !/exists|does not exist/.test(JSON.stringify(answer.body))), `${method} ${path}`).toBe(false);
    }
  });

  it('deploys every route but the local-only ones', () => {
    const deployed = apiRouteKeys.map((r) => `${r.method} ${r.path}`).sort();
    const documented = operations().map((o) => `${o.method} ${o.path}`).filter((k) => k !== 'POST /v1/dev/clock').sort();

    expect(deployed).toEqual(documented);
  });

  it('names who may call each operation: none for health, the webhook secret for the webhook, a bearer key for the rest', () => {
    for (const { method, path, op } of operations()) {
      const expected = path === '/v1/health' ? [] : path === '/v1/webhooks/freshservice' ? [{ webhookSecret: [] }] : [{ bearer: [] }];
      expect(op.security, `${method} ${path}`).toEqual(expected);
    }
    expect(doc.components.securitySchemes.webhookSecret).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Baton-Webhook-Secret' });
    expect(JSON.stringify(doc.components.securitySchemes.bearer)).toContain('party:<id>');
  });

  it('lists the one set of error codes, and the errors each body-taking operation can answer', () => {
    expect([...(doc.components.schemas.Error?.properties?.error?.properties?.code?.enum ?? [])].sort()).toEqual(Object.keys(ERROR_STATUS).sort());
    for (const { method, path, op } of operations().filter((o) => o.op.requestBody)) {
      expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['400', '401', '409', '413', '415']));
      expect(op.parameters?.map((p) => `${p.in}:${p.name}`), `${method} ${path}`).toContain('header:idempotency-key');
    }
  });

  it('refuses a known path with another method as 405, an unknown path as 404, in the error format', async () => {
    const wrongMethod = await h.call<{ error: { code: string } }>('DELETE', '/v1/escalations/T-1');
    const unknown = await h.call<{ error: { code: string } }>('GET', '/v1/nothing-here');
    const webhookAsGet = await h.call<{ error: { code: string } }>('GET', '/v1/webhooks/freshservice', undefined, { key: null, headers: { 'x-baton-webhook-secret': WEBHOOK_SECRET } });

    expect([wrongMethod.status, wrongMethod.body.error.code]).toEqual([405, 'method_not_allowed']);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'not_found']);
    expect(webhookAsGet.status).toBe(405);
  });
});
