/** Baton on one machine: the same handlers and application code as on AWS, with embedded adapters. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dueDeadlines } from '../../shared/escalation/deadlines.js';
import { parseMatrixText, type LocatedFinding } from '../../shared/matrix/load.js';
import { compileMatrix } from '../../shared/matrix/matrix.js';
import type { MatrixDocument } from '../../shared/matrix/schema.js';
import type { ApiKey, Clock, DeadlineScheduler, KeyScope, TicketSystem } from '../../shared/ports.js';
import { fireDeadline, sweepOutboxes } from '../app/background.js';
import { postDueDigests } from '../app/reports/digest.js';
import type { AppDeps } from '../app/deps.js';
import { EscalationService } from '../app/escalations.js';
import type { Log } from '../app/log.js';
import { TaskQueue } from '../app/tasks.js';
import { ManualClock, systemClock } from '../adapters/clock.js';
import { FreshserviceTicketSystem } from '../adapters/freshservice.js';
import { OutboxFileNotifier } from '../adapters/notify/outbox-file.js';
import { createHttpHandler } from '../http/lambda.js';
import { buildAppDeps } from '../wiring/app-deps.js';
import { DEFAULT_LABELS, type LocalConfig } from './config.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from './embedded-dynamodb.js';
import { createAppPages } from './fdk/app-pages.js';
import { serveLocally } from './http-server.js';
import { latestCommitAt, manualClockStart } from './latest-commit.js';
import { CachedEscalationStore } from './cached-escalation-store.js';
import { registerOnly } from './local-keys.js';
import { LocalDeadlineScheduler } from './local-scheduler.js';
import { activateMatrixFile } from './matrix-file.js';
import { localSecret } from './secrets.js';

export const DEFAULT_MATRIX = 'examples/matrix.example.yaml';
/** How often local mode sweeps outboxes on the system clock (the manual clock sweeps when moved). */
export const SWEEP_INTERVAL_MS = 10_000;

export interface LocalBaton {
  url: string;
  /** The index of the Freshservice app in local mode: pick a ticket and an agent, open the sidebar. */
  appUrl: string;
  tenants: Array<{ tenant: string; key: string; generated: boolean }>;
  /** Every key and webhook secret that works, described (id, tenant, scope, label, createdAt), for the start-up table. */
  keys: ApiKey[];
  /** Each tenant's Freshservice webhook secret. */
  webhookSecrets: Record<string, string>;
  clock: Clock;
  notificationsFile: string;
  scheduler: LocalDeadlineScheduler;
  service: EscalationService;
  deps: AppDeps;
  tasks: TaskQueue;
  stop(): Promise<void>;
}

/**
 * Test seam: integration tests wrap the store's client or the scheduler to make them fail on demand
 * (a store outage, a scheduler that fails after the commit). `npm start` never passes it.
 * @example await startBaton(config, silentLog, { wrapScheduler: (s) => ({ schedule: () => Promise.reject(new Error('down')), cancel: (d) => s.cancel(d), isScheduled: (d) => s.isScheduled(d) }) })
 */
export interface LocalFaults {
  /** Wraps the scheduler the application calls; the local agenda (`LocalBaton.scheduler`) stays unwrapped. */
  wrapScheduler?(scheduler: DeadlineScheduler): DeadlineScheduler;
  /** Wraps (or adds middleware to) the DynamoDB client every store uses. */
  wrapDynamoDb?(client: DynamoDBDocumentClient): DynamoDBDocumentClient;
  /** How long the Teams notifier waits for an answer (a test of a hanging endpoint need not wait the real 5 s). */
  teamsTimeoutMs?: number;
}

const located = (path: string, f: LocatedFinding) => `${path}:${f.line ?? '?'}:${f.column ?? '?'}  ${f.severity}  ${f.code}  ${f.message}`;

/**
 * Reads the matrix to activate. Errors refuse it (naming each at FILE:LINE:COL); risks (gaps, conflicts)
 * activate and are logged as warnings, since their escalations will go to the fallback owner; warnings are advice, not logged.
 */
