/** The demo's way into a running Baton: its real HTTP API with the tenant's key (and the webhook secret for queue moves). */

export interface DemoTarget {
  /** Where `npm start` listens, e.g. http://127.0.0.1:8787. */
  url: string;
  key: string;
  webhookSecret: string;
}

/** An answer the demo did not expect, with what Baton said. */
export class DemoCallError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? (typeof body === 'string' ? body : JSON.stringify(body));
    super(`${method} ${path} answered ${status}: ${message}`);
    this.name = 'DemoCallError';
  }
}

export class DemoApi {
  constructor(private readonly target: DemoTarget) {}

  /** One call; a 2xx answer's JSON, anything else a DemoCallError. `expect` lists other statuses to return instead. */
  async call<T>(method: string, path: string, body?: unknown, options: { webhook?: boolean; expect?: number[] } = {}): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = options.webhook ? { 'x-baton-webhook-secret': this.target.webhookSecret } : { authorization: `Bearer ${this.target.key}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.target.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (error) {
      throw new Error(`Baton is not reachable at ${this.target.url} (${(error as Error).message}); is npm start running?`, { cause: error });
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON: kept as text for the error.
    }
    if (response.ok || options.expect?.includes(response.status)) return { status: response.status, body: parsed as T };
    throw new DemoCallError(method, path, response.status, parsed);
  }

  /** Moves the manual clock to `at` (never back), firing what falls due; answers how many deadlines were recorded. */
  async clockTo(at: number): Promise<{ now: string; fired: number }> {
    return (await this.call<{ now: string; fired: number }>('POST', '/v1/dev/clock', { set: new Date(at).toISOString() })).body;
  }

  /** Where the manual clock is: a one-millisecond step reads it (the API has no read of the clock). */
  async clockNow(): Promise<number> {
    const answer = await this.call<{ now: string }>('POST', '/v1/dev/clock', { advanceMinutes: 1 / 60_000 }, { expect: [400, 404] });
    if (answer.status !== 200) throw new Error('This Baton does not run on the manual clock: start it with BATON_CLOCK=manual (see npm run demo:seed -- --help)');
    return Date.parse(answer.body.now);
  }
}
