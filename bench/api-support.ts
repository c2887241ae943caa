/** Helpers for `npm run bench:api`: the `npm start` child process, the raw store rate, autocannon runs, the largest escalation. */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse as parseYaml } from 'yaml';
import { LIMITS } from '../shared/limits.js';

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for the child to bind). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

export interface BackendChild {
  url: string;
  pid: number;
  /** The child's output so far (for error messages). */
  output(): string;
  /** null while it runs; else how it ended (a signal name or an exit code). */
  exit(): string | null;
  /** SIGTERM (start.ts stops cleanly, which also lets --cpu-prof write its profile), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** No orphans: whatever way the bench process ends, the backend child goes with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      for (const child of children) child.kill('SIGKILL');
      process.exit(code);
    });
  }
}

/**
 * Starts the backend exactly as a user would (`node --import tsx scripts/start.ts`, which is what
 * `npm start` runs) and waits until GET /v1/health answers.
 * @example const backend = await startBackend({ cwd, env: { BATON_PORT: '8787', ... } });
 */
export async function startBackend(options: { cwd: string; env: Record<string, string>; port: number; nodeFlags?: string[]; timeoutMs?: number }): Promise<BackendChild> {
  installExitHook();
  const args = [...(options.nodeFlags ?? []), '--import', 'tsx', 'scripts/start.ts'];
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 64_000) output = output.slice(-32_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let ended: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = signal ?? `exit code ${code}`;
      children.delete(child);
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const deadline = performance.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the backend exited during start (code ${child.exitCode ?? child.signalCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      await stop(1_000);
      throw new Error(`the backend did not answer /v1/health within ${options.timeoutMs ?? 60_000} ms:\n${output}`);
    }
    await sleep(100);
  }
  return { url, pid: child.pid ?? -1, output: () => output, exit: () => ended, stop };
}

/** CPU time (user + system, all threads) a process has used so far, in ms; null where /proc is missing. */
export function processCpuMs(pid: number): number | null {
  try {
    // Fields after the command name: state is field 3, utime 14, stime 15 (clock ticks, 100 a second on Linux).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * Waits until `notBefore` (epoch ms) and then until the backend has been idle (under 5% of a core) for a
 * second, at most `capMs` in all; says how long that took and how much CPU the backend used meanwhile.
 */
export async function backendSettled(pid: number, notBefore: number, capMs = 120_000): Promise<{ waitedMs: number; cpuMs: number | null }> {
  const started = Date.now();
  const before = processCpuMs(pid);
  if (notBefore > Date.now()) await sleep(notBefore - Date.now());
  for (;;) {
    const a = processCpuMs(pid);
    await sleep(1_000);
    const b = processCpuMs(pid);
    if (a === null || b === null || b - a < 50 || Date.now() - started > capMs) break;
  }
  const after = processCpuMs(pid);
  return { waitedMs: Date.now() - started, cpuMs: before !== null && after !== null ? after - before : null };
}

/** The machine's CPU time so far (all cores, clock ticks) from /proc/stat; null where it is missing. */
export function cpuTimes(): { idle: number; steal: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user)
    return { idle: (fields[3] ?? 0) + (fields[4] ?? 0), steal: fields[7] ?? 0, total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/** How busy the whole machine is over `ms` (0…1 of all cores); null where /proc/stat is missing. */
export async function machineBusy(ms = 1_000): Promise<number | null> {
  const sample = cpuTimes;
  const before = sample();
  await sleep(ms);
  const after = sample();
  if (!before || !after || after.total === before.total) return null;
  return 1 - (after.idle - before.idle) / (after.total - before.total);
}

export type StoreHosting = 'in memory, in-process' | 'in memory, worker thread' | 'on disk, worker thread';

export interface PutRates {
  concurrent: number;
  sequential: number;
  concurrency: number;
  itemBytes: number;
  /** Where dynalite ran and kept its data; `npm start` runs it on a worker thread, on disk. */
  hosting: StoreHosting;
}

/** A commit-shaped item: keys, week-index and outbox-index attributes, ~1 KB of events JSON and an outbox. */
function commitItem(n: number, events: string, outbox: string): Record<string, unknown> {
  const at = new Date().toISOString();
  const pk = `T#bench#E#raw-${n}`;
  return {
    pk,
    sk: 'C#0000000001',
    tenant: 'bench',
    ticketId: `raw-${n}`,
    commit: 1,
    at,
    events,
    weekPk: 'T#bench#W#2026-W49',
    weekSk: `${at}#raw-${n}#1`,
    outbox,
    outboxPk: `OUTBOX#${n % 4}`,
    outboxSk: `${at}#${pk}#1`,
  };
}

/**
 * The raw conditional-put rate of a separate dynalite, hosted as `hosting` says, through the same SDK
 * client path the store's commits take (a plain PutItem with a marshalled item): `concurrency` puts in
 * flight for `seconds`, then one at a time for `sequentialSeconds`.
 */
export async function measureRawPuts(options: { concurrency: number; seconds: number; sequentialSeconds: number; hosting: StoreHosting }): Promise<PutRates> {
  // Imported here so the SDK loads after the bench set AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED.
  const { startEmbeddedDynamoDb } = await import('../lambdas/local/embedded-dynamodb.js');
  const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
  const { marshall } = await import('@aws-sdk/util-dynamodb');
  const dataDir = options.hosting === 'on disk, worker thread' ? await mkdtemp(join(tmpdir(), 'baton-raw-')) : undefined;
  const db = await startEmbeddedDynamoDb({ thread: options.hosting !== 'in memory, in-process', ...(dataDir ? { path: join(dataDir, 'dynamodb') } : {}) });
  try {
    const event = {
      ticketId: 'raw',
      seq: 1,
      event: {
        type: 'handoff.requested',
        at: new Date().toISOString(),
        handoffId: 'h1',
        fromTeam: 'msp-noc',
        toTeam: 'infrastructure',
        record: {
          diagnosis: 'Tunnel up, but no routes from the branch; BGP session flapping every 90 seconds since 08:40',
          actionsTaken: 'Restarted the IPsec tunnel, cleared the BGP session, checked the upstream provider status page',
          evidence: [{ label: 'Tunnel log', url: 'https://logs.example.com/vpn/4521' }],
          nextAction: 'Check the branch core switch and its uplink configuration',
          nextActionDueAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
        ackDueAt: new Date(Date.now() + 900_000).toISOString(),
        actor: { id: 'agent-nick', teams: ['msp-noc'] },
        notify: [{ team: 'infrastructure', party: 'internal' }, { team: 'msp-noc', party: 'msp' }],
      },
    };
    let events = JSON.stringify([event]);
    while (events.length < 1_024) events = JSON.stringify([event, { ...event, seq: 2, event: { type: 'notification.sent', pad: 'x'.repeat(1_024 - events.length) } }]);
    const outbox = JSON.stringify({ schedule: [{ kind: 'handoff-ack', dueAt: new Date(Date.now() + 900_000).toISOString(), generation: 1 }], cancel: [], deliveries: [] });
    let n = 0;
    const put = () => db.client.send(new PutItemCommand({ TableName: db.tableName, Item: marshall(commitItem(n++, events, outbox)), ConditionExpression: 'attribute_not_exists(sk)' }));
    const itemBytes = Buffer.byteLength(JSON.stringify(commitItem(0, events, outbox)));

    const run = async (inFlight: number, ms: number): Promise<number> => {
      let done = 0;
      const end = performance.now() + ms;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (performance.now() < end) {
            await put();
            done++;
          }
        }),
      );
      return done / ((performance.now() - started) / 1_000);
    };
    await run(options.concurrency, 3_000); // warm-up: JIT (the first second runs at half speed), connection pool
    const concurrent = await run(options.concurrency, options.seconds * 1_000);
    const sequential = await run(1, options.sequentialSeconds * 1_000);
    return { concurrent, sequential, concurrency: options.concurrency, itemBytes, hosting: options.hosting };
  } finally {
    await db.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

export interface LoadResult {
  rps: number;
  meanRps: number;
  total: number;
  seconds: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  bytesPerResponse: number;
  /**
   * p50 and p99 of each response's own time, to the microsecond (autocannon's histogram keeps whole
   * milliseconds: a 1.4 ms median reads 1): for ratios between runs whose medians are a few ms.
   */
  exact: { p50: number; p99: number };
}

/** The nearest-rank percentile `p` (0…1) of `values` (sorted here). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1]!;
}

/**
 * One bounded autocannon run: `duration` seconds, or `amount` requests (then `capSeconds` stops it regardless).
 * `next()` gives each request's path and body in turn.
 */
export async function load(options: {
  url: string;
  connections: number;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  next: () => { path: string; body?: string };
  duration?: number;
  amount?: number;
  capSeconds: number;
}): Promise<LoadResult> {
  // autocannon reports a run's duration at its next 1 s sample tick: time the first request to the last answer here.
  const clock = { start: performance.now(), last: performance.now() };
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const watchdog: { timer?: NodeJS.Timeout } = {};
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        method: options.method,
        headers: options.headers,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.duration ?? 10 }),
        timeout: 10,
        requests: [
          {
            method: options.method,
            setupRequest: (request) => {
              // Called once per request sent: once per connection up front, then before each further request.
              const { path, body } = options.next();
              return { ...request, path, ...(body !== undefined ? { body } : {}) };
            },
          },
        ],
      },
      (error, res) => {
        clearTimeout(watchdog.timer);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(res);
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      clock.last = performance.now();
      times.push(responseTime);
    });
    watchdog.timer = setTimeout(() => instance.stop(), options.capSeconds * 1_000).unref();
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  const total = result.requests.total;
  const seconds = (clock.last - clock.start) / 1_000;
  return {
    rps: seconds > 0 ? total / seconds : 0,
    meanRps: result.requests.mean,
    total,
    seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    bytesPerResponse: total > 0 ? result.throughput.total / total : 0,
    exact: { p50: percentile(times, 0.5), p99: percentile(times, 0.99) },
  };
}

