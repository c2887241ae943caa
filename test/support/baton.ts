/** Integration harness: a real local Baton (dynalite, real AWS SDK clients) on 127.0.0.1, in its own temp folder, driven over HTTP. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { silentLog, type Log } from '../../lambdas/app/log.js';
import { ManualClock } from '../../lambdas/adapters/clock.js';
import type { OutboxFileDigestLine, OutboxFileLine } from '../../lambdas/adapters/notify/outbox-file.js';
import { DEFAULT_MATRIX, startBaton, type LocalBaton, type LocalFaults } from '../../lambdas/local/baton.js';
import { readLocalConfig } from '../../lambdas/local/config.js';
import type { FieldIssue } from '../../shared/errors.js';
import type { EscalationEventType, EventOf } from '../../shared/escalation/events.js';
import type { EscalationView } from '../../shared/escalation/view.js';

/** Monday 30 November 2026, 09:00 in London (GMT): inside every business calendar of the example matrix. */
export const START = '2026-11-30T09:00:00Z';
export const KEYS = { acme: 'acme-key-0123456789abcdef', globex: 'globex-key-0123456789abcdef' } as const;
export const API_KEYS = `acme:${KEYS.acme},globex:${KEYS.globex}`;
export const WEBHOOK_SECRET = 'whsec-test-0123456789abcdef';

export type ErrorAnswer = { error: { code: string; message: string; fields?: FieldIssue[] } };
export type HandoffAnswer = { handoff: EscalationView['handoffs'][number]; escalation: EscalationView };

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  /** The tenant API key; null sends no Authorization header. @default KEYS.acme */
  key?: string | null;
  headers?: Record<string, string>;
}

/** One HTTP call with global fetch; a body is sent as JSON (a string is sent as it is). */
export async function request<T = unknown>(url: string, method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<Answer<T>> {
  const key = options.key === undefined ? KEYS.acme : options.key;
  const headers: Record<string, string> = {
    ...(key === null ? {} : { authorization: `Bearer ${key}` }),
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  };
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T, headers: response.headers };
}

export interface TestBaton {
  url: string;
  dataDir: string;
  baton: LocalBaton;
  call<T = unknown>(method: string, path: string, body?: unknown, options?: CallOptions): Promise<Answer<T>>;
  /** GET /v1/escalations/{ticketId}, expecting 200. */
  view(ticketId: string, key?: string): Promise<EscalationView>;
  /** POST /v1/dev/clock: moves the manual clock, fires what came due, sweeps; answers `{now, fired}`. */
  advance(minutes: number): Promise<{ now: string; fired: number }>;
  /** The manual clock itself: moves time without firing or sweeping (the test does that). */
  clock(): ManualClock;
  /** The escalation notices of notifications.jsonl (none yet: []). */
  notifications(): Promise<OutboxFileLine[]>;
  /** The weekly digests of notifications.jsonl. */
  digests(): Promise<OutboxFileDigestLine[]>;
  stop(): Promise<void>;
}

export interface TestBatonOptions {
  /** @default 'manual' */
  clock?: 'manual' | 'system';
  /** A matrix document to activate instead of the example (written to the temp folder as JSON; a string is written as it is, as YAML). */
  matrix?: unknown;
  faults?: LocalFaults;
  /** Where Baton logs (what `npm start` prints as warnings goes here). @default silentLog */
  log?: Log;
  /** More of local mode's configuration (e.g. BATON_APP_CALLS_PER_MINUTE). */
  env?: Record<string, string>;
}

/** The example matrix as a plain object, to change for one suite. */
export async function exampleMatrix(): Promise<Record<string, unknown>> {
  return parseYaml(await readFile(DEFAULT_MATRIX, 'utf8')) as Record<string, unknown>;
}

/**
 * Starts Baton in a fresh temp folder on a free port: tenants `acme` and `globex`, manual clock at START.
 * @example const h = await startTestBaton(); const { body } = await h.call('GET', '/v1/matrix'); await h.stop();
 */
