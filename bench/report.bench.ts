// The weekly report over 100,000 escalations of one week on the embedded store (dynalite on LevelDB, in a process
// of its own), beside a raw read of the same week's items through the week index, alternated in the same run.
// Each measurement runs in a fresh process, so its peak memory (max RSS) is its own. `npm run bench:report`;
// BENCH_REPORT_ESCALATIONS=… to change the volume; the seeded store is kept in the temp folder (--fresh seeds again).
import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../lambdas/adapters/clock.js';
import { INDEX, keys } from '../lambdas/adapters/dynamodb/table.js';
import { PAGE_COMMITS, weeksCovering } from '../lambdas/adapters/dynamodb/week-index.js';
import { EscalationService } from '../lambdas/app/escalations.js';
import { silentLog } from '../lambdas/app/log.js';
import { LATE_RECORD_AFTER_MS } from '../lambdas/app/reports/ports.js';
import { weeklyReport } from '../lambdas/app/reports/weekly.js';
import { embeddedClient, startEmbeddedDynamoDb } from '../lambdas/local/embedded-dynamodb.js';
import { buildAppDeps } from '../lambdas/wiring/app-deps.js';
import type { DeadlineScheduler } from '../shared/ports.js';
import { weekPeriod } from '../shared/kpi/week.js';
import { seedReportWeek, SEED_TENANT, SEED_WEEK, type SeedCounts } from './report-seed.js';
import { printTable, type BenchRow } from './table.js';

const ESCALATIONS = Number(process.env.BENCH_REPORT_ESCALATIONS ?? 100_000);
/** Bump when the seed changes, so a kept store of another shape is not reused. */
const SEED_VERSION = 2;
const RUNS = 3;
const TARGET_SECONDS = 10;
const TARGET_MB = 512;
const TARGET_RATIO = 1.5;
const TABLE = 'baton';
/** After the week and its hour of grace: the report is complete. */
const NOW = '2026-12-08T12:00:00.000Z';

interface Measurement {
  mode: 'raw' | 'report' | 'idle';
  seconds: number;
  /** CPU seconds of the measuring process during the work, and of the store's process (read from /proc). */
  cpuSeconds: number;
  storeCpuSeconds?: number | null;
  maxRssMb: number;
  items?: number;
  bytes?: number;
  detail?: string;
}

/** The store process's median CPU over these measurements, or why it is unknown. */
function cpuNote(measurements: Measurement[]): string {
  const known = measurements.map((m) => m.storeCpuSeconds).filter((c): c is number => typeof c === 'number');
  return known.length > 0 ? `${median(known).toFixed(2)} s` : 'not readable here (no /proc)';
}

