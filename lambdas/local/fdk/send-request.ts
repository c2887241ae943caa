/** Sends a resolved request template as the platform does: retries, timeout, and the answer or rejection shape the app receives. */
import { TEMPLATE_LIMITS, type ResolvedRequest } from './request-templates.js';

/** What `invokeTemplate` resolves with: `response` is the body as a string (the app JSON.parses it). */
export interface TemplateAnswer {
  status: number;
  headers: Record<string, string>;
  response: string;
}

/**
 * What it rejects with. errorSource: "APP" for the app's own failures (its call refused, its quota spent,
 * or the called host answering an error), "PLATFORM" when the platform could not get an answer at all
 * (unreachable host, timeout). (?) The documentation shows these two values; the exact split is not documented.
 */
export interface TemplateRejection extends TemplateAnswer {
  errorSource: 'APP' | 'PLATFORM';
  attempts: number;
}

export type TemplateOutcome = { ok: true; answer: TemplateAnswer } | { ok: false; rejection: TemplateRejection };

export interface SendOptions {
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** Network errors, 429 and 5xx are retried up to maxAttempts (the platform's rule). */
const retryable = (status: number) => status === 429 || status >= 500;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends `request`, retrying as its template's options say; never throws.
 * @example const outcome = await sendResolved(resolveTemplate(templates, 'getMatrix', {}, iparams));
 */
export async function sendResolved(request: ResolvedRequest, options: SendOptions = {}): Promise<TemplateOutcome> {
  const fetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? wait;
  let last: TemplateRejection | undefined;
  for (let attempt = 1; attempt <= request.maxAttempts; attempt++) {
    if (attempt > 1 && request.retryDelayMs > 0) await sleep(request.retryDelayMs);
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        redirect: 'manual',
        signal: AbortSignal.timeout(request.timeoutMs),
      });
      const text = await response.text();
      const headers = Object.fromEntries(response.headers);
      if (Buffer.byteLength(text) > TEMPLATE_LIMITS.responseBytes) {
        return { ok: false, rejection: { status: 502, headers: {}, response: `The response is larger than ${TEMPLATE_LIMITS.responseBytes / 1024 / 1024} MB`, errorSource: 'PLATFORM', attempts: attempt } };
      }
      if (response.status >= 200 && response.status < 300) return { ok: true, answer: { status: response.status, headers, response: text } };
      last = { status: response.status, headers, response: text, errorSource: 'APP', attempts: attempt };
      if (!retryable(response.status)) break;
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      last = timedOut
        ? { status: 504, headers: {}, response: `Timeout error while processing the request (after ${request.timeoutMs / 1000} s)`, errorSource: 'PLATFORM', attempts: attempt }
        : { status: 502, headers: {}, response: 'Error while connecting to the host', errorSource: 'PLATFORM', attempts: attempt };
    }
  }
  return { ok: false, rejection: last! };
}
