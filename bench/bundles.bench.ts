// The Lambda bundles `npm run synth` produces: each one's size (all its files: the api's is split into chunks), and its
// cold import + init in a fresh Node process beside a minimal bundle holding only the DynamoDB client (ratio, measured
// alternately in one run), with the floors under it measured in the same run (bench/cold-start/). Part of `npm run bench`.
// Synthesizes twice (the AWS SDK bundled, and taken from the runtime) into temp folders it removes: ~20 s of both cores.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { createBatonApp } from '../infra/lib/app.js';
import { bundleCodeFiles, bundleFiles } from '../infra/lib/assembly.js';
import { REQUIRE_SHIM } from '../infra/lib/baton-function.js';
import { cliAppProps } from '../test/support/cdk.js';
import { printTable, type BenchRow } from './table.js';

const run = promisify(execFile);
const ROLES = ['api', 'reports', 'deadline', 'sweeper', 'weekly'] as const;
const RUNS = Number(process.env.BENCH_INIT_RUNS ?? 9);
const MAX_API_BYTES = 1_000_000;
const MAX_INIT_RATIO = 1.5;

/** What the handlers read at init: names and ARNs only, nothing is called (health needs no store). */
const ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TABLE_NAME: 'baton-bench',
  SCHEDULE_GROUP_NAME: 'baton-bench-deadlines',
  DEADLINE_FUNCTION_ARN: 'arn:aws:lambda:eu-west-1:111122223333:function:baton-bench-deadline',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::111122223333:role/baton-bench-scheduler',
  DEADLINE_DLQ_ARN: 'arn:aws:sqs:eu-west-1:111122223333:baton-bench-dlq',
  FRESHSERVICE_SECRET_PREFIX: 'baton/bench/freshservice/',
  PATH: process.env.PATH ?? '',
};

/** The three bundles' files of one synth. */
async function synthBundles(bundleAwsSdk: boolean): Promise<{ files: Record<(typeof ROLES)[number], string>; outdir: string }> {
  const outdir = await mkdtemp(join(tmpdir(), 'baton-bench-synth-'));
  const { app, stack } = createBatonApp(cliAppProps(outdir, { stage: 'bench', bundleAwsSdk: String(bundleAwsSdk) }));
  app.synth();
  const byName = await bundleFiles(outdir, stack);
  const files = {} as Record<(typeof ROLES)[number], string>;
  for (const role of ROLES) {
    const file = byName[`baton-bench-${role}`];
    if (!file) throw new Error(`no ${role} function in the template`);
    files[role] = file;
  }
  return { files, outdir };
}

/** The yardstick: a bundle with only the DynamoDB client, built with the stack's esbuild options. */
async function minimalBundle(dir: string): Promise<string> {
  const entry = join(dir, 'minimal.mjs');
  await writeFile(entry, "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const client = new DynamoDBClient({});\nexport const handler = async () => ({ statusCode: 200 });\n");
  const outfile = join(dir, 'minimal-bundle.mjs');
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node22', mainFields: ['module', 'main'], minify: true, banner: { js: REQUIRE_SHIM }, nodePaths: [join(process.cwd(), 'node_modules')], logLevel: 'silent' });
  return outfile;
}

/**
 * A bench fixture (bench/cold-start/) bundled as the stack bundles the api function: split (what the AWS SDK imports on
 * demand stays in chunks a cold start does not read), zod without its locales, bowser left out.
 */
async function fixtureBundle(dir: string, name: string): Promise<string> {
  const outdir = join(dir, name);
  await build({
    entryPoints: [join(process.cwd(), 'bench/cold-start', `${name}.ts`)],
    outdir,
    bundle: true,
    splitting: true,
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    banner: { js: REQUIRE_SHIM },
    alias: { zod: './infra/bundling/zod.mjs' },
    external: ['bowser'],
    logLevel: 'silent',
  });
  return join(outdir, 'index.mjs');
}