const mb = (bytes: number) => Math.round(bytes / 1_048_576);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One measurement, in this (fresh) process: set up the clients, then time only the work. */
async function measure(mode: Measurement['mode'], endpoint: string, accessKeyId: string): Promise<Measurement> {
  const raw = embeddedClient(endpoint, { accessKeyId, secretAccessKey: 'unused-by-dynalite' });
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const scheduler: DeadlineScheduler = { schedule: async () => {}, cancel: async () => {}, isScheduled: async () => false };
  const deps = buildAppDeps({
    table: { client, name: TABLE }, clock: new ManualClock(new Date(NOW)), scheduler, background: { run: (task) => void task() }, log: silentLog,
    ticketSystem: async () => null, channels: { slack: null }, devClock: null,
  });
  const service = new EscalationService(deps);
  await service.matrices.get(SEED_TENANT);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let result: Omit<Measurement, 'mode' | 'seconds' | 'cpuSeconds' | 'maxRssMb'> = {};
  if (mode === 'report') {
    const report = await weeklyReport({ deps, service }, SEED_TENANT, SEED_WEEK);
    const json = JSON.stringify(report);
    result = { bytes: json.length, detail: `${report.kpis.counts.opened} opened, ${report.kpis.counts.resolved} resolved, attainment ${((report.kpis.escalationSlaAttainment ?? 0) * 100).toFixed(1)} %, ${report.breachedEscalations.total} breached (${report.breachedEscalations.items.length} with chains), ${report.frictionPoints.rules.length} friction rules` };
  } else if (mode === 'raw') {
    // The same queries the report's read of this week makes (partitions, sort-key range, projection, page size), items only counted.
    const period = weekPeriod(SEED_WEEK, 'Europe/London');
    const from = new Date(period.from);
    const to = new Date(Date.parse(period.to) + LATE_RECORD_AFTER_MS);
    let items = 0;
    let bytes = 0;
    for (const week of weeksCovering(from, to)) {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await raw.send(
          new QueryCommand({
            TableName: TABLE, IndexName: INDEX.week.name, KeyConditionExpression: '#wpk = :week AND #wsk BETWEEN :from AND :to', ProjectionExpression: 'pk, sk, #commit, events',
            ExpressionAttributeNames: { '#wpk': INDEX.week.pk, '#wsk': INDEX.week.sk, '#commit': 'commit' },
            ExpressionAttributeValues: { ':week': { S: keys.week(SEED_TENANT, week) }, ':from': { S: from.toISOString() }, ':to': { S: to.toISOString() } }, ExclusiveStartKey: startKey, Limit: PAGE_COMMITS,
          }),
        );
        items += page.Items?.length ?? 0;
        for (const item of page.Items ?? []) bytes += item.events?.S?.length ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    result = { items, bytes };
  }
  const seconds = (performance.now() - started) / 1000;
  raw.destroy();
  const cpu = process.cpuUsage(cpuBefore);
  return { mode, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...result };
}

/** CPU seconds a process has used so far (Linux /proc; null elsewhere). */
async function cpuSecondsOf(pid: number | undefined): Promise<number | null> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Runs one measurement in a fresh tsx process and reads its JSON line; adds the store's CPU over the whole run. */
async function inChild(mode: Measurement['mode'], store: Store, accessKeyId: string): Promise<Measurement> {
  const before = await cpuSecondsOf(store.pid);
  const measured = await measureInChild(mode, store.endpoint, accessKeyId);
  const after = await cpuSecondsOf(store.pid);
  return { ...measured, storeCpuSeconds: before === null || after === null ? null : after - before };
}

function measureInChild(mode: Measurement['mode'], endpoint: string, accessKeyId: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--measure', mode, endpoint, accessKeyId], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Measurement) : reject(new Error(`measure ${mode} exited ${code}: ${out}`))));
  });
}

/** dynalite on the kept LevelDB folder, in a process of its own (so the measured processes' memory is theirs alone). */
interface Store {
  endpoint: string;
  pid: number | undefined;
  stop(): void;
}

