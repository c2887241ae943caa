// What an escalation costs on AWS: a typical lifecycle driven through the bundles synth produces (the api, deadline
// and sweeper functions with the template's environment, on dynalite; Scheduler and Secrets Manager stand-ins), every
// AWS call counted where the SDK sends it, DynamoDB capacity measured from the item sizes (indexes included), and
// priced at public on-demand prices. Part of `npm run bench`; about 30 s.
import { lastDigestDue } from '../shared/kpi/digest-schedule.js';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { tableDefinition } from '../lambdas/adapters/dynamodb/table.js';
import { deadlineFiringSchema } from '../lambdas/app/background.js';
import type { DeadlineFiring } from '../shared/ports.js';
import { handoffBody, openBody } from '../test/support/baton.js';
import { ROLES, apiEvent, startDeployedBundles, type DeployedBundles, type Role } from '../test/support/deployed-bundles.js';
import { printTable, type BenchRow } from './table.js';

/**
 * Public on-demand list prices, US East (N. Virginia), in USD, as last checked (2025-06; this machine has no network
 * to check them again): DynamoDB after its November 2024 cut, Lambda on arm64, HTTP APIs. Free tiers are left out.
 * EventBridge Scheduler bills invocations; its API calls (Create/Get/DeleteSchedule) carry no charge, only quotas.
 */
const PRICES = {
  checked: '2025-06',
  dynamoDbWriteUnit: 0.625 / 1e6,
  dynamoDbReadUnit: 0.125 / 1e6,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecondArm: 0.0000133334,
  httpApiRequest: 1.0 / 1e6,
  schedulerInvocation: 1.0 / 1e6,
  secretsManagerCall: 0.05 / 1e4,
  logsIngestedGb: 0.5,
  xRayTrace: 5.0 / 1e6,
} as const;

const TARGET_PER_1000 = 0.1;
const ESCALATIONS = Number(process.env.BENCH_COST_ESCALATIONS ?? 10);
const MINUTE = 60_000;
/** Sweeps a month (one a minute, 30 days): the sweeper's cost whatever the volume. */
const SWEEPS_A_MONTH = 30 * 24 * 60;
/** Weekly-digest ticks a month (one every 15 minutes, 30 days): nearly all find nothing due. */
const DIGEST_TICKS_A_MONTH = 30 * 24 * 4;

interface Usage {
  readUnits: number;
  writeUnits: number;
  dynamoDbCalls: number;
  createSchedule: number;
  getSchedule: number;
  deleteSchedule: number;
  secretCalls: number;
  invocations: Record<Role, number>;
  gbSeconds: number;
  apiRequests: number;
  schedulerInvocations: number;
  logBytes: number;
}

const emptyUsage = (): Usage => ({ readUnits: 0, writeUnits: 0, dynamoDbCalls: 0, createSchedule: 0, getSchedule: 0, deleteSchedule: 0, secretCalls: 0, invocations: { api: 0, reports: 0, deadline: 0, sweeper: 0, weekly: 0 }, gbSeconds: 0, apiRequests: 0, schedulerInvocations: 0, logBytes: 0 });

/** `a + factor × b`, figure by figure. */
function added(a: Usage, b: Usage, factor = 1): Usage {
  const out = { ...a, invocations: { ...a.invocations } };
  for (const role of ROLES) out.invocations[role] += factor * b.invocations[role];
  for (const key of Object.keys(a) as Array<Exclude<keyof Usage, 'invocations'>>) if (key !== ('invocations' as string)) out[key] += factor * b[key];
  return out;
}

/** Counts what the bundles do between two moments: AWS calls from the stand-ins' records, invocations and their billed time here. */
class Meter {
  private marks = { calls: {} as Record<Role, number>, log: {} as Record<Role, number> };
  usage = emptyUsage();
  constructor(private readonly deployed: DeployedBundles) {}

  start(): void {
    this.usage = emptyUsage();
    for (const role of ROLES) {
      this.marks.calls[role] = this.deployed.standIns[role].calls.length;
      this.marks.log[role] = this.deployed.bundles[role].output().length;
    }
  }

