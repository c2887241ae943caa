/** The route middleware: who calls (bearer key or webhook secret), the JSON body gate, and Idempotency-Key replays. */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ConflictError, ValidationError } from '../../shared/errors.js';
import { describeError } from '../app/log.js';
import { responseText, textResponse } from './apigw.js';
import type { ApiKeyAuth } from './auth.js';
import type { AppEnv } from './env.js';
import { HttpError, JSON_HEADERS } from './errors.js';

/** Bodies above this are refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/** What an Idempotency-Key may be (the OpenAPI document shows the same rule). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
export const IDEMPOTENCY_KEY_RULE = '8 to 128 letters, digits, "_", ".", ":" or "-" (a UUID works)';

const headersOf = (request: Request): Record<string, string> => Object.fromEntries(request.headers);

/** A bearer API key of any scope but `webhook`; 401 without one, 403 for a webhook secret. */
export const bearerKey = (auth: ApiKeyAuth): MiddlewareHandler<AppEnv> => async (c, next) => {
  c.set('key', await auth.keyOf(headersOf(c.req.raw)));
  await next();
};

/** The tenant's webhook secret alone (X-Baton-Webhook-Secret): a Workflow Automator webhook sends one header. */
export const webhookSecret = (auth: ApiKeyAuth): MiddlewareHandler<AppEnv> => async (c, next) => {
  c.set('key', await auth.webhookKeyOf(headersOf(c.req.raw)));
  await next();
};

/**
 * A mutating request's body must be JSON (415), at most MAX_BODY_BYTES (413) and well-formed (400),
 * checked before the route's schema so each refusal says what to fix.
 */
export const jsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!/^application\/json\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    throw new HttpError('unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json"');
  }
  const body = await c.req.text();
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw new HttpError('payload_too_large', `The body is larger than ${MAX_BODY_BYTES / 1024} KB`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new HttpError('validation', 'The body is not valid JSON', [{ path: 'body', message: 'Malformed JSON' }]);
  }
  // The validator reads the JSON from Hono's body cache; given only the text, it would re-parse it through a new Response.
  c.req.bodyCache.json = Promise.resolve(parsed);
  await next();
};

/**
 * Idempotency-Key on POSTs: the same key and body give the same answer (status, body and headers) and no
 * second effect. Runs after authentication (keys are per tenant) and before the body is validated.
 */
export const idempotent: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('idempotency-key');
  if (key === undefined || c.req.method !== 'POST') return next();
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError('Invalid Idempotency-Key', [{ path: 'Idempotency-Key', message: IDEMPOTENCY_KEY_RULE }]);
  }
  const { idempotency, clock, log } = c.var.deps;
  const tenant = c.var.key.tenant;
  const requestHash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${await c.req.text()}`).digest('hex');
  const previous = await idempotency.claim(tenant, key, requestHash, clock.now());
  if (previous) {
    if (previous.requestHash !== requestHash) throw new ConflictError('This Idempotency-Key was already used for a different request');
    if (previous.status !== 'done' || !previous.response) throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly');
    const { statusCode, body, headers = JSON_HEADERS } = previous.response;
    return textResponse(statusCode, { ...headers, 'idempotent-replayed': 'true' }, body);
  }
  // Hono turns what the route throws into its answer (onError), so the answer is always here.
  await next();
  const response = c.res;
  // Server failures are not remembered: the client's retry should get a real second chance.
  if (response.status >= 500) {
    await idempotency.release(tenant, key).catch(() => undefined);
    return;
  }
  // The command is done: its answer stands even if it cannot be remembered. A retry then finds the
  // claim in progress (409) until it expires, and then the state itself answers (usually 409).
  const remembered = { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await responseText(response) };
  await idempotency.complete(tenant, key, requestHash, remembered).catch((error: unknown) => log.warn('could not remember an idempotent answer', describeError(error)));
};
