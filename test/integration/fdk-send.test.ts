import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppRateLimit } from '../../lambdas/local/fdk/app-rate-limit.js';
import type { ResolvedRequest } from '../../lambdas/local/fdk/request-templates.js';
import { sendResolved } from '../../lambdas/local/fdk/send-request.js';

/** A real server answering each request with the next status of a script (the last one repeats). */
function scriptedServer() {
  let script: number[] = [200];
  let served = 0;
  const server: Server = createServer((req, res) => {
    const status = script[Math.min(served, script.length - 1)]!;
    served++;
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'application/json', 'x-served': String(served) }).end(JSON.stringify({ status, method: req.method })));
  });
  return {
    play(statuses: number[]) {
      script = statuses;
      served = 0;
    },
    served: () => served,
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('sending a resolved template as the platform does', () => {
  const upstream = scriptedServer();
  let base: string;
  const delays: number[] = [];
  const sleep = async (ms: number) => void delays.push(ms);
  const request = (overrides: Partial<ResolvedRequest> = {}): ResolvedRequest => ({ method: 'GET', url: `${base}/v1/matrix`, headers: {}, maxAttempts: 3, retryDelayMs: 500, timeoutMs: 15_000, ...overrides });
  beforeAll(async () => {
    base = await upstream.start();
  });
  afterAll(() => upstream.stop());

  it('resolves a 2xx with the status, the headers and the body as a string', async () => {
    upstream.play([201]);

    const outcome = await sendResolved(request({ method: 'POST', body: '{}' }), { sleep });

    expect(outcome).toEqual({ ok: true, answer: { status: 201, headers: expect.objectContaining({ 'x-served': '1' }), response: '{"status":201,"method":"POST"}' } });
  });

  it('retries a 5xx after retryDelay until it succeeds', async () => {
    upstream.play([503, 502, 200]);
    delays.length = 0;

    const outcome = await sendResolved(request(), { sleep });

    expect(outcome.ok).toBe(true);
    expect(upstream.served()).toBe(3);
    expect(delays).toEqual([500, 500]);
  });

  it('rejects after maxAttempts with the last answer, errorSource APP and the attempts made', async () => {
    upstream.play([429]);

    const outcome = await sendResolved(request(), { sleep });

    expect(outcome).toEqual({ ok: false, rejection: { status: 429, headers: expect.any(Object), response: '{"status":429,"method":"GET"}', errorSource: 'APP', attempts: 3 } });
    expect(upstream.served()).toBe(3);
  });

  it('does not retry a 4xx other than 429', async () => {
    upstream.play([409, 200]);

    const outcome = await sendResolved(request(), { sleep });

    expect(outcome).toMatchObject({ ok: false, rejection: { status: 409, attempts: 1 } });
    expect(upstream.served()).toBe(1);
  });

  it('retries a host it cannot reach, then rejects with 502 from the platform', async () => {
    const closed = scriptedServer();
    const url = await closed.start();
    await closed.stop();

    const outcome = await sendResolved(request({ url: `${url}/v1/matrix`, maxAttempts: 2 }), { sleep });

    expect(outcome).toEqual({ ok: false, rejection: { status: 502, headers: {}, response: 'Error while connecting to the host', errorSource: 'PLATFORM', attempts: 2 } });
  });
});

describe("the app's request quota", () => {
  it('refuses the call past the limit within a minute, per account, and allows it again a minute after the first', () => {
    let now = 0;
    const limit = new AppRateLimit(2, () => now);

    const taken = [limit.take('acme'), limit.take('acme'), limit.take('acme'), limit.take('globex')];
    now = 60_000;
    const later = limit.take('acme');

    expect(taken).toEqual([true, true, false, true]);
    expect(later).toBe(true);
  });
});