const invoke = (method: string, path: string, headers: string) =>
  `await m.handler({version:'2.0',routeKey:'$default',rawPath:'${path}',rawQueryString:'',headers:${headers},requestContext:{http:{method:'${method}',path:'${path}'},domainName:'bench'},isBase64Encoded:false},{functionName:'bench',awsRequestId:'bench',getRemainingTimeInMillis:()=>30000});`;

/** What a cold process does after importing the bundle. */
const AFTER_IMPORT = {
  nothing: '',
  /** The api's first answer, which builds the app (and the health route). */
  health: invoke('GET', '/v1/health', "{host:'bench'}"),
  /** An open without a key, refused (401) before any store call: it builds the command routes and their validators. */
  refusedOpen: invoke('POST', '/v1/escalations', "{host:'bench','content-type':'application/json'}"),
  /** Creates a Web Response: Node loads its fetch implementation (undici), which any Hono app answers with. */
  webResponse: "new Response('');",
} as const;

/**
 * A fresh process from its start to the bundle imported and `after` done: milliseconds of wall time, and of CPU time
 * (user + system, all its threads), which other processes on the machine sway less than the wall clock.
 */
async function coldStart(file: string, after: keyof typeof AFTER_IMPORT, nodeOptions = ''): Promise<{ wall: number; cpu: number }> {
  const script = `const m = await import(${JSON.stringify(file)});${AFTER_IMPORT[after]}const c = process.cpuUsage();console.log(performance.now(), (c.user + c.system) / 1000);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: { ...ENV, NODE_OPTIONS: nodeOptions }, cwd: tmpdir() });
  const [wall, cpu] = stdout.trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: wall!, cpu: cpu! };
}

const totalSize = async (files: string[]) => (await Promise.all(files.map((file) => stat(file)))).reduce((sum, { size }) => sum + size, 0);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const scratch = await mkdtemp(join(tmpdir(), 'baton-bench-bundles-'));
const bundled = await synthBundles(true);
const runtimeSdk = await synthBundles(false);
const minimal = await minimalBundle(scratch);
const honoHealth = await fixtureBundle(scratch, 'hono-health');
const zodHealth = await fixtureBundle(scratch, 'zod-health');
const rows: BenchRow[] = [];
try {
  for (const role of ROLES) {
    const [code, codeRuntime] = await Promise.all([bundleCodeFiles(bundled.files[role]), bundleCodeFiles(runtimeSdk.files[role])]);
    const size = await totalSize(code);
    const sizeRuntime = await totalSize(codeRuntime);
    const files = code.length > 1 ? `${code.length} files (index.mjs ${((await stat(bundled.files[role])).size / 1000).toFixed(0)} KB + chunks)` : 'one file';
    rows.push({ name: `${role} bundle, AWS SDK bundled`, value: size / 1000, unit: 'KB', target: role === 'api' ? `<= ${MAX_API_BYTES / 1000}` : 'informational', ok: role !== 'api' || size <= MAX_API_BYTES, note: `minified ESM, ${files}; source maps beside` });
    rows.push({ name: `${role} bundle, AWS SDK from the runtime`, value: sizeRuntime / 1000, unit: 'KB', target: 'informational', ok: true, note: '-c bundleAwsSdk=false' });
  }
  rows.push({ name: 'minimal bundle (DynamoDB client only)', value: (await stat(minimal)).size / 1000, unit: 'KB', target: 'informational', ok: true });
  // Alternated, so a busy moment of the machine falls on both sides.
  // The runtime-SDK variant is not timed: this machine has no Lambda runtime whose SDK it would import.
  const times: Record<string, { wall: number; cpu: number }[]> = { minimal: [], api: [], sourceMaps: [], refusedOpen: [], floor: [], honoHealth: [], zodHealth: [] };
  for (let i = 0; i < RUNS; i++) {
    times.minimal!.push(await coldStart(minimal, 'nothing'));
    times.api!.push(await coldStart(bundled.files.api, 'health'));
    times.sourceMaps!.push(await coldStart(bundled.files.api, 'health', '--enable-source-maps'));
    times.refusedOpen!.push(await coldStart(bundled.files.api, 'refusedOpen'));
    times.floor!.push(await coldStart(minimal, 'webResponse'));
    times.honoHealth!.push(await coldStart(honoHealth, 'health'));
    times.zodHealth!.push(await coldStart(zodHealth, 'health'));
  }
  const wall = (name: string) => median(times[name]!.map((t) => t.wall));
  const cpu = (name: string) => median(times[name]!.map((t) => t.cpu));
  /** The ratio to the minimal bundle in CPU time, for the notes. */
  const inCpu = (name: string) => `${(cpu(name) / cpu('minimal')).toFixed(2)}× in CPU time`;
  const base = wall('minimal');
  rows.push({ name: 'cold import, minimal bundle', value: base, unit: 'ms', target: 'informational', ok: true, note: `median of ${RUNS} fresh processes (Node start included)` });
  const api = wall('api');
  rows.push({ name: 'cold import + init + first answer, api bundle', value: api, unit: 'ms', target: 'informational', ok: true, note: 'GET /v1/health: imports the bundle, builds the app and the health route' });
  rows.push({ name: 'api cold start ÷ minimal', value: api / base, unit: '×', target: `<= ${MAX_INIT_RATIO}`, ok: api / base <= MAX_INIT_RATIO, digits: 2 });
  rows.push({ name: 'the same in CPU time', value: cpu('api') / cpu('minimal'), unit: '×', target: 'informational', ok: true, digits: 2, note: `${cpu('api').toFixed(0)} ms ÷ ${cpu('minimal').toFixed(0)} ms of user + system time: other processes on the machine sway it less` });
  const sourceMaps = wall('sourceMaps');
  rows.push({ name: 'the same with NODE_OPTIONS=--enable-source-maps', value: sourceMaps, unit: 'ms', target: 'informational', ok: true, note: `+${(sourceMaps - api).toFixed(0)} ms: why the stack does not set it` });
  const refusedOpen = wall('refusedOpen');
  rows.push({ name: 'api cold start, first answer a refused open ÷ minimal', value: refusedOpen / base, unit: '×', target: 'informational', ok: true, digits: 2, note: `${refusedOpen.toFixed(0)} ms, ${inCpu('refusedOpen')}: POST /v1/escalations without a key (401) builds the command routes, calls no store` });
  // The floors under the api, each a step closer to it (bench/cold-start/): what no change to Baton's own code removes.
  const floor = wall('floor');
  rows.push({ name: 'floor: minimal bundle + one Web Response ÷ minimal', value: floor / base, unit: '×', target: 'informational', ok: true, digits: 2, note: `${floor.toFixed(0)} ms, ${inCpu('floor')}: Node's fetch (undici), which every Hono answer loads` });
  const hono = wall('honoHealth');
  rows.push({ name: 'floor: the api’s Lambda plumbing + Hono health ÷ minimal', value: hono / base, unit: '×', target: 'informational', ok: true, digits: 2, note: `${hono.toFixed(0)} ms, ${inCpu('honoHealth')}: Powertools logger and metrics on middy, the document client, GET /v1/health without zod` });
  const zod = wall('zodHealth');
  rows.push({ name: 'floor: the same with the api’s zod health route ÷ minimal', value: zod / base, unit: '×', target: 'informational', ok: true, digits: 2, note: `${zod.toFixed(0)} ms, ${inCpu('zodHealth')}: zod and @hono/zod-openapi, which every route of the api is declared with` });
} finally {
  await Promise.all([rm(scratch, { recursive: true, force: true }), rm(bundled.outdir, { recursive: true, force: true }), rm(runtimeSdk.outdir, { recursive: true, force: true })]);
}
printTable(rows);
const missed = rows.filter((r) => !r.ok);
if (missed.length > 0) {
  console.log(`\n${missed.length} target(s) missed:\n${missed.map((r) => `  - ${r.name}: ${r.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${r.unit} (target ${r.target})`).join('\n')}`);
  process.exitCode = 1;
}