export async function startTestBaton(options: TestBatonOptions = {}): Promise<TestBaton> {
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-it-'));
  let matrixPath: string | undefined;
  if (typeof options.matrix === 'string') {
    matrixPath = join(dataDir, 'matrix.yaml');
    await writeFile(matrixPath, options.matrix, 'utf8');
  } else if (options.matrix !== undefined) {
    matrixPath = join(dataDir, 'matrix.json');
    await writeFile(matrixPath, JSON.stringify(options.matrix), 'utf8');
  }
  const config = readLocalConfig({
    BATON_DATA_DIR: dataDir,
    BATON_PORT: '0',
    BATON_CLOCK: options.clock ?? 'manual',
    BATON_CLOCK_START: START,
    BATON_API_KEYS: API_KEYS,
    BATON_WEBHOOK_SECRETS: `acme:${WEBHOOK_SECRET}`,
    ...(matrixPath ? { BATON_MATRIX: matrixPath } : {}),
    ...options.env,
  });
  const baton = await startBaton(config, options.log ?? silentLog, options.faults);
  const call = <T = unknown>(method: string, path: string, body?: unknown, callOptions?: CallOptions) => request<T>(baton.url, method, path, body, callOptions);
  return {
    url: baton.url,
    dataDir,
    baton,
    call,
    async view(ticketId, key) {
      const answer = await call<EscalationView>('GET', `/v1/escalations/${ticketId}`, undefined, key ? { key } : {});
      if (answer.status !== 200) throw new Error(`GET ${ticketId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async advance(minutes) {
      // Deliveries still running in the background finish at the old time, so what a test asserts does not race the clock.
      await baton.tasks.drain();
      const answer = await call<{ now: string; fired: number }>('POST', '/v1/dev/clock', { advanceMinutes: minutes });
      if (answer.status !== 200) throw new Error(`POST /v1/dev/clock answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    clock() {
      if (!(baton.clock instanceof ManualClock)) throw new Error('This Baton runs on the system clock');
      return baton.clock;
    },
    notifications: () => readNotifications(baton.notificationsFile),
    digests: async () => (await readNotificationLines(baton.notificationsFile)).filter((line): line is OutboxFileDigestLine => 'digest' in line),
    async stop() {
      await baton.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every line of a notifications file: escalation notices and weekly digests. */
export async function readNotificationLines(path: string): Promise<Array<OutboxFileLine | OutboxFileDigestLine>> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as OutboxFileLine | OutboxFileDigestLine);
}

/** The escalation notices of a notifications file (a weekly digest's line is not one). */
export async function readNotifications(path: string): Promise<OutboxFileLine[]> {
  return (await readNotificationLines(path)).filter((line): line is OutboxFileLine => !('digest' in line));
}

/** The events of one type in a view's timeline, typed. */
export function eventsOf<T extends EscalationEventType>(view: EscalationView, type: T): Array<EventOf<T> & { seq: number }> {
  return view.timeline.filter((e): e is EventOf<T> & { seq: number } => e.type === type);
}

/** The escalation's whole timeline: the view's latest events, and every older page before them. */
export async function wholeTimeline(h: TestBaton, ticketId: string): Promise<EscalationView['timeline']> {
  const view = await h.view(ticketId);
  const pages = [view.timeline];
  for (let before = view.timelineBefore; before !== null; ) {
    const page = await h.call<{ items: EscalationView['timeline']; before: number | null }>('GET', `/v1/escalations/${encodeURIComponent(ticketId)}/timeline?before=${before}&limit=100`);
    if (page.status !== 200) throw new Error(`timeline page answered ${page.status}`);
    pages.unshift(page.body.items);
    before = page.body.before;
  }
  return pages.flat();
}

/** Waits until `check` holds, polling briefly; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Request bodies: the README's walk-through (network, tier 1 → MSP NOC, policy p1) as the default.
export const openBody = (ticketId: string, overrides: Record<string, unknown> = {}) => ({
  ticketId,
  subject: 'Branch VPN down',
  incidentType: 'network',
  impactTier: 1,
  actor: { id: 'agent-nick' },
  ...overrides,
});

export const handoffBody = (overrides: Record<string, unknown> = {}) => ({
  toTeam: 'infrastructure',
  diagnosis: 'Tunnel up, but no routes from the branch',
  actionsTaken: 'Restarted the IPsec tunnel',
  evidence: [{ label: 'Tunnel log', url: 'https://logs.example.com/vpn/4521' }],
  nextAction: 'Check the branch core switch',
  nextActionDueAt: '2026-12-01T12:00:00Z',
  actor: { id: 'agent-nick' },
  ...overrides,
});

export interface BatonProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit signal or code once the process is gone. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** What it has printed so far (stdout and stderr). */
  output(): string;
}

/**
 * A Baton process on the manual clock from `clockStart`, with the test tenants, keeping its data in `dataDir`
 * (start another on the same folder to see what survived).
 * @example const server = await spawnManualBaton(dir, START); server.child.kill('SIGKILL');
 */
export function spawnManualBaton(dataDir: string, clockStart: string, env: Record<string, string> = {}): Promise<BatonProcess> {
  return spawnBaton({
    BATON_DATA_DIR: dataDir,
    BATON_PORT: '0',
    BATON_CLOCK: 'manual',
    BATON_CLOCK_START: clockStart,
    BATON_API_KEYS: API_KEYS,
    BATON_WEBHOOK_SECRETS: `acme:${WEBHOOK_SECRET}`,
    ...env,
  });
}

/**
 * Runs `scripts/start.ts` as its own node process (one process, so SIGKILL really kills the server)
 * and resolves once it prints its URL.
 * @example const server = await spawnBaton({ BATON_DATA_DIR: dir, BATON_CLOCK: 'manual', ... }); server.child.kill('SIGKILL');
 */
export async function spawnBaton(env: Record<string, string>, timeoutMs = 15_000): Promise<BatonProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Baton did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const found = /Baton is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`Baton exited (${String(how)}) before it started:\n${output}`));
    });
  });
  return { url, child, exited, output: () => output };
}
