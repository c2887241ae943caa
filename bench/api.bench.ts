// `npm run bench:api`: autocannon against a fresh `npm start` (a child process), compared with the raw
// conditional-put rate of the same embedded store measured in the same run. Exits 1 when a target is missed.
// The handoff runs start once the backend has swept the seed's outbox entries, and what sweeping their own
// costs is measured after them: about 40 s of waiting each time.
// The largest escalation LIMITS allows (bench/api-support.ts, buildLargest) is built through the API too,
// and its GET view and its last handoff are measured side by side with a fresh escalation's.
//
// Knobs (environment): BENCH_TICKETS (handoffs in the 8-connection target run, default 3000; half as many
// more run at 16 connections, for the ratio to the raw put rate), BENCH_GET_SECONDS (10),
// BENCH_LARGEST (largest escalations built, default 100: each takes one last handoff, so this is also the
// number of handoffs measured on each side; 1–2 s of both cores each to build),
// BENCH_COMPARE_SECONDS (each side of the fresh-vs-largest GET comparison, default 4),
// BENCH_SERVER_FLAGS (extra node flags for the backend, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"),
// BENCH_KEEP_DATA=1 (keep the backend's data folder and print where it is).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { SWEEP_GRACE_MS } from '../lambdas/app/background.js';
import { fold } from '../lambdas/app/escalations.js';
import { DEFAULT_MATRIX, SWEEP_INTERVAL_MS } from '../lambdas/local/baton.js';
import type { RecordedEvent } from '../shared/escalation/events.js';
import { toView } from '../shared/escalation/view.js';
import { LIMITS } from '../shared/limits.js';
import {
  actorOf,
  backendSettled,
  buildLargest,
  cpuTimes,
  freePort,
  largestHandoffBody,
  load,
  machineBusy,
  matrixTeams,
  measureRawPuts,
  pool,
  processCpuMs,
  startBackend,
  textOf,
  type BackendChild,
  type BuiltEscalation,
  type LoadResult,
  type PutRates,
} from './api-support.js';
import { printTable, type BenchRow } from './table.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Raw puts in flight, seeding, the GET throughput run and the informational handoff run (the ratio's). */
const CONNECTIONS = 16;
/** The handoff latency target's connections, and the fresh-vs-largest comparison's. */
const TARGET_CONNECTIONS = 8;
/** Handoffs in the 8-connection target run; half as many run at 16 connections. */
const TICKETS = Number(process.env.BENCH_TICKETS ?? 3_000);
/** Largest escalations built; each takes exactly one more handoff (the LIMITS.handoffs-th). */
const LARGEST = Number(process.env.BENCH_LARGEST ?? 100);
const COMPARE_SECONDS = Number(process.env.BENCH_COMPARE_SECONDS ?? 4);
/** The largest escalations are built this many at a time (each one's requests in order). */
const BUILD_CONCURRENCY = 8;
/** Seeded beyond what the handoff run sends, so no request ever lands on a ticket twice. */
const SPARE_TICKETS = 64;
const GET_SECONDS = Number(process.env.BENCH_GET_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
/** Handoffs sent, unmeasured, before the target run: the first handoffs of a process pay for its cold code. */
const WARMUP_HANDOFFS = 500;
const RAW_SECONDS = 5;
const RAW_SEQUENTIAL_SECONDS = 3;
const TARGET_GET_RPS = 1_500;
const TARGET_HANDOFF_RATIO = 0.25;
const TARGET_HANDOFF_P99_MS = 50;
/** The largest escalation answers within this many times the fresh one's latency (p50 and p99). */
const TARGET_LARGEST_RATIO = 3;

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const busyBefore = await machineBusy();
const percent = (busy: number | null) => (busy === null ? 'unknown' : `${(busy * 100).toFixed(0)}%`);
console.log(`node ${process.version} · ${cpu} · ${os.availableParallelism()} cores · ${os.platform()} ${os.release()} · machine busy before the run: ${percent(busyBefore)}`);
/** Other work on the machine (tests, builds) takes cores from the backend: say so next to the figures. */
const BUSY_WARNING = 0.15;
if (busyBefore !== null && busyBefore > BUSY_WARNING) console.warn(`warning: other processes keep ${percent(busyBefore)} of the machine busy; the figures will be low`);

const ticket = (i: number) => `bench-${i}`;
const largestTicket = (i: number) => `bench-largest-${i}`;
const describe = (r: LoadResult) =>
  `${r.total} requests in ${r.seconds.toFixed(1)} s, ${r.rps.toFixed(0)} req/s (mean of seconds ${r.meanRps.toFixed(0)}), p50 ${r.p50} ms, p99 ${r.p99} ms (exact ${r.exact.p50.toFixed(2)}, ${r.exact.p99.toFixed(2)}), max ${r.max} ms, ` +
  `status ${JSON.stringify(r.statusCodes)}, errors ${r.errors}, timeouts ${r.timeouts}, ${r.bytesPerResponse.toFixed(0)} B/response`;

/** Runs `work` and says how much CPU the backend and this process (autocannon) spent per request. */
async function withCpu(backend: BackendChild, work: () => Promise<LoadResult>): Promise<LoadResult & { cpu: string }> {
  const server0 = processCpuMs(backend.pid);
  const client0 = process.cpuUsage();
  const result = await work();
  const server1 = processCpuMs(backend.pid);
  const client = process.cpuUsage(client0);
  const per = (ms: number) => (result.total > 0 ? (ms / result.total).toFixed(2) : '?');
  const serverMs = server0 !== null && server1 !== null ? per(server1 - server0) : '?';
  return { ...result, cpu: `CPU/request: backend ${serverMs} ms, load generator ${per((client.user + client.system) / 1_000)} ms` };
}

function alive(backend: BackendChild): void {
  const how = backend.exit();
  if (how !== null) throw new Error(`the backend (pid ${backend.pid}) ended during the run (${how}); its figures are void`);
}

/** The cheapest of `runs` timings of `work`, in ms (the bench process's own CPU, the backend idle). */
function timed(work: () => unknown, runs = 30): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/**
 * What the backend does for a GET view besides reading its cache, redone here on a fetched view:
 * fold the events into state, project the view, JSON.stringify it (the best of 30 runs each).
 */
type TimelineItem = { seq: number } & Record<string, unknown>;

/** A fetched view's whole timeline: its latest events and every older page (GET …/timeline?before=). */
async function wholeTimeline(url: string, headers: Record<string, string>, body: string): Promise<TimelineItem[]> {
  const view = JSON.parse(body) as { ticketId: string; timeline: TimelineItem[]; timelineBefore: number | null };
  const pages = [view.timeline];
  for (let before = view.timelineBefore; before !== null; ) {
    const page = (await (await fetch(`${url}/v1/escalations/${view.ticketId}/timeline?before=${before}&limit=100`, { headers })).json()) as { items: TimelineItem[]; before: number | null };
    pages.unshift(page.items);
    before = page.before;
  }
  return pages.flat();
}

function viewCost(body: string, timeline: TimelineItem[]): { foldMs: number; viewMs: number; stringifyMs: number; events: number; eventsBytes: number } {
  const view = JSON.parse(body) as { ticketId: string; version: number };
  const events = timeline.map(({ seq, ...event }) => ({ ticketId: view.ticketId, seq, event }) as unknown as RecordedEvent);
  const now = new Date();
  const state = fold(events);
  if (state.status === 'none') throw new Error(`${view.ticketId}: its timeline folds to no escalation`);
  const projected = toView(state, events, view.version, now);
  return {
    foldMs: timed(() => fold(events)),
    viewMs: timed(() => toView(state, events, view.version, now)),
    stringifyMs: timed(() => JSON.stringify(projected)),
    events: events.length,
    eventsBytes: Buffer.byteLength(JSON.stringify(events)),
  };
}

async function main(): Promise<number> {
  const times0 = cpuTimes();
  // 1. The raw store rate, with the machine to itself (the backend is not started yet). The ratio is taken
  //    against the store the backend runs on (dynalite on a worker thread, on disk, as `npm start` hosts
  //    it); the in-memory rates are shown beside it, with the ratio against the fastest of all.
  const rates: PutRates[] = [];
  for (const hosting of ['on disk, worker thread', 'in memory, worker thread', 'in memory, in-process'] as const) {
    console.log(`raw store: dynalite ${hosting}, conditional puts of commit items, ${CONNECTIONS} in flight for ${RAW_SECONDS} s, then sequential for ${RAW_SEQUENTIAL_SECONDS} s…`);
    const rate = await measureRawPuts({ concurrency: CONNECTIONS, seconds: RAW_SECONDS, sequentialSeconds: RAW_SEQUENTIAL_SECONDS, hosting });
    console.log(`  ${rate.concurrent.toFixed(0)} puts/s (${CONNECTIONS} in flight), ${rate.sequential.toFixed(0)} puts/s sequential, item ${rate.itemBytes} B`);
    rates.push(rate);
  }
  const raw = rates[0]!;
  const fastest = rates.reduce((best, r) => (r.concurrent > best.concurrent ? r : best));

  // 2. The backend, as `npm start` runs it (with a webhook secret of the bench's own, for the silent transfers).
  const dataDir = await mkdtemp(join(os.tmpdir(), 'baton-bench-'));
  const keepData = process.env.BENCH_KEEP_DATA === '1';
  // Interrupted (Ctrl+C) or failing: the data folder goes too (the backend child is killed by api-support's exit hook).
  if (!keepData) process.once('exit', () => rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 }));
  const port = await freePort();
  const key = `bench_${randomBytes(18).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(18).toString('hex')}`;
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const teams = matrixTeams(join(repoRoot, DEFAULT_MATRIX));
  let backend: BackendChild | undefined;
  try {
    const started = performance.now();
    backend = await startBackend({
      cwd: repoRoot,
      port,
      nodeFlags: flags,
      env: {
        BATON_DATA_DIR: dataDir,
        BATON_PORT: String(port),
        BATON_API_KEYS: `bench:${key}`,
        BATON_CLOCK: 'system',
        BATON_MATRIX: DEFAULT_MATRIX,
        BATON_WEBHOOK_SECRETS: `bench:${webhookSecret}`,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    console.log(`backend: pid ${backend.pid} at ${backend.url} (ready in ${((performance.now() - started) / 1_000).toFixed(1)} s), data in ${dataDir}${flags.length ? `, flags ${flags.join(' ')}` : ''}`);
    const url = backend.url;
    const running = backend;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const getHeaders = { authorization: `Bearer ${key}` };
    // Tickets of the seed, each range handed off once by one run: [0, TICKETS) at TARGET_CONNECTIONS,
    // then `moreTickets` at CONNECTIONS, then LARGEST first handoffs for the fresh-vs-largest comparison,
    // SPARE_TICKETS never handed off (fresh GETs), and WARMUP_HANDOFFS for the unmeasured warm-up.
    const moreTickets = Math.floor(TICKETS / 2);
    const firstMore = TICKETS;
    const firstFresh = TICKETS + moreTickets;
    const firstWarm = firstFresh + LARGEST + SPARE_TICKETS;
    const seeded = firstWarm + WARMUP_HANDOFFS;

    // 3. Seed through the API: network, tier 1 → msp-noc (agent-nick is a member).
    let opened = 0;
    const seed = await withCpu(backend, () => load({
      url,
      connections: CONNECTIONS,
      method: 'POST',
      headers,
      amount: seeded,
      capSeconds: 300,
      next: () => {
        const i = opened++;
        return {
          path: '/v1/escalations',
          body: JSON.stringify({ ticketId: ticket(i), subject: `Bench escalation ${i}`, incidentType: 'network', impactTier: 1, actor: { id: 'agent-nick' } }),
        };
      },
    }));
    console.log(`seed: ${describe(seed)}; ${seed.cpu}`);
    alive(backend);
    if (seed.non2xx > 0 || seed.errors > 0 || seed.total !== seeded) throw new Error(`seeding failed: ${describe(seed)}`);
    await sleep(1_000); // let the background notifications of the last opens finish
    const seededAt = Date.now();

    // 4. GET view, rotating over the seeded tickets.
    let read = 0;
    const nextGet = () => ({ path: `/v1/escalations/${ticket(read++ % seeded)}` });
    const warm = await load({ url, connections: CONNECTIONS, method: 'GET', headers: getHeaders, duration: WARMUP_SECONDS, capSeconds: WARMUP_SECONDS + 30, next: nextGet });
    console.log(`GET warm-up: ${describe(warm)}`);
    const get = await withCpu(backend, () => load({ url, connections: CONNECTIONS, method: 'GET', headers: getHeaders, duration: GET_SECONDS, capSeconds: GET_SECONDS + 30, next: nextGet }));
    console.log(`GET view: ${describe(get)}; ${get.cpu}`);
    alive(backend);

    // 5. The sweeper reads each commit's outbox entry once it is SWEEP_GRACE_MS old: let it finish the seed's,
    //    so the handoff runs carry their own work only (their own entries come due after them: step 7).
    const seedSwept = await backendSettled(backend.pid, seededAt + SWEEP_GRACE_MS + SWEEP_INTERVAL_MS);
    console.log(`waited ${(seedSwept.waitedMs / 1_000).toFixed(0)} s for the backend to sweep the seed's outbox entries (${seedSwept.cpuMs ?? '?'} ms of its CPU)`);

    // 6. Handoff POST on distinct escalations, before anything large is built (a heap full of the largest
    //    escalations would tax every request): each request names a ticket no other request names. The
    //    product target first (p99 at TARGET_CONNECTIONS), then half as many at CONNECTIONS, for the
    //    ratio to the raw put rate (16 in flight on both sides) and to show what more connections only queue.
    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    const handoffRun = (connections: number, first: number, count: number) => {
      let handed = 0;
      return withCpu(running, () => load({
        url,
        connections,
        method: 'POST',
        headers,
        amount: count,
        capSeconds: 300,
        next: () => {
          const i = first + handed++;
          if (i >= seeded) throw new Error('the handoff run asked for more tickets than were seeded');
          return {
            path: `/v1/escalations/${ticket(i)}/handoffs`,
            body: JSON.stringify({
              toTeam: 'infrastructure',
              diagnosis: 'Tunnel up, but no routes from the branch',
              actionsTaken: 'Restarted the IPsec tunnel',
              evidence: [{ label: 'Tunnel log', url: `https://logs.example.com/vpn/${ticket(i)}` }],
              nextAction: 'Check the branch core switch',
              nextActionDueAt: dueAt,
              actor: { id: 'agent-nick' },
            }),
          };
        },
      }));
    };
    const warmHandoffs = await handoffRun(TARGET_CONNECTIONS, firstWarm, WARMUP_HANDOFFS);
    console.log(`handoff warm-up: ${describe(warmHandoffs)}`);
    const handoff = await handoffRun(TARGET_CONNECTIONS, 0, TICKETS);
    console.log(`handoff POST, ${TARGET_CONNECTIONS} connections: ${describe(handoff)}; ${handoff.cpu}`);
    alive(backend);
    const more = await handoffRun(CONNECTIONS, firstMore, moreTickets);
    console.log(`handoff POST, ${CONNECTIONS} connections: ${describe(more)}; ${more.cpu}`);
    alive(backend);


    // 7. What the handoffs still cost after they were answered: the sweeper reading their outbox entries.
    const handoffsSwept = await backendSettled(backend.pid, Date.now() + SWEEP_GRACE_MS + SWEEP_INTERVAL_MS);
    const sweptHandoffs = WARMUP_HANDOFFS + TICKETS + moreTickets;
    const sweepPerHandoff = handoffsSwept.cpuMs === null ? null : handoffsSwept.cpuMs / sweptHandoffs;
    console.log(`waited ${(handoffsSwept.waitedMs / 1_000).toFixed(0)} s for the backend to sweep the handoffs' outbox entries (${handoffsSwept.cpuMs ?? '?'} ms of its CPU)`);


    // 8. The largest escalations, through the API: LIMITS.handoffs - 1 handoffs each, every field at its longest.
    console.log(`building ${LARGEST} largest escalations (${LIMITS.handoffs - 1} handoffs, ${LIMITS.pauses} pauses, ${LIMITS.reclassifications} reclassifications, ${LIMITS.silentTransfers} silent transfers each), ${BUILD_CONCURRENCY} at a time…`);
    const buildCpu0 = processCpuMs(backend.pid);
    const buildStarted = performance.now();
    const built: BuiltEscalation[] = await pool(LARGEST, BUILD_CONCURRENCY, (i) => buildLargest({ url, headers, webhookSecret, ticketId: largestTicket(i), teams }));
    const buildSeconds = (performance.now() - buildStarted) / 1_000;
    const buildCpu1 = processCpuMs(backend.pid);
    const buildRequests = built.reduce((sum, b) => sum + b.requests, 0);
    const buildCpuPerRequest = buildCpu0 !== null && buildCpu1 !== null ? (buildCpu1 - buildCpu0) / buildRequests : Number.NaN;
    console.log(`  ${buildRequests} requests in ${buildSeconds.toFixed(1)} s (${(buildRequests / buildSeconds).toFixed(0)} req/s), backend CPU ${buildCpuPerRequest.toFixed(1)} ms/request`);
    alive(backend);
    const builtAt = Date.now();

    // 9. Let the sweeper finish the build's (and the handoff runs') entries, so the comparisons below
    //    carry their own work only.
    const buildSwept = await backendSettled(backend.pid, builtAt + SWEEP_GRACE_MS + SWEEP_INTERVAL_MS);
    console.log(`waited ${(buildSwept.waitedMs / 1_000).toFixed(0)} s for the backend to sweep the build's outbox entries (${buildSwept.cpuMs ?? '?'} ms of its CPU)`);

    // 10. The last allowed handoff, fresh vs largest, at TARGET_CONNECTIONS, with the same longest record:
    //    a first handoff on LARGEST just-opened escalations, then the LIMITS.handoffs-th on each largest one.
    //    First of the runs after the sweeper settled: the runs after it may outlast SWEEP_GRACE_MS on a
    //    slow machine, and then carry the sweeping of the first runs' entries.
    const bodyRun = (requests: Array<{ path: string; body: string }>) => {
      let sent = 0;
      return withCpu(running, () => load({
        url,
        connections: TARGET_CONNECTIONS,
        method: 'POST',
        headers,
        amount: requests.length,
        capSeconds: 300,
        next: () => {
          const request = requests[sent++];
          if (!request) throw new Error('the comparison run asked for more escalations than were prepared');
          return request;
        },
      }));
    };
    const freshRequests = Array.from({ length: LARGEST }, (_, i) => ({
      path: `/v1/escalations/${ticket(firstFresh + i)}/handoffs`,
      body: largestHandoffBody('infrastructure', 'agent-nick', `${ticket(firstFresh + i)} h1`),
    }));
    const lastTo = (b: BuiltEscalation) => teams.find((t) => t.id !== b.owner && t.members.length > 0)!;
    const ownerMember = (b: BuiltEscalation) => teams.find((t) => t.id === b.owner)!.members[0]!;
    const largestRequests = built.map((b) => ({
      path: `/v1/escalations/${b.ticketId}/handoffs`,
      body: largestHandoffBody(lastTo(b).id, ownerMember(b), `${b.ticketId} h${LIMITS.handoffs}`),
    }));
    const freshHandoff = await bodyRun(freshRequests);
    console.log(`handoff POST, fresh (first handoff, longest record), ${TARGET_CONNECTIONS} connections: ${describe(freshHandoff)}; ${freshHandoff.cpu}`);
    const largestHandoff = await bodyRun(largestRequests);
    console.log(`handoff POST, largest (handoff ${LIMITS.handoffs} of ${LIMITS.handoffs}), ${TARGET_CONNECTIONS} connections: ${describe(largestHandoff)}; ${largestHandoff.cpu}`);
    alive(backend);

    await sleep(1_000); // let the background notifications of the last handoffs finish

    // 11. GET view, fresh vs largest, at TARGET_CONNECTIONS: rotating over escalations still just opened
    //    (the spare tickets), then over the largest, now at LIMITS.handoffs.
    let freshRead = 0;
    let largestRead = 0;
    // The spare tickets are the ones no run handed off: still just opened.
    const nextFreshGet = () => ({ path: `/v1/escalations/${ticket(firstFresh + LARGEST + (freshRead++ % SPARE_TICKETS))}` });
    const nextLargestGet = () => ({ path: `/v1/escalations/${largestTicket(largestRead++ % LARGEST)}` });
    const getRun = (next: () => { path: string }, seconds: number) =>
      withCpu(running, () => load({ url, connections: TARGET_CONNECTIONS, method: 'GET', headers: getHeaders, duration: seconds, capSeconds: seconds + 30, next }));
    await getRun(nextFreshGet, 1);
    await getRun(nextLargestGet, 1);
    const freshGet = await getRun(nextFreshGet, COMPARE_SECONDS);
    console.log(`GET view, fresh, ${TARGET_CONNECTIONS} connections: ${describe(freshGet)}; ${freshGet.cpu}`);
    const largestGet = await getRun(nextLargestGet, COMPARE_SECONDS);
    console.log(`GET view, largest, ${TARGET_CONNECTIONS} connections: ${describe(largestGet)}; ${largestGet.cpu}`);
    alive(backend);

    // Spot checks that the handoffs really happened: one pending handoff to infrastructure each, and
    // LIMITS.handoffs on a largest escalation, which then refuses one more of everything LIMITS bounds.
    for (const i of [0, TICKETS - 1, firstMore, firstFresh - 1, firstFresh, firstFresh + LARGEST - 1]) {
      const response = await fetch(`${url}/v1/escalations/${ticket(i)}`, { headers: getHeaders });
      const view = (await response.json()) as { pendingHandoff?: { toTeam?: string } | null; handoffs?: unknown[] };
      if (view.pendingHandoff?.toTeam !== 'infrastructure' || view.handoffs?.length !== 1) {
        throw new Error(`${ticket(i)} does not show exactly one pending handoff to infrastructure: ${JSON.stringify(view).slice(0, 500)}`);
      }
    }
    const sample = built[0]!;
    const largestBody = await (await fetch(`${url}/v1/escalations/${sample.ticketId}`, { headers: getHeaders })).text();
    const freshBody = await (await fetch(`${url}/v1/escalations/${ticket(seeded - 1)}`, { headers: getHeaders })).text();
    const largestView = JSON.parse(largestBody) as { handoffs: unknown[]; pendingHandoff: { id: string; toTeam: string } | null; owner: { team: string } };
    if (largestView.handoffs.length !== LIMITS.handoffs || !largestView.pendingHandoff) {
      throw new Error(`${sample.ticketId} does not show ${LIMITS.handoffs} handoffs, the last pending: ${largestBody.slice(0, 500)}`);
    }
    const refused = await refusesMore(url, headers, webhookSecret, sample.ticketId, largestView.pendingHandoff, teams);

    // 12. Where a largest view's time goes, redone in this process with the backend idle.
    const freshCost = viewCost(freshBody, await wholeTimeline(url, getHeaders, freshBody));
    const largestCost = viewCost(largestBody, await wholeTimeline(url, getHeaders, largestBody));

    // 13. The table.
    const ratio = more.rps / raw.concurrent;
    const conflicts = handoff.statusCodes['409'] ?? 0;
    const failures = (r: LoadResult) => r.non2xx + r.errors + r.timeouts;
    // The comparison's latencies are each response's own (autocannon's whole milliseconds would turn a
    // 1.4 ms median into 1, and the ratio with it).
    const getP50 = largestGet.exact.p50 / freshGet.exact.p50;
    const getP99 = largestGet.exact.p99 / freshGet.exact.p99;
    const postP50 = largestHandoff.exact.p50 / freshHandoff.exact.p50;
    const postP99 = largestHandoff.exact.p99 / freshHandoff.exact.p99;
    const within = (x: number) => x <= TARGET_LARGEST_RATIO;
    const largestBytes = Buffer.byteLength(largestBody);
    const parts = JSON.parse(largestBody) as { handoffs: unknown; timeline: unknown };
    const handoffsBytes = Buffer.byteLength(JSON.stringify(parts.handoffs));
    const timelineBytes = Buffer.byteLength(JSON.stringify(parts.timeline));
    const freshBytes = Buffer.byteLength(freshBody);
    const costNote = (c: ReturnType<typeof viewCost>) => `fold ${c.foldMs.toFixed(2)} + toView ${c.viewMs.toFixed(2)} + JSON.stringify ${c.stringifyMs.toFixed(2)} ms; ${c.events} events, ${c.eventsBytes} B of events JSON`;
    const rows: BenchRow[] = [
      ...rates.flatMap((r): BenchRow[] => [
        { name: `raw conditional put, ${CONNECTIONS} in flight (${r.hosting})`, value: r.concurrent, unit: 'puts/s', target: 'informational', ok: true, note: `${r.itemBytes} B item${r === raw ? '; the store the backend runs on: the ratio uses this one' : ''}` },
        { name: `raw conditional put, sequential (${r.hosting})`, value: r.sequential, unit: 'puts/s', target: 'informational', ok: true },
      ]),
      { name: `open (seeding), ${CONNECTIONS} connections`, value: seed.rps, unit: 'req/s', target: 'informational', ok: true, note: `${seed.total} escalations, p99 ${seed.p99} ms; ${seed.cpu}` },
      { name: `GET view, ${CONNECTIONS} connections`, value: get.meanRps, unit: 'req/s', target: `>= ${TARGET_GET_RPS}`, ok: get.meanRps >= TARGET_GET_RPS, note: `${get.total} requests in ${get.seconds.toFixed(1)} s; ${get.cpu}` },
      { name: 'GET view p50', value: get.p50, unit: 'ms', target: 'informational', ok: true },
      { name: 'GET view p99', value: get.p99, unit: 'ms', target: 'informational', ok: true },
      { name: 'GET view non-2xx + errors', value: failures(get), unit: 'responses', target: '0', ok: failures(get) === 0 },
      { name: `handoff POST, ${TARGET_CONNECTIONS} connections`, value: handoff.rps, unit: 'req/s', target: 'informational', ok: true, note: `${handoff.total} distinct tickets in ${handoff.seconds.toFixed(1)} s; ${handoff.cpu}` },
      { name: `handoff POST p50, ${TARGET_CONNECTIONS} connections`, value: handoff.p50, unit: 'ms', target: 'informational', ok: true },
      { name: `handoff POST p99, ${TARGET_CONNECTIONS} connections`, value: handoff.p99, unit: 'ms', target: `<= ${TARGET_HANDOFF_P99_MS}`, ok: handoff.p99 <= TARGET_HANDOFF_P99_MS },
      {
        name: `handoff POST non-2xx + errors, ${TARGET_CONNECTIONS} connections`,
        value: failures(handoff),
        unit: 'responses',
        target: '0',
        ok: failures(handoff) === 0,
        ...(conflicts > 0 ? { note: `${conflicts} × 409: a ticket was reused` } : {}),
      },
      { name: `handoff POST, ${CONNECTIONS} connections`, value: more.rps, unit: 'req/s', target: 'informational', ok: true, note: `${more.total} distinct tickets; p50 ${more.p50} ms, p99 ${more.p99} ms; ${more.cpu}` },
      { name: `handoff / raw put (${CONNECTIONS} in flight, ${raw.hosting})`, value: ratio * 100, unit: '%', target: `>= ${TARGET_HANDOFF_RATIO * 100}`, ok: ratio >= TARGET_HANDOFF_RATIO },
      { name: `handoff / raw put (${CONNECTIONS} in flight, ${fastest.hosting})`, value: (more.rps / fastest.concurrent) * 100, unit: '%', target: 'informational', ok: true, note: 'against the fastest store measured' },
      { name: `handoff POST non-2xx + errors, ${CONNECTIONS} connections`, value: failures(more), unit: 'responses', target: '0', ok: failures(more) === 0 },
      {
        name: 'outbox sweep after the handoffs, backend CPU per handoff',
        value: sweepPerHandoff ?? Number.NaN,
        unit: 'ms',
        target: 'informational',
        ok: true,
        note: `the sweeper reads each commit's entry ${SWEEP_GRACE_MS / 1_000} s after it; not in the handoff runs' CPU/request`,
      },
      {
        name: `largest escalations built through the API (${LARGEST})`,
        value: buildRequests / buildSeconds,
        unit: 'req/s',
        target: 'informational',
        ok: true,
        note: `${buildRequests} requests in ${buildSeconds.toFixed(0)} s, ${BUILD_CONCURRENCY} escalations at a time; backend CPU ${buildCpuPerRequest.toFixed(1)} ms/request`,
      },
      { name: 'largest escalation GET response', value: largestBytes / 1_024, unit: 'KiB', target: 'informational', ok: true, note: `${largestBytes} B (handoffs ${handoffsBytes} B, timeline ${timelineBytes} B, the rest ${largestBytes - handoffsBytes - timelineBytes} B); a fresh one ${freshBytes} B (${(largestBytes / freshBytes).toFixed(0)}×)` },
      { name: `GET view fresh, ${TARGET_CONNECTIONS} connections, p50`, value: freshGet.exact.p50, unit: 'ms', target: 'informational', ok: true, note: `${freshGet.rps.toFixed(0)} req/s; ${freshGet.cpu}` },
      { name: `GET view fresh, ${TARGET_CONNECTIONS} connections, p99`, value: freshGet.exact.p99, unit: 'ms', target: 'informational', ok: true },
      { name: `GET view largest, ${TARGET_CONNECTIONS} connections, p50`, value: largestGet.exact.p50, unit: 'ms', target: 'informational', ok: true, note: `${largestGet.rps.toFixed(0)} req/s; ${largestGet.cpu}` },
      { name: `GET view largest, ${TARGET_CONNECTIONS} connections, p99`, value: largestGet.exact.p99, unit: 'ms', target: 'informational', ok: true },
      { name: 'GET view largest ÷ fresh, p50', value: getP50, unit: '×', target: `<= ${TARGET_LARGEST_RATIO}`, ok: within(getP50) },
      { name: 'GET view largest ÷ fresh, p99', value: getP99, unit: '×', target: `<= ${TARGET_LARGEST_RATIO}`, ok: within(getP99) },
      { name: 'GET view, fold + view + JSON in-process, fresh', value: freshCost.foldMs + freshCost.viewMs + freshCost.stringifyMs, unit: 'ms', target: 'informational', ok: true, note: costNote(freshCost) },
      { name: 'GET view, fold + view + JSON in-process, largest', value: largestCost.foldMs + largestCost.viewMs + largestCost.stringifyMs, unit: 'ms', target: 'informational', ok: true, note: costNote(largestCost) },
      { name: `last handoff fresh, ${TARGET_CONNECTIONS} connections, p50`, value: freshHandoff.exact.p50, unit: 'ms', target: 'informational', ok: true, note: `${freshHandoff.total} first handoffs with the longest record, ${freshHandoff.bytesPerResponse.toFixed(0)} B/response; ${freshHandoff.cpu}` },
      { name: `last handoff fresh, ${TARGET_CONNECTIONS} connections, p99`, value: freshHandoff.exact.p99, unit: 'ms', target: 'informational', ok: true },
      { name: `last handoff largest, ${TARGET_CONNECTIONS} connections, p50`, value: largestHandoff.exact.p50, unit: 'ms', target: 'informational', ok: true, note: `${largestHandoff.total} × handoff ${LIMITS.handoffs} of ${LIMITS.handoffs}, ${largestHandoff.bytesPerResponse.toFixed(0)} B/response; ${largestHandoff.cpu}` },
      { name: `last handoff largest, ${TARGET_CONNECTIONS} connections, p99`, value: largestHandoff.exact.p99, unit: 'ms', target: 'informational', ok: true },
      { name: 'last handoff largest ÷ fresh, p50', value: postP50, unit: '×', target: `<= ${TARGET_LARGEST_RATIO}`, ok: within(postP50) },
      { name: 'last handoff largest ÷ fresh, p99', value: postP99, unit: '×', target: `<= ${TARGET_LARGEST_RATIO}`, ok: within(postP99) },
      {
        name: 'fresh-vs-largest runs non-2xx + errors',
        value: failures(freshGet) + failures(largestGet) + failures(freshHandoff) + failures(largestHandoff),
        unit: 'responses',
        target: '0',
        ok: failures(freshGet) + failures(largestGet) + failures(freshHandoff) + failures(largestHandoff) === 0,
      },
      { name: 'largest escalation refuses one more (409)', value: refused, unit: 'of 4', target: '4', ok: refused === 4, note: 'handoff, pause, reclassification, silent transfer' },
    ];
    // What else keeps the machine busy right after the run (the backend's own leftover work subtracted).
    const backendBefore = processCpuMs(backend.pid);
    const busyAll = await machineBusy();
    const backendAfter = processCpuMs(backend.pid);
    const busyAfter = busyAll === null || backendBefore === null || backendAfter === null ? busyAll : Math.max(0, busyAll - (backendAfter - backendBefore) / (1_000 * os.availableParallelism()));
    const times1 = cpuTimes();
    const steal = times0 && times1 && times1.total > times0.total ? (times1.steal - times0.steal) / (times1.total - times0.total) : null;
    console.log(`\nmachine busy right after the run, the backend not counted: ${percent(busyAfter)}; CPU stolen by the hypervisor during the run: ${percent(steal)}`);
    if (busyAfter !== null && busyAfter > BUSY_WARNING) console.warn('warning: other processes were busy at the end of the run; the figures may be low');
    printTable(rows);
    const missed = rows.filter((row) => row.target !== 'informational' && !row.ok);
    if (missed.length > 0) {
      console.error(`\n${missed.length} target(s) missed:`);
      for (const row of missed) console.error(`  - ${row.name}: ${row.value.toFixed(1)} ${row.unit} (target ${row.target})`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (backend) console.error(`backend output (tail):\n${backend.output().slice(-4_000)}`);
    throw error;
  } finally {
    await backend?.stop();
    if (keepData) console.log(`kept the backend's data in ${dataDir}`);
    else await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Acknowledges the pending last handoff of a largest escalation, then asks for one more handoff, pause,
 * reclassification and silent transfer: says how many were refused with 409 (all four, at the limits).
 */
async function refusesMore(
  url: string,
  headers: Record<string, string>,
  webhookSecret: string,
  ticketId: string,
  pending: { id: string; toTeam: string },
  teams: ReturnType<typeof matrixTeams>,
): Promise<number> {
  const member = (team: string) => teams.find((t) => t.id === team)!.members[0]!;
  const post = async (path: string, body: unknown, extra: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers: { ...headers, ...extra }, body: JSON.stringify(body) });
    await response.arrayBuffer();
    return response.status;
  };
  const acknowledged = await post(`/v1/escalations/${ticketId}/handoffs/${pending.id}/acknowledge`, { actor: actorOf(member(pending.toTeam)) });
  if (acknowledged !== 200) throw new Error(`${ticketId}: acknowledging ${pending.id} answered ${acknowledged}`);
  const owner = pending.toTeam;
  const other = teams.find((t) => t.id !== owner && t.members.length > 0 && t.groupId !== null)!;
  const statuses = [
    await post(`/v1/escalations/${ticketId}/handoffs`, JSON.parse(largestHandoffBody(other.id, member(owner), `${ticketId} one more`))),
    await post(`/v1/escalations/${ticketId}/pause`, { actor: actorOf(member(owner)), reason: textOf(LIMITS.reason, 'One more pause') }),
    await post(`/v1/escalations/${ticketId}/reclassify`, { actor: actorOf(member(owner)), impactTier: 3, reason: textOf(LIMITS.reason, 'One more reclassification') }),
    await post('/v1/webhooks/freshservice', { ticketId, changes: { group_id: [teams.find((t) => t.id === owner)?.groupId ?? null, other.groupId] } }, { 'x-baton-webhook-secret': webhookSecret }),
  ];
  console.log(`${ticketId} after its last handoff: one more handoff, pause, reclassification, silent transfer answered ${statuses.join(', ')}`);
  return statuses.filter((status) => status === 409).length;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
}