  async invoke<T>(role: Role, event: unknown): Promise<T> {
    const started = performance.now();
    const result = await this.deployed.bundles[role].invoke<T>(event);
    // Billed in 1 ms steps, at the memory the template gives the function.
    const ms = Math.ceil(performance.now() - started);
    this.usage.gbSeconds += (ms / 1000) * (Number(this.deployed.fns[role].resource.Properties.MemorySize) / 1024);
    this.usage.invocations[role] += 1;
    if (role === 'api') this.usage.apiRequests += 1;
    if (role === 'deadline') this.usage.schedulerInvocations += 1;
    return result;
  }

  stop(): Usage {
    for (const role of ROLES) {
      for (const call of this.deployed.standIns[role].calls.slice(this.marks.calls[role])) {
        if (call.action.startsWith('dynamodb:')) {
          this.usage.dynamoDbCalls += 1;
          this.usage.readUnits += call.units?.read ?? 0;
          this.usage.writeUnits += call.units?.write ?? 0;
        }
        if (call.action === 'scheduler:CreateSchedule') this.usage.createSchedule += 1;
        if (call.action === 'scheduler:GetSchedule') this.usage.getSchedule += 1;
        if (call.action === 'scheduler:DeleteSchedule') this.usage.deleteSchedule += 1;
        if (call.action === 'secretsmanager:GetSecretValue') this.usage.secretCalls += 1;
      }
      // CloudWatch Logs bills what the function writes (one event per line) plus 26 bytes of overhead per event.
      this.usage.logBytes += this.deployed.bundles[role].output().slice(this.marks.log[role]).reduce((sum, line) => sum + JSON.stringify(line).length + 26, 0);
    }
    return this.usage;
  }
}

/** Dollars for one unit of usage, by line of the bill; X-Ray only when the template turns tracing on. */
function bill(u: Usage, traced: boolean): Record<string, number> {
  const invocations = ROLES.reduce((sum, role) => sum + u.invocations[role], 0);
  return {
    'DynamoDB writes': u.writeUnits * PRICES.dynamoDbWriteUnit,
    'DynamoDB reads': u.readUnits * PRICES.dynamoDbReadUnit,
    'Lambda requests': invocations * PRICES.lambdaRequest,
    'Lambda compute': u.gbSeconds * PRICES.lambdaGbSecondArm,
    'HTTP API requests': u.apiRequests * PRICES.httpApiRequest,
    'Scheduler invocations': u.schedulerInvocations * PRICES.schedulerInvocation,
    'Secrets Manager calls': u.secretCalls * PRICES.secretsManagerCall,
    'CloudWatch Logs': (u.logBytes / 1024 ** 3) * PRICES.logsIngestedGb,
    ...(traced ? { 'X-Ray traces (all sampled)': xRay(u) } : {}),
  };
}

/** Active tracing samples the first request each second and 5 % after it: at Baton's volumes nearly every invocation. */
const xRay = (u: Usage) => ROLES.reduce((sum, role) => sum + u.invocations[role], 0) * PRICES.xRayTrace;

const total = (lines: Record<string, number>) => Object.values(lines).reduce((a, b) => a + b, 0);

type ViewAnswer = { handoffs: Array<{ id: string; status: string }> };

/**
 * One escalation as agents work it in the sidebar (a GET of the view on each load): open; hand off; the receiving
 * team rejects it; hand off again; acknowledged; hand off to a third team; acknowledged; the SLA warnings fire; then
 * resolved before the breach, or breached first. Ends with the sweeper's pass.
 */