async function startStoreProcess(path: string, accessKeyId: string): Promise<Store> {
  const host = new URL('../lambdas/local/dynalite-host.mjs', import.meta.url).href;
  const script = `const { listenDynalite } = await import(${JSON.stringify(host)}); const s = await listenDynalite(${JSON.stringify({ path, accessKeyId })}); console.log(s.address().port);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString('utf8').trim())));
    child.once('exit', (code) => reject(new Error(`the store process exited ${code}`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => child.kill('SIGTERM') };
}

/** The seeded store, kept between runs (seeding 100,000 escalations takes minutes). */
async function seededStore(): Promise<{ path: string; counts: SeedCounts; seedSeconds: number }> {
  const dir = join(tmpdir(), `baton-bench-report-v${SEED_VERSION}-${ESCALATIONS}`);
  const marker = join(dir, 'seeded.json');
  if (process.argv.includes('--fresh')) await rm(dir, { recursive: true, force: true });
  if (!existsSync(marker)) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const db = await startEmbeddedDynamoDb({ path: join(dir, 'dynamodb'), thread: true, tableName: TABLE });
    const started = performance.now();
    const raw = embeddedClient(db.endpoint, db.credentials);
    const counts = await seedReportWeek(raw, db.client, TABLE, ESCALATIONS, (done) => {
      if (done % 10_000 === 0) console.error(`  seeded ${done.toLocaleString('en-US')} escalations (${Math.round((performance.now() - started) / 1000)} s)`);
    });
    raw.destroy();
    await db.close();
    await writeFile(marker, JSON.stringify({ counts, seedSeconds: (performance.now() - started) / 1000 }));
  }
  const kept = JSON.parse(await readFile(marker, 'utf8')) as { counts: SeedCounts; seedSeconds: number };
  return { path: join(dir, 'dynamodb'), ...kept };
}

export async function benchReport(): Promise<BenchRow[]> {
  const { path, counts, seedSeconds } = await seededStore();
  const accessKeyId = `local${Math.random().toString(16).slice(2).padEnd(16, '0')}`;
  const store = await startStoreProcess(path, accessKeyId);
  try {
    const idle = await inChild('idle', store, accessKeyId);
    await inChild('raw', store, accessKeyId); // warms dynalite's caches, unmeasured
    const raws: Measurement[] = [];
    const reports: Measurement[] = [];
    for (let run = 0; run < RUNS; run++) {
      raws.push(await inChild('raw', store, accessKeyId));
      reports.push(await inChild('report', store, accessKeyId));
    }
    const raw = median(raws.map((m) => m.seconds));
    const report = median(reports.map((m) => m.seconds));
    const peak = Math.max(...reports.map((m) => m.maxRssMb));
    const volume = `${counts.escalations.toLocaleString('en-US')} escalations, ${counts.indexed.toLocaleString('en-US')} commits (${counts.events.toLocaleString('en-US')} events) in the week index`;
    return [
      { name: 'weekly report, 100k escalations in one week', value: report, unit: 's', target: `< ${TARGET_SECONDS} s`, ok: report < TARGET_SECONDS, digits: 2, note: `median of ${RUNS}: ${reports.map((m) => m.seconds.toFixed(2)).join(', ')}; ${reports[0]!.detail}; ${volume}` },
      { name: 'raw read of the same items (week index)', value: raw, unit: 's', target: 'informational', ok: true, digits: 2, note: `median of ${RUNS}: ${raws.map((m) => m.seconds.toFixed(2)).join(', ')}; ${raws[0]!.items?.toLocaleString('en-US')} items, ${mb(raws[0]!.bytes ?? 0)} MB of events JSON` },
      // Where a report's time goes: the two processes run on separate cores, so neither's CPU can be hidden.
      { name: 'CPU of one report: its process', value: median(reports.map((m) => m.cpuSeconds)), unit: 's', target: 'informational', ok: true, digits: 2, note: `the store's process meanwhile: ${cpuNote(reports)}; a raw read: ${median(raws.map((m) => m.cpuSeconds)).toFixed(2)} s, the store ${cpuNote(raws)}` },
      { name: 'report ÷ raw read', value: report / raw, unit: '×', target: `<= ${TARGET_RATIO}`, ok: report / raw <= TARGET_RATIO, digits: 2 },
      { name: 'report peak memory (max RSS of its process)', value: peak, unit: 'MB', target: `< ${TARGET_MB} MB`, ok: peak < TARGET_MB, note: `a process that only loads and connects: ${idle.maxRssMb} MB; the raw read's: ${Math.max(...raws.map((m) => m.maxRssMb))} MB; answer ${mb(reports[0]!.bytes ?? 0)} MB of JSON` },
      { name: 'seeding (kept between runs)', value: seedSeconds, unit: 's', target: 'informational', ok: true, note: 'domain-made commits written with BatchWriteItem through commitItem; dynalite on LevelDB on a worker thread' },
    ];
  } finally {
    store.stop();
  }
}

if (process.argv[2] === '--measure') {
  const [mode, endpoint, accessKeyId] = process.argv.slice(3) as [Measurement['mode'], string, string];
  console.log(JSON.stringify(await measure(mode, endpoint, accessKeyId)));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  printTable(await benchReport());
}
