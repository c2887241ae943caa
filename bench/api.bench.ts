// `npm run bench:api`: autocannon against a fresh `npm start` (a child process), compared with the raw
// conditional-put rate of the same embedded store measured in the same run. Exits 1 when a target is missed.
// The handoff runs start once the backend has swept the seed's outbox entries, and what sweeping their own
// costs is measured after them: about 40 s of waiting each time.
//
// Knobs (environment): BENCH_TICKETS (handoffs in the 16-connection run, default 3000; half as many more run
// at 8 connections, for information), BENCH_GET_SECONDS (10),
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
import { SWEEP_INTERVAL_MS } from '../lambdas/local/baton.js';
import { backendSettled, cpuTimes, freePort, load, machineBusy, measureRawPuts, processCpuMs, startBackend, type BackendChild, type LoadResult, type PutRates } from './api-support.js';
import { printTable, type BenchRow } from './table.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const CONNECTIONS = 16;
/** A second, informational handoff run at fewer connections: where this machine stops queueing. */
const FEWER_CONNECTIONS = 8;
const TICKETS = Number(process.env.BENCH_TICKETS ?? 3_000);
/** Seeded beyond what the handoff run sends, so no request ever lands on a ticket twice. */
const SPARE_TICKETS = 64;
const GET_SECONDS = Number(process.env.BENCH_GET_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const RAW_SECONDS = 5;
const RAW_SEQUENTIAL_SECONDS = 3;
const TARGET_GET_RPS = 1_500;
const TARGET_HANDOFF_RATIO = 0.25;
const TARGET_HANDOFF_P99_MS = 50;

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const busyBefore = await machineBusy();
const percent = (busy: number | null) => (busy === null ? 'unknown' : `${(busy * 100).toFixed(0)}%`);
console.log(`node ${process.version} · ${cpu} · ${os.availableParallelism()} cores · ${os.platform()} ${os.release()} · machine busy before the run: ${percent(busyBefore)}`);
/** Other work on the machine (tests, builds) takes cores from the backend: say so next to the figures. */
const BUSY_WARNING = 0.15;
if (busyBefore !== null && busyBefore > BUSY_WARNING) console.warn(`warning: other processes keep ${percent(busyBefore)} of the machine busy; the figures will be low`);

const ticket = (i: number) => `bench-${i}`;
const describe = (r: LoadResult) =>
  `${r.total} requests in ${r.seconds.toFixed(1)} s, ${r.rps.toFixed(0)} req/s (mean of seconds ${r.meanRps.toFixed(0)}), p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms, ` +
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

  // 2. The backend, as `npm start` runs it.
  const dataDir = await mkdtemp(join(os.tmpdir(), 'baton-bench-'));
  const keepData = process.env.BENCH_KEEP_DATA === '1';
  // Interrupted (Ctrl+C) or failing: the data folder goes too (the backend child is killed by api-support's exit hook).
  if (!keepData) process.once('exit', () => rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 }));
  const port = await freePort();
  const key = `bench_${randomBytes(18).toString('hex')}`;
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(/\s+/).filter(Boolean);
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
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    console.log(`backend: pid ${backend.pid} at ${backend.url} (ready in ${((performance.now() - started) / 1_000).toFixed(1)} s), data in ${dataDir}${flags.length ? `, flags ${flags.join(' ')}` : ''}`);
    const url = backend.url;
    const running = backend;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    // The handoff runs: TICKETS at CONNECTIONS, then half as many at FEWER_CONNECTIONS, each on tickets of its own.
    const fewerTickets = Math.floor(TICKETS / 2);
    const seeded = TICKETS + fewerTickets + SPARE_TICKETS;

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
    const seededAt = Date.now();
    console.log(`seed: ${describe(seed)}; ${seed.cpu}`);
    alive(backend);
    if (seed.non2xx > 0 || seed.errors > 0 || seed.total !== seeded) throw new Error(`seeding failed: ${describe(seed)}`);
    await sleep(1_000); // let the background notifications of the last opens finish

    // 4. GET view, rotating over the seeded tickets.
    let read = 0;
    const nextGet = () => ({ path: `/v1/escalations/${ticket(read++ % seeded)}` });
    const getHeaders = { authorization: `Bearer ${key}` };
    const warm = await load({ url, connections: CONNECTIONS, method: 'GET', headers: getHeaders, duration: WARMUP_SECONDS, capSeconds: WARMUP_SECONDS + 30, next: nextGet });
    console.log(`GET warm-up: ${describe(warm)}`);
    const get = await withCpu(backend, () => load({ url, connections: CONNECTIONS, method: 'GET', headers: getHeaders, duration: GET_SECONDS, capSeconds: GET_SECONDS + 30, next: nextGet }));
    console.log(`GET view: ${describe(get)}; ${get.cpu}`);
    alive(backend);

    // 5. The sweeper reads each commit's outbox entry once it is SWEEP_GRACE_MS old: let it finish the
    //    seed's, so the handoff runs carry their own work and not the opens'. Their own entries come due
    //    after the runs; what sweeping them costs is measured after them (step 7).
    const seedSwept = await backendSettled(backend.pid, seededAt + SWEEP_GRACE_MS + SWEEP_INTERVAL_MS);
    console.log(`waited ${(seedSwept.waitedMs / 1_000).toFixed(0)} s for the backend to sweep the seed's outbox entries (${seedSwept.cpuMs ?? '?'} ms of its CPU)`);

    // 6. Handoff POST on distinct escalations: each request names a ticket no other request names.
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
    const handoff = await handoffRun(CONNECTIONS, 0, TICKETS);
    console.log(`handoff POST, ${CONNECTIONS} connections: ${describe(handoff)}; ${handoff.cpu}`);
    alive(backend);
    const fewer = await handoffRun(FEWER_CONNECTIONS, TICKETS, fewerTickets);
    console.log(`handoff POST, ${FEWER_CONNECTIONS} connections: ${describe(fewer)}; ${fewer.cpu}`);
    alive(backend);

    // A spot check that the handoffs really happened: one pending handoff to infrastructure each.
    for (const i of [0, Math.floor(TICKETS / 2), TICKETS - 1, TICKETS + fewerTickets - 1]) {
      const response = await fetch(`${url}/v1/escalations/${ticket(i)}`, { headers: getHeaders });
      const view = (await response.json()) as { pendingHandoff?: { toTeam?: string } | null; handoffs?: unknown[] };
      if (view.pendingHandoff?.toTeam !== 'infrastructure' || view.handoffs?.length !== 1) {
        throw new Error(`${ticket(i)} does not show exactly one pending handoff to infrastructure: ${JSON.stringify(view).slice(0, 500)}`);
      }
    }

    // 7. What the handoffs still cost after they were answered: the sweeper reading their outbox entries.
    const handoffsSwept = await backendSettled(backend.pid, Date.now() + SWEEP_GRACE_MS + SWEEP_INTERVAL_MS);
    const sweepPerHandoff = handoffsSwept.cpuMs === null ? null : handoffsSwept.cpuMs / (TICKETS + fewerTickets);
    console.log(`waited ${(handoffsSwept.waitedMs / 1_000).toFixed(0)} s for the backend to sweep the handoffs' outbox entries (${handoffsSwept.cpuMs ?? '?'} ms of its CPU)`);

    // 8. The table.
    const ratio = handoff.rps / raw.concurrent;
    const conflicts = handoff.statusCodes['409'] ?? 0;
    const rows: BenchRow[] = [
      ...rates.flatMap((r): BenchRow[] => [
        { name: `raw conditional put, ${CONNECTIONS} in flight (${r.hosting})`, value: r.concurrent, unit: 'puts/s', target: 'informational', ok: true, note: `${r.itemBytes} B item${r === raw ? '; the store the backend runs on: the ratio uses this one' : ''}` },
        { name: `raw conditional put, sequential (${r.hosting})`, value: r.sequential, unit: 'puts/s', target: 'informational', ok: true },
      ]),
      { name: `open (seeding), ${CONNECTIONS} connections`, value: seed.rps, unit: 'req/s', target: 'informational', ok: true, note: `${seed.total} escalations, p99 ${seed.p99} ms; ${seed.cpu}` },
      { name: `GET view, ${CONNECTIONS} connections`, value: get.meanRps, unit: 'req/s', target: `>= ${TARGET_GET_RPS}`, ok: get.meanRps >= TARGET_GET_RPS, note: `${get.total} requests in ${get.seconds.toFixed(1)} s; ${get.cpu}` },
      { name: 'GET view p50', value: get.p50, unit: 'ms', target: 'informational', ok: true },
      { name: 'GET view p99', value: get.p99, unit: 'ms', target: 'informational', ok: true },
      { name: 'GET view non-2xx + errors', value: get.non2xx + get.errors + get.timeouts, unit: 'responses', target: '0', ok: get.non2xx + get.errors + get.timeouts === 0 },
      { name: `handoff POST, ${CONNECTIONS} connections`, value: handoff.rps, unit: 'req/s', target: 'informational', ok: true, note: `${handoff.total} distinct tickets in ${handoff.seconds.toFixed(1)} s; ${handoff.cpu}` },
      { name: `handoff / raw put (${CONNECTIONS} in flight, ${raw.hosting})`, value: ratio * 100, unit: '%', target: `>= ${TARGET_HANDOFF_RATIO * 100}`, ok: ratio >= TARGET_HANDOFF_RATIO },
      { name: `handoff / raw put (${CONNECTIONS} in flight, ${fastest.hosting})`, value: (handoff.rps / fastest.concurrent) * 100, unit: '%', target: 'informational', ok: true, note: 'against the fastest store measured' },
      { name: 'handoff POST p50', value: handoff.p50, unit: 'ms', target: 'informational', ok: true },
      { name: 'handoff POST p99', value: handoff.p99, unit: 'ms', target: `<= ${TARGET_HANDOFF_P99_MS}`, ok: handoff.p99 <= TARGET_HANDOFF_P99_MS },
      {
        name: 'handoff POST non-2xx + errors',
        value: handoff.non2xx + handoff.errors + handoff.timeouts,
        unit: 'responses',
        target: '0',
        ok: handoff.non2xx + handoff.errors + handoff.timeouts === 0,
        ...(conflicts > 0 ? { note: `${conflicts} × 409: a ticket was reused` } : {}),
      },
      { name: `handoff POST, ${FEWER_CONNECTIONS} connections`, value: fewer.rps, unit: 'req/s', target: 'informational', ok: true, note: `${fewer.total} distinct tickets; p50 ${fewer.p50} ms, p99 ${fewer.p99} ms; ${fewer.non2xx + fewer.errors + fewer.timeouts} non-2xx + errors` },
      {
        name: 'outbox sweep after the handoffs, backend CPU per handoff',
        value: sweepPerHandoff ?? Number.NaN,
        unit: 'ms',
        target: 'informational',
        ok: true,
        note: `the sweeper reads each commit's entry ${SWEEP_GRACE_MS / 1_000} s after it; not in the handoff runs' CPU/request`,
      },
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

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
}