async function loadMatrix(path: string, log: Log): Promise<MatrixDocument> {
  const parsed = parseMatrixText(await readFile(path, 'utf8'));
  const errors = parsed.findings.filter((f) => f.severity === 'error');
  if (!parsed.document || errors.length > 0) {
    throw new Error(`The matrix ${path} has errors and cannot be activated (run: npm run matrix:lint -- ${path}):\n${errors.map((f) => `  ${located(path, f)}`).join('\n')}`);
  }
  const risks = parsed.findings.filter((f) => f.severity === 'risk');
  if (risks.length > 0) {
    const fallback = compileMatrix(parsed.document, 'start').fallbackOwner().id;
    log.warn(`The matrix ${path} has ${risks.length} risk(s) (gaps or conflicts) and is activated anyway: an escalation they decide goes to the fallback owner "${fallback}" and records an ownership.ambiguous incident.`);
    for (const f of risks) log.warn(located(path, f));
  }
  return parsed.document;
}

/**
 * The manual clock at the later of BATON_CLOCK_START (or now) and the data folder's latest recorded event,
 * so a restart never sets it behind what already happened; logs when the recorded event wins.
 */
async function resumeManualClock(config: LocalConfig, db: EmbeddedDynamoDb, log: Log): Promise<ManualClock> {
  try {
    const start = manualClockStart(config.BATON_CLOCK_START, new Date(), await latestCommitAt(db.client, db.tableName));
    if (start.note) log.info(start.note);
    return new ManualClock(start.at);
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** The party ids of a matrix document (validated by loadMatrix). */
const matrixParties = (document: unknown): string[] => ((document as { parties?: Array<{ id: string }> }).parties ?? []).map((p) => p.id);

/**
 * Starts everything: store, scheduler, notifiers, HTTP server; recovers deadlines and outboxes left by a stop.
 * @example const baton = await startBaton(readLocalConfig(process.env), consoleLog);
 */
export async function startBaton(config: LocalConfig, log: Log, faults: LocalFaults = {}): Promise<LocalBaton> {
  const dataDir = config.BATON_DATA_DIR;
  // Owner only, also when the folder already existed (files inside get 0600 from `npm start`'s umask).
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  const db = await startEmbeddedDynamoDb({ path: join(dataDir, 'dynamodb'), thread: true });
  const client = faults.wrapDynamoDb?.(db.client) ?? db.client;
  const manual = config.BATON_CLOCK === 'manual' ? await resumeManualClock(config, db, log) : null;
  const clock: Clock = manual ?? systemClock;
  const scheduler = new LocalDeadlineScheduler(clock, manual === null);
  const tasks = new TaskQueue(log);

  // One Freshservice connection, if configured, serves every local tenant.
  const freshservice: TicketSystem | null =
    config.BATON_FRESHSERVICE_URL && config.BATON_FRESHSERVICE_API_KEY
      ? new FreshserviceTicketSystem({ baseUrl: config.BATON_FRESHSERVICE_URL, apiKey: config.BATON_FRESHSERVICE_API_KEY })
      : null;
  const notificationsFile = join(dataDir, 'notifications.jsonl');
  const outboxFile = new OutboxFileNotifier(notificationsFile, clock);

  // The manual clock's endpoint: moves time, fires what came due, sweeps (`sweep` is defined below, before any request).
  // The digest links to the app's index (where a reviewer is picked) once the server is up.
  let serverUrl: string | null = null;
  const devClock: AppDeps['config']['devClock'] = manual
    ? async (body) => {
        if ('set' in body) manual.set(new Date(body.set));
        else manual.advance(body.advanceMinutes);
        const fired = await scheduler.fireDue();
        await tasks.drain();
        await sweep();
        await tasks.drain();
        await postDigests();
        return { now: manual.now().toISOString(), fired };
      }
    : null;
  const deps = buildAppDeps({
    table: { client, name: db.tableName },
    clock,
    scheduler: faults.wrapScheduler?.(scheduler) ?? scheduler,
    background: tasks,
    log,
    ticketSystem: async () => freshservice,
    channels: {
      slack: config.BATON_SLACK_TOKEN ? { token: config.BATON_SLACK_TOKEN, ...(config.BATON_SLACK_API_URL ? { apiBaseUrl: config.BATON_SLACK_API_URL } : {}) } : null,
      teams: faults.teamsTimeoutMs === undefined ? {} : { timeoutMs: faults.teamsTimeoutMs },
      extra: [outboxFile],
    },
    cacheHistories: (store) => new CachedEscalationStore(store),
    devClock,
    reviewUrl: () => (serverUrl === null ? null : `${serverUrl}/app/`),
  });
  const service = new EscalationService(deps);
  // One sweep at a time: a long one (a backlog after a stop) is not joined by the next interval's.
  let sweeping: Promise<unknown> | undefined;
  const sweep = () =>
    (sweeping ??= sweepOutboxes(deps, service)
      .catch((error: unknown) => log.error('sweep failed', { error: String(error) }))
      .finally(() => {
        sweeping = undefined;
      }));
  // Weekly digests that fell due: checked with each sweep on the system clock, and whenever the manual clock moves.
  let digesting: Promise<unknown> | undefined;
  const postDigests = () =>
    (digesting ??= postDueDigests({ deps, service })
      .catch((error: unknown) => log.error('weekly digests failed', { error: String(error) }))
      .finally(() => {
        digesting = undefined;
      }));

  const tenants = config.BATON_API_KEYS.length > 0
    ? config.BATON_API_KEYS.map((t) => ({ ...t, generated: false }))
    : [{ tenant: 'demo', key: await localSecret(join(dataDir, 'demo-api-key'), 'baton_demo_'), label: DEFAULT_LABELS.demoKey, generated: true }];
  const matrixPath = config.BATON_MATRIX ?? DEFAULT_MATRIX;
  const document = await loadMatrix(matrixPath, log);
  const parties = new Set(matrixParties(document));
  for (const entry of tenants) {
    if ('party' in entry && entry.party !== undefined && !parties.has(entry.party)) {
      throw new Error(`BATON_API_KEYS: the key for "${entry.tenant}/${entry.party}" names a party the matrix does not have (${[...parties].join(', ')})`);
    }
  }
  // Each tenant's webhook secret: configured, or generated once and kept in the data folder.
  const webhookSecrets: Record<string, string> = {};
  for (const tenant of new Set(tenants.map((t) => t.tenant))) {
    webhookSecrets[tenant] = config.BATON_WEBHOOK_SECRETS[tenant]?.secret ?? (await localSecret(join(dataDir, `webhook-secret-${tenant}`), 'whsec_'));
  }
  // The configured (or generated) keys and secrets are the whole set: any other registered before stops working now.
  const at = clock.now().toISOString();
  const scopeOf = (t: (typeof tenants)[number]): KeyScope => ('party' in t && t.party ? `party:${t.party}` : 'tenant');
  const webhookLabel = (tenant: string) => config.BATON_WEBHOOK_SECRETS[tenant]?.label ?? DEFAULT_LABELS.webhookSecret;
  const keys = await registerOnly(deps.tenants, [
    ...tenants.map((t) => ({ secret: t.key, registration: { tenant: t.tenant, scope: scopeOf(t), label: t.label, at } })),
    ...Object.entries(webhookSecrets).map(([tenant, secret]) => ({ secret, registration: { tenant, scope: 'webhook' as const, label: webhookLabel(tenant), at } })),
  ], log);
  for (const tenant of new Set(tenants.map((t) => t.tenant))) {
    await activateMatrixFile(deps.matrices, tenant, document, matrixPath, clock.now().toISOString(), log);
  }

  // Deadlines live in the store: rebuild the agenda from every open escalation, then fire what came due while down.
  for (const tenant of new Set(tenants.map((t) => t.tenant))) {
    for (const ticketId of await deps.store.listOpen(tenant)) {
      const { state } = await service.load(tenant, ticketId);
      for (const deadline of dueDeadlines(state)) await scheduler.schedule({ ...deadline, tenant, ticketId });
    }
  }
  scheduler.start(async (firing) => (await fireDeadline(service, firing)).recorded);
  await scheduler.fireDue();
  await sweep();
  const sweeper = manual ? undefined : setInterval(() => void sweep().then(postDigests), SWEEP_INTERVAL_MS);
  sweeper?.unref();

  const handler = createHttpHandler(deps, service, tasks, { drain: false });
  // The app's pages act for the first tenant configured, with its first key, as one Freshservice installation would.
  const installed = tenants[0]!;
  const pages = createAppPages({
    deps,
    service,
    tenant: installed.tenant,
    apiKey: installed.key,
    webhookSecret: webhookSecrets[installed.tenant]!,
    callsPerMinute: config.BATON_APP_CALLS_PER_MINUTE,
    log,
  });
  const server = await serveLocally(handler, config.BATON_PORT, log, pages);
  serverUrl = server.url;
  return {
    url: server.url,
    appUrl: `${server.url}/app/`,
    tenants,
    keys,
    webhookSecrets,
    clock,
    notificationsFile,
    scheduler,
    service,
    deps,
    tasks,
    async stop() {
      clearInterval(sweeper);
      scheduler.stop();
      await server.close();
      await sweeping;
      await digesting;
      await tasks.drain();
      await outboxFile.close();
      await db.close();
    },
  };
}