/** A team of the matrix the backend runs: who may act for it, and its Freshservice group. */
export interface MatrixTeam {
  id: string;
  members: string[];
  groupId: number | null;
}

/** The teams of a matrix file (YAML or JSON), with their members: who may hand off, acknowledge or reject. */
export function matrixTeams(file: string): MatrixTeam[] {
  const document = parseYaml(readFileSync(file, 'utf8')) as { teams?: Array<{ id: string; members?: string[]; freshserviceGroupId?: number }> };
  const teams = (document.teams ?? []).map((t) => ({ id: t.id, members: t.members ?? [], groupId: t.freshserviceGroupId ?? null }));
  if (teams.filter((t) => t.members.length > 0).length < 3) throw new Error(`${file}: the largest escalation needs at least 3 teams with members`);
  return teams;
}

/** ASCII text of exactly `length` characters, starting with `tag` (no space at either end: the API trims). */
export function textOf(length: number, tag: string): string {
  const words = `${tag} Tunnel up but no routes from the branch; BGP session flapping every 90 seconds since 08:40, provider status page green. `;
  const text = words.repeat(Math.ceil(length / words.length) + 1).slice(0, length);
  return `${text.slice(0, -1)}.`;
}

/** An http(s) URL of exactly `length` characters. */
export function urlOf(length: number, tag: string): string {
  const base = `https://logs.example.com/bench/${encodeURIComponent(tag)}?q=`;
  return base + 'x'.repeat(Math.max(0, length - base.length));
}