async function lifecycle(deployed: DeployedBundles, meter: Meter, ticketId: string, breach: boolean): Promise<void> {
  const api = async (method: string, path: string, body?: unknown, expected = [200, 201]) => {
    const answer = await meter.invoke<APIGatewayProxyStructuredResultV2>('api', apiEvent(method, path, body));
    if (!expected.includes(answer.statusCode ?? 0)) throw new Error(`${method} ${path} answered ${answer.statusCode}: ${String(answer.body)}\n${JSON.stringify(deployed.bundles.api.output().slice(-3))}`);
    return JSON.parse(String(answer.body)) as ViewAnswer;
  };
  const view = () => api('GET', `/v1/escalations/${ticketId}`);
  const pendingHandoff = async () => (await view()).handoffs.find((h) => h.status === 'pending')!.id;
  const openedAt = Date.now();
  await deployed.bundles.api.setClockOffset(0);

  await api('GET', `/v1/escalations/${ticketId}`, undefined, [404]);
  await api('POST', '/v1/escalations', openBody(ticketId));
  await view();
  await api('POST', `/v1/escalations/${ticketId}/handoffs`, handoffBody({ nextActionDueAt: new Date(openedAt + 60 * MINUTE).toISOString() }));
  await api('POST', `/v1/escalations/${ticketId}/handoffs/${await pendingHandoff()}/reject`, { actor: { id: 'agent-carla' }, reason: 'missing-information', note: 'No switch logs attached' });
  await view();
  await api('POST', `/v1/escalations/${ticketId}/handoffs`, handoffBody({ nextActionDueAt: new Date(openedAt + 60 * MINUTE).toISOString() }));
  await api('POST', `/v1/escalations/${ticketId}/handoffs/${await pendingHandoff()}/acknowledge`, { actor: { id: 'agent-carla' } });
  await view();
  await api('POST', `/v1/escalations/${ticketId}/handoffs`, handoffBody({ toTeam: 'msp-l2', actor: { id: 'agent-carla' }, nextActionDueAt: new Date(openedAt + 120 * MINUTE).toISOString() }));
  await api('POST', `/v1/escalations/${ticketId}/handoffs/${await pendingHandoff()}/acknowledge`, { actor: { id: 'agent-mia' } });
  await view();

  // The scheduler fires each schedule still standing when it falls due (acknowledged handoffs deleted theirs).
  const resolveAt = openedAt + (breach ? 250 : 210) * MINUTE;
  for (const firing of standingFirings(deployed, ticketId).filter((f) => Date.parse(f.dueAt) <= resolveAt)) {
    await deployed.bundles.deadline.setClockOffset(Date.parse(firing.dueAt) + 1_000 - Date.now());
    await meter.invoke('deadline', firing);
  }
  await deployed.bundles.api.setClockOffset(resolveAt - Date.now());
  await api('POST', `/v1/escalations/${ticketId}/resolve`, { actor: { id: 'agent-mia' }, resolution: 'Replaced the branch core switch' });
  await view();
  await deployed.bundles.sweeper.setClockOffset(resolveAt + 2 * MINUTE - Date.now());
  await meter.invoke('sweeper', { source: 'aws.events', 'detail-type': 'Scheduled Event' });
}

