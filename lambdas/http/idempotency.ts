/** Idempotency-Key on POSTs: the same key and body give the same answer and no second effect. */
import { createHash } from 'node:crypto';
import { ConflictError, ValidationError } from '../../shared/errors.js';
import type { Clock, IdempotencyStore } from '../../shared/ports.js';
import { describeError, type Log } from '../app/log.js';
import { JSON_HEADERS, type HttpResponse } from './errors.js';
import type { HttpRequest } from './request.js';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

export async function idempotent(store: IdempotencyStore, clock: Clock, log: Log, tenant: string, request: HttpRequest, run: () => Promise<HttpResponse>): Promise<HttpResponse> {
  const key = request.headers['idempotency-key'];
  if (key === undefined || request.method !== 'POST') return run();
  if (!KEY_PATTERN.test(key)) {
    throw new ValidationError('Invalid Idempotency-Key', [{ path: 'Idempotency-Key', message: '8 to 128 letters, digits, "_", ".", ":" or "-" (a UUID works)' }]);
  }
  const requestHash = createHash('sha256').update(`${request.method} ${request.path}\n${request.body ?? ''}`).digest('hex');
  const previous = await store.claim(tenant, key, requestHash, clock.now());
  if (previous) {
    if (previous.requestHash !== requestHash) throw new ConflictError('This Idempotency-Key was already used for a different request');
    if (previous.status !== 'done' || !previous.response) throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly');
    const { statusCode, body, headers = JSON_HEADERS } = previous.response;
    return { statusCode, headers: { ...headers, 'idempotent-replayed': 'true' }, body };
  }
  let response: HttpResponse;
  try {
    response = await run();
  } catch (error) {
    await store.release(tenant, key).catch(() => undefined);
    throw error;
  }
  // Server failures are not remembered: the client's retry should get a real second chance.
  if (response.statusCode >= 500) {
    await store.release(tenant, key).catch(() => undefined);
    return response;
  }
  // The command is done: its answer stands even if it cannot be remembered. A retry then finds the
  // claim in progress (409) until it expires, and then the state itself answers (usually 409).
  await store.complete(tenant, key, requestHash, { statusCode: response.statusCode, headers: response.headers, body: response.body }).catch((error: unknown) => log.warn('could not remember an idempotent answer', describeError(error)));
  return response;
}