/** actorSchema's name bound (shared/api/schemas.ts; not one of LIMITS). */
const ACTOR_NAME_MAX = 200;

/** An actor with the longest name the API takes (the name is recorded with every event the actor causes). */
export const actorOf = (id: string) => ({ id, name: textOf(ACTOR_NAME_MAX, `Agent ${id}`) });

/** A handoff request with every field at its longest: LIMITS.evidenceLinks links with the longest labels and URLs. */
export function largestHandoffBody(toTeam: string, actorId: string, tag: string): string {
  return JSON.stringify({
    toTeam,
    diagnosis: textOf(LIMITS.diagnosis, `${tag} diagnosis`),
    actionsTaken: textOf(LIMITS.actionsTaken, `${tag} actions`),
    evidence: Array.from({ length: LIMITS.evidenceLinks }, (_, i) => ({ label: textOf(LIMITS.evidenceLabel, `${tag} link ${i + 1}`), url: urlOf(LIMITS.evidenceUrl, `${tag}/${i + 1}`) })),
    nextAction: textOf(LIMITS.nextAction, `${tag} next`),
    // In the future and well within LIMITS.nextActionDays, on the system clock.
    nextActionDueAt: new Date(Date.now() + 86_400_000).toISOString(),
    actor: actorOf(actorId),
  });
}

/** How far one escalation has been built: the team that owns it and how many handoffs it has. */
export interface BuiltEscalation {
  ticketId: string;
  owner: string;
  handoffs: number;
  requests: number;
}

/**
 * Builds, through the HTTP API, the largest escalation LIMITS allows but for its last handoff: a subject
 * at LIMITS.subject; LIMITS.handoffs - 1 handoffs with every record field at its longest, answered in
 * turn by an acknowledgement (the receiving team takes it over) and a rejection with the longest note;
 * LIMITS.pauses pauses (each resumed) and LIMITS.reclassifications reclassifications with the longest
 * reasons; LIMITS.silentTransfers silent queue moves through the Freshservice webhook. Every actor has
 * the longest name. No handoff is pending at the end: the escalation takes exactly one more.
 */