/** The firings of this ticket's schedules that were created and not deleted since, as the scheduler would deliver them. */
function standingFirings(deployed: DeployedBundles, ticketId: string): DeadlineFiring[] {
  const calls = ROLES.flatMap((role) => deployed.standIns[role].calls);
  const deleted = new Set(calls.filter((c) => c.action === 'scheduler:DeleteSchedule').map((c) => c.resource));
  return calls
    .filter((c) => c.action === 'scheduler:CreateSchedule' && !deleted.has(c.resource))
    .map((c) => deadlineFiringSchema.parse(JSON.parse((c.input.Target as { Input: string }).Input)))
    .filter((f) => f.ticketId === ticketId)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

const definition = tableDefinition('baton');
const deployed = await startDeployedBundles({
  stage: 'bench',
  standIn: { capacity: { tableKeys: definition.KeySchema!.map((k) => k.AttributeName!), indexes: definition.GlobalSecondaryIndexes! } },
});
const rows: BenchRow[] = [];
const traced = (deployed.fns.api.resource.Properties.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active';
try {
  const meter = new Meter(deployed);
  // A first escalation warms the functions (cold starts are a few per hour at this volume, not per escalation).
  meter.start();
  await lifecycle(deployed, meter, 'cost-warmup', false);
  meter.stop();

  for (const breach of [false, true]) {
    let sum = emptyUsage();
    for (let i = 0; i < ESCALATIONS; i++) {
      meter.start();
      await lifecycle(deployed, meter, `cost-${breach ? 'b' : 'r'}-${i}`, breach);
      sum = added(sum, meter.stop());
    }
    const each = added(emptyUsage(), sum, 1 / ESCALATIONS);
    const perEscalation = bill(each, traced);
    const label = breach ? 'breached, then resolved' : 'resolved in time';
    rows.push({ name: `escalation ${label}: AWS calls`, value: each.dynamoDbCalls + each.createSchedule + each.getSchedule + each.deleteSchedule + each.secretCalls, unit: 'calls', target: 'informational', ok: true, note: `DynamoDB ${each.dynamoDbCalls}, Create/Get/DeleteSchedule ${each.createSchedule}/${each.getSchedule}/${each.deleteSchedule}; invocations: ${each.invocations.api} api, ${each.invocations.deadline} deadline, ${each.invocations.sweeper} sweeper` });
    rows.push({ name: `escalation ${label}: DynamoDB units`, value: each.writeUnits + each.readUnits, unit: 'units', target: 'informational', ok: true, note: `${+each.writeUnits.toFixed(1)} write, ${+each.readUnits.toFixed(1)} read (indexes included); ${(each.gbSeconds * 1000).toFixed(0)} GB-ms of Lambda` });
    for (const [line, dollars] of Object.entries(perEscalation)) rows.push({ name: `  ${line}, per 1,000`, value: dollars * 1000, unit: 'USD', digits: 4, target: 'informational', ok: true });
    rows.push({ name: `cost per 1,000 escalations, ${label}`, value: total(perEscalation) * 1000, unit: 'USD', digits: 4, target: `< ${TARGET_PER_1000}`, ok: total(perEscalation) * 1000 < TARGET_PER_1000, note: `prices: us-east-1 on-demand, checked ${PRICES.checked}` });
    if (!traced) rows.push({ name: `  with -c tracing=true, X-Ray adds`, value: xRay(each) * 1000, unit: 'USD', digits: 4, target: 'informational', ok: true, note: 'tracing is off by default (DEFAULTS.tracing)' });
  }

  // At most one CreateSchedule per deadline: a schedule's name is its deadline.
  const creates = ROLES.flatMap((role) => deployed.standIns[role].calls).filter((c) => c.action === 'scheduler:CreateSchedule').map((c) => c.resource);
  const most = Math.max(...[...creates.reduce((m, r) => m.set(r, (m.get(r) ?? 0) + 1), new Map<string, number>()).values()]);
  rows.push({ name: 'CreateSchedule calls for one deadline, at most', value: most, unit: 'calls', target: '<= 1', ok: most <= 1, note: `${creates.length} deadlines scheduled in the run` });

  // The sweeper runs every minute whatever the volume: its cost is per stage and month, not per escalation.
  meter.start();
  await meter.invoke('sweeper', { source: 'aws.events', 'detail-type': 'Scheduled Event' });
  const idle = meter.stop();
  const idleMonth = total(bill(idle, traced)) * SWEEPS_A_MONTH;
  rows.push({ name: 'sweeper with nothing to do, a month', value: idleMonth, unit: 'USD', digits: 2, target: 'informational', ok: true, note: `${idle.dynamoDbCalls} DynamoDB calls (${idle.readUnits} read units) a sweep, ${SWEEPS_A_MONTH.toLocaleString('en-US')} sweeps` });

  // The weekly function ticks every 15 minutes; outside Monday mornings it finds nothing due: a Thursday's tick.
  await deployed.bundles.weekly.setClockOffset(lastDigestDue('08:30', 'Europe/London', Date.now()) + 3 * 24 * 60 * MINUTE - Date.now());
  meter.start();
  await meter.invoke('weekly', { source: 'aws.events', 'detail-type': 'Scheduled Event' });
  const tick = meter.stop();
  const tickMonth = total(bill(tick, traced)) * DIGEST_TICKS_A_MONTH;
  rows.push({ name: 'weekly digest ticks with nothing due, a month', value: tickMonth, unit: 'USD', digits: 2, target: 'informational', ok: true, note: `${tick.dynamoDbCalls} DynamoDB calls (${tick.readUnits} read units) a tick per tenant, ${DIGEST_TICKS_A_MONTH.toLocaleString('en-US')} ticks` });
} finally {
  await deployed.stop();
}
printTable(rows);
const missed = rows.filter((r) => !r.ok);
if (missed.length > 0) {
  console.log(`\n${missed.length} target(s) missed:\n${missed.map((r) => `  - ${r.name}: ${r.value} ${r.unit} (target ${r.target})`).join('\n')}`);
  process.exitCode = 1;
}