export async function buildLargest(options: { url: string; headers: Record<string, string>; webhookSecret: string; ticketId: string; teams: MatrixTeam[] }): Promise<BuiltEscalation> {
  const { url, headers, ticketId } = options;
  const teams = options.teams.filter((t) => t.members.length > 0);
  const byId = new Map(teams.map((t) => [t.id, t]));
  let requests = 0;
  const post = async (path: string, body: string, extra: Record<string, string> = {}): Promise<string> => {
    requests++;
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { ...headers, ...extra }, body });
    const text = await response.text();
    if (!response.ok) throw new Error(`${ticketId}: POST ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return text;
  };
  const opened = JSON.parse(
    await post('/v1/escalations', JSON.stringify({ ticketId, subject: textOf(LIMITS.subject, `Largest ${ticketId}`), incidentType: 'network', impactTier: 1, actor: actorOf(teams[0]!.members[0]!) })),
  ) as { owner: { team: string }; impactTier: number };
  let owner = opened.owner.team;
  let impactTier = opened.impactTier;
  let next = 0;
  /** The next team to receive something: a team with members other than the owner, in turn. */
  const another = (): MatrixTeam => {
    for (;;) {
      const team = teams[next++ % teams.length]!;
      if (team.id !== owner) return team;
    }
  };
  const ownerMember = () => byId.get(owner)!.members[0]!;
  // Pause, resume and reclassify belong to the owner and the coordinators: the owner's member always qualifies.
  let pauses = 0;
  let reclassifications = 0;
  let silent = 0;
  const pauseAndResume = async () => {
    if (pauses >= LIMITS.pauses) return;
    pauses++;
    await post(`/v1/escalations/${ticketId}/pause`, JSON.stringify({ actor: actorOf(ownerMember()), reason: textOf(LIMITS.reason, `Pause ${pauses}`) }));
    await post(`/v1/escalations/${ticketId}/resume`, JSON.stringify({ actor: actorOf(ownerMember()) }));
  };
  const reclassify = async () => {
    if (reclassifications >= LIMITS.reclassifications) return;
    reclassifications++;
    // network 1 ↔ 2: the same rule and policy, so the owner stays and no warning becomes due.
    impactTier = impactTier === 1 ? 2 : 1;
    await post(`/v1/escalations/${ticketId}/reclassify`, JSON.stringify({ actor: actorOf(ownerMember()), impactTier, reason: textOf(LIMITS.reason, `Reclassification ${reclassifications}`) }));
  };
  const silentTransfer = async () => {
    if (silent >= LIMITS.silentTransfers) return;
    const to = teams.find((t) => t.id !== owner && t.groupId !== null);
    const from = byId.get(owner)?.groupId ?? null;
    if (!to) return;
    silent++;
    await post(
      '/v1/webhooks/freshservice',
      JSON.stringify({ ticketId, changes: { group_id: [from, to.groupId] }, actor: { id: 'freshservice-automator', name: textOf(ACTOR_NAME_MAX, 'Automator') } }),
      { 'x-baton-webhook-secret': options.webhookSecret },
    );
  };
  for (let k = 1; k < LIMITS.handoffs; k++) {
    const to = another();
    await post(`/v1/escalations/${ticketId}/handoffs`, largestHandoffBody(to.id, ownerMember(), `${ticketId} h${k}`));
    if (k % 2 === 1) {
      await post(`/v1/escalations/${ticketId}/handoffs/h${k}/acknowledge`, JSON.stringify({ actor: actorOf(to.members[0]!) }));
      owner = to.id;
    } else {
      await post(`/v1/escalations/${ticketId}/handoffs/h${k}/reject`, JSON.stringify({ actor: actorOf(to.members[0]!), reason: 'other', note: textOf(LIMITS.note, `Rejected h${k}`) }));
    }
    await pauseAndResume();
    await reclassify();
    await silentTransfer();
  }
  while (pauses < LIMITS.pauses) await pauseAndResume();
  while (reclassifications < LIMITS.reclassifications) await reclassify();
  while (silent < LIMITS.silentTransfers) await silentTransfer();
  return { ticketId, owner, handoffs: LIMITS.handoffs - 1, requests };
}

/** Runs `work(i)` for i in [0, count) with at most `concurrency` at a time; the results in order. */
export async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}
