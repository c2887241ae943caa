/**
 * The template and the code agree: each esbuild bundle the synth produced runs in a Node process of its own
 * with exactly the environment the template gives its function (plus what the Lambda runtime sets), against
 * dynalite and a local stand-in for EventBridge Scheduler and Secrets Manager. Every AWS call it makes must be
 * allowed by the role the template gives it, and everything the alarms read must be what it emits.
 */
import { readFile } from 'node:fs/promises';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCodeFiles } from '../../infra/lib/assembly.js';
import { LOG_SIGNALS, METRICS } from '../../infra/lib/signals.js';
import { DynamoDbMatrixStore } from '../../lambdas/adapters/dynamodb/matrix-store.js';
import { DynamoDbReportStore } from '../../lambdas/adapters/dynamodb/report-store.js';
import { isoWeek } from '../../lambdas/adapters/dynamodb/table.js';
import { digestWeek, lastDigestDue } from '../../shared/kpi/digest-schedule.js';
import { exampleMatrix, handoffBody, openBody } from '../support/baton.js';
import { allows, type Statement } from '../support/cfn-local.js';
import { ROLES, apiEvent, startDeployedBundles, type DeployedBundles, type Resource, type Role } from '../support/deployed-bundles.js';
import { startBundle } from '../support/lambda-bundle.js';
import { recordingServer } from '../support/recording-server.js';

const STAGE = 'test';
const SLACK_SECRET = 'baton/test/slack-token';

/** What the Lambda runtime itself sets. */
const RUNTIME_VARIABLES = /^(AWS_|_X_AMZN_TRACE_ID$|_HANDLER$|LAMBDA_|TZ$|PATH$)/;

/** Baton's own code in a bundle (not its dependencies), from the source maps esbuild wrote beside its files (chunks too). */
async function ownSources(file: string): Promise<string> {
  const own = new Set<string>();
  for (const code of await bundleCodeFiles(file)) {
    const map = JSON.parse(await readFile(`${code}.map`, 'utf8')) as { sources: string[]; sourcesContent: string[] };
    map.sources.forEach((source, i) => /(^|\/)node_modules\//.test(source) || own.add(map.sourcesContent[i]!));
  }
  return [...own].join('\n');
}

/** All of a bundle's code: its handler file and any chunks. */
const codeOf = async (file: string) => (await Promise.all((await bundleCodeFiles(file)).map((code) => readFile(code, 'utf8')))).join('\n');

/** The environment variables code reads by name: `process.env.X`, `process.env['X']`, or through a `required('X')` helper. */
const envReadsIn = (code: string) => [...new Set([...code.matchAll(/process\.env(?:\.|\[['"])([A-Z][A-Z0-9_]*)|required\(['"]([A-Z][A-Z0-9_]*)['"]\)/g)].map((m) => (m[1] ?? m[2])!))];

let deployed: DeployedBundles;
let template: DeployedBundles['template'];
let resolve: DeployedBundles['resolve'];
let fns: DeployedBundles['fns'];
let standIns: DeployedBundles['standIns'];
let bundles: DeployedBundles['bundles'];

const idOf = (type: string, test: (r: Resource) => boolean = () => true) => Object.keys(template.Resources).find((id) => template.Resources[id]!.Type === type && test(template.Resources[id]!))!;
const schedulerRoleId = () => idOf('AWS::IAM::Role', (r) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'));
const byName = (name: string) => Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === name)!;
const roleStatements = (roleId: string) =>
  resolve(Object.values(template.Resources).find((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))!.Properties.PolicyDocument) as { Statement: Statement[] };
const created = (role: Role) => standIns[role].calls.filter((c) => c.action === 'scheduler:CreateSchedule').map((c) => c.input as { Target: { Arn: string; RoleArn: string; Input: string; DeadLetterConfig: { Arn: string } }; GroupName: string });
const firingsOf = (role: Role, ticketId: string) => created(role).map((c) => JSON.parse(c.Target.Input) as { ticketId: string; dueAt: string; deadline: { kind: string } }).filter((f) => f.ticketId === ticketId);
const emitted = () =>
  ROLES.flatMap((role) => bundles[role].output())
    .flatMap((line) => ((line._aws as { CloudWatchMetrics?: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> } | undefined)?.CloudWatchMetrics ?? []).map((m) => ({ ...m, service: line.service })))
    .filter((m) => m.Namespace === METRICS.namespace && m.service === METRICS.service && JSON.stringify(m.Dimensions) === JSON.stringify([['service']]))
    .flatMap((m) => m.Metrics.map((metric) => metric.Name));

beforeAll(async () => {
  // The Slack token is configured (so the code reads its secret), but the matrix has no channels: no delivery leaves the machine.
  deployed = await startDeployedBundles({ stage: STAGE, context: { slackTokenSecret: SLACK_SECRET }, secrets: { [SLACK_SECRET]: 'xoxb-local-test-token' } });
  ({ template, resolve, fns, standIns, bundles } = deployed);
}, 180_000);

afterAll(() => deployed?.stop());

describe('the bundles synth produced, run with the template’s environment', () => {
  it('answer the health check through an API Gateway v2 event', async () => {
    const answer = await bundles.api.invoke<APIGatewayProxyStructuredResultV2>(apiEvent('GET', '/v1/health', undefined, null));

    expect(answer).toMatchObject({ statusCode: 200, body: '{"status":"ok"}' });
  });

  it('keep the api’s routes out of its handler file, in chunks beside it that a route’s first call loads', async () => {
    const chunks = (await bundleCodeFiles(fns.api.file)).filter((file) => file !== fns.api.file);

    // The matrix proposals' route module names its answer MatrixProposal in the OpenAPI document.
    expect(await readFile(fns.api.file, 'utf8')).not.toContain('MatrixProposal');
    expect((await Promise.all(chunks.map((file) => readFile(file, 'utf8')))).filter((code) => code.includes('MatrixProposal'))).toHaveLength(1);
  });

  it('open an escalation and schedule its deadlines in Baton’s group, at the deadline function, through the scheduler role', async () => {
    const answer = await bundles.api.invoke<APIGatewayProxyStructuredResultV2>(apiEvent('POST', '/v1/escalations', openBody('9001')));

    expect(answer.statusCode).toBe(201);
    const [deadlineId] = byName(`baton-${STAGE}-deadline`);
    expect(firingsOf('api', '9001').map((f) => f.deadline.kind)).toEqual(['sla-warning', 'sla-warning', 'sla-breach']);
    for (const input of created('api')) {
      expect(input).toMatchObject({
        GroupName: `baton-${STAGE}-deadlines`,
        Target: { Arn: resolve({ 'Fn::GetAtt': [deadlineId, 'Arn'] }), RoleArn: resolve({ 'Fn::GetAtt': [schedulerRoleId(), 'Arn'] }), DeadLetterConfig: { Arn: resolve({ 'Fn::GetAtt': [idOf('AWS::SQS::Queue'), 'Arn'] }) } },
      });
    }
  });

  it('refuse an incomplete handoff with the same field messages as the source (zod is bundled without its other locales)', async () => {
    const { nextAction: _left, ...incomplete } = handoffBody() as Record<string, unknown>;
    const answer = await bundles.api.invoke<APIGatewayProxyStructuredResultV2>(apiEvent('POST', '/v1/escalations/9001/handoffs', { ...incomplete, actor: 42 }));

    expect(answer.statusCode).toBe(400);
    const { error } = JSON.parse(String(answer.body)) as { error: { code: string; fields: Array<{ path: string; message: string }> } };
    expect(error.code).toBe('validation');
    expect(error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'actor', message: 'Invalid input: expected object, received number' })]));
    expect(error.fields.map((f) => f.path)).toContain('nextAction');
  });

  it('hand the escalation off, scheduling the acknowledgement deadline', async () => {
    const answer = await bundles.api.invoke<APIGatewayProxyStructuredResultV2>(apiEvent('POST', '/v1/escalations/9001/handoffs', handoffBody()));

    expect(answer.statusCode).toBe(201);
    expect(firingsOf('api', '9001').map((f) => f.deadline.kind)).toContain('ack-due');
  });

  it('record a Scheduler firing through the deadline bundle once it is due, and ignore it when it comes again', async () => {
    const firing = firingsOf('api', '9001').find((f) => f.deadline.kind === 'sla-warning')!;
    await bundles.deadline.setClockOffset(Date.parse(firing.dueAt) + 1_000 - Date.now());

    const first = await bundles.deadline.invoke(firing);
    const again = await bundles.deadline.invoke(firing);

    expect(first).toEqual({ recorded: 1 });
    expect(again).toEqual({ recorded: 0 });
  });

  it('redo, through the sweeper bundle, a schedule the scheduler refused after the commit (the failure logged as the alarm counts it)', async () => {
    standIns.api.failSchedules((name) => name.startsWith('9002.'));
    const answer = await bundles.api.invoke<APIGatewayProxyStructuredResultV2>(apiEvent('POST', '/v1/escalations', openBody('9002')));
    standIns.api.failSchedules(() => false);
    await bundles.sweeper.setClockOffset(5 * 60_000);

    const swept = await bundles.sweeper.invoke<{ processed: number; failed: number }>({ source: 'aws.events', 'detail-type': 'Scheduled Event' });

    expect(answer.statusCode).toBe(201);
    expect(bundles.api.output()).toContainEqual(expect.objectContaining({ level: 'WARN', message: LOG_SIGNALS.scheduleCallFailed.message, service: METRICS.service }));
    expect(swept.failed).toBe(0);
    expect(firingsOf('sweeper', '9002').map((f) => f.deadline.kind)).toEqual(['sla-warning', 'sla-warning', 'sla-breach']);
  });

  it('serve the weekly review through the reports bundle, its XLSX register included (exceljs is in that bundle only)', async () => {
    const week = isoWeek(new Date());
    const json = await bundles.reports.invoke<APIGatewayProxyStructuredResultV2>(apiEvent('GET', `/v1/reports/weekly?week=${week}`));
    const xlsx = await bundles.reports.invoke<APIGatewayProxyStructuredResultV2>(apiEvent('GET', `/v1/reports/weekly?week=${week}&format=xlsx`));

    expect(json.statusCode).toBe(200);
    expect(JSON.parse(String(json.body))).toMatchObject({ week });
    expect(xlsx).toMatchObject({ statusCode: 200, isBase64Encoded: true });
    // An XLSX file is a zip: it starts with "PK\x03\x04".
    expect(Buffer.from(String(xlsx.body), 'base64').subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    // exceljs's own part names: in the reports bundle, not in the api's (which leaves it out, as it never writes XLSX).
    expect(await codeOf(fns.reports.file)).toContain('xl/workbook.xml');
    expect(await codeOf(fns.api.file)).not.toContain('xl/workbook.xml');
  });

  it('keep what is imported on demand out of each handler file, in chunks its first use reads: the XLSX writer, the SDK’s other credential providers', async () => {
    /** The packages a bundle's files hold, from their source maps. */
    const packagesIn = async (files: string[]) =>
      new Set((await Promise.all(files.map(async (code) => (JSON.parse(await readFile(`${code}.map`, 'utf8')) as { sources: string[] }).sources))).flat().flatMap((source) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1] ?? []));
    // Lambda gives its functions credentials in the environment: the SSO, INI-file and web-identity providers (and the clients they call) are never read.
    const onDemand = ['@aws-sdk/credential-provider-sso', '@aws-sdk/credential-provider-ini', '@aws-sdk/credential-provider-web-identity', '@aws-sdk/nested-clients'];
    for (const role of ROLES) {
      const handlerFile = await packagesIn([fns[role].file]);
      const chunks = await packagesIn((await bundleCodeFiles(fns[role].file)).filter((file) => file !== fns[role].file));

      expect(onDemand.filter((name) => handlerFile.has(name)), role).toEqual([]);
      expect(onDemand.filter((name) => chunks.has(name)), role).toEqual(onDemand);
    }
    expect(await readFile(fns.reports.file, 'utf8')).not.toContain('xl/workbook.xml');
  });

  it('leave out bowser, which the bundled AWS SDK imports only in browsers (every bundle above runs without it)', async () => {
    for (const role of ROLES) {
      const maps = await Promise.all((await bundleCodeFiles(fns[role].file)).map(async (code) => (JSON.parse(await readFile(`${code}.map`, 'utf8')) as { sources: string[] }).sources));
      expect(maps.flat().filter((source) => /node_modules\/bowser\//.test(source)), role).toEqual([]);
    }
  });

  it('post a tenant’s weekly digest through the weekly bundle once it falls due, once', async () => {
    const hook = recordingServer({ status: 202 });
    const url = await hook.start();
    try {
      // A new matrix version whose coordinator teams post to Teams (a local recording server), the digest at Monday 08:30.
      const document = await exampleMatrix();
      document.teams = (document.teams as Array<Record<string, unknown>>).map(({ channels: _channels, ...team }) => (team.id === 'service-desk' || team.id === 'msp-noc' ? { ...team, channels: { teams: `${url}/${String(team.id)}` } } : team));
      await new DynamoDbMatrixStore(deployed.db.client, deployed.db.tableName).activate('acme', { document, createdAt: new Date().toISOString(), createdBy: 'bundle-run' });
      const due = lastDigestDue('08:30', 'Europe/London', Date.now() + 7 * 86_400_000);
      await bundles.weekly.setClockOffset(due + 5 * 60_000 - Date.now());

      const first = await bundles.weekly.invoke({ source: 'aws.events', 'detail-type': 'Scheduled Event' });
      const again = await bundles.weekly.invoke({ source: 'aws.events', 'detail-type': 'Scheduled Event' });

      expect(first).toEqual({ due: 1, posted: 1, failed: 0 });
      expect(again).toEqual({ due: 0, posted: 0, failed: 0 });
      expect(hook.requests.map((r) => r.url).sort()).toEqual(['/msp-noc', '/service-desk']);
      const week = digestWeek(due, 'Europe/London');
      expect(JSON.stringify(hook.requests[0]!.body)).toContain(`Weekly co-managed ops review: ${week}`);
      const record = await new DynamoDbReportStore(deployed.db.client, deployed.db.tableName).digest('acme', week);
      expect(record?.deliveries.map((d) => `${d.team}:${d.status}`).sort()).toEqual(['msp-noc:sent', 'service-desk:sent']);
    } finally {
      await hook.stop();
    }
  });

  it('make only AWS calls their role in the template allows', async () => {
    const listed = await bundles.api.invoke<APIGatewayProxyStructuredResultV2>(apiEvent('GET', '/v1/escalations?state=open'));
    expect(JSON.parse(String(listed.body)).items.map((i: { ticketId: string }) => i.ticketId).sort()).toEqual(['9001', '9002']);
    for (const role of ROLES) {
      const roleId = (fns[role].resource.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const { Statement } = roleStatements(roleId);
      const refused = standIns[role].calls.filter((call) => !allows(Statement, call.action, call.resource, call.input as Record<string, string>));

      expect(standIns[role].calls.length, role).toBeGreaterThan(0);
      expect(refused.map((c) => `${c.action} ${c.resource}`), role).toEqual([]);
    }
  });

  it('hand Scheduler targets its role may invoke, and a dead-letter queue it may send to', () => {
    const { Statement } = roleStatements(schedulerRoleId());
    const inputs = [...created('api'), ...created('sweeper')];

    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      expect(allows(Statement, 'lambda:InvokeFunction', input.Target.Arn)).toBe(true);
      expect(allows(Statement, 'sqs:SendMessage', input.Target.DeadLetterConfig.Arn)).toBe(true);
    }
  });

  it('read no variable of Baton’s own that the template leaves unset, and start without error', async () => {
    for (const role of ROLES) {
      const set = new Set(Object.keys(fns[role].env));
      const own = await ownSources(fns[role].file);
      const { unsetReads, initErrors } = await bundles[role].report();

      // Read in the bundled code (static), and read while it ran but unset (dynamic; libraries read many of their own).
      expect(envReadsIn(own), role).toContain('TABLE_NAME');
      expect(envReadsIn(own).filter((name) => !set.has(name) && !RUNTIME_VARIABLES.test(name)), role).toEqual([]);
      expect(unsetReads.filter((name) => new RegExp(`\\b${name}\\b`).test(own)), role).toEqual([]);
      expect(initErrors, role).toEqual([]);
    }
  });

  it('emit every metric the alarms and the dashboard read, under their namespace and service', async () => {
    await bundles.api.invoke(apiEvent('GET', '/v1/escalations', undefined, null));

    for (const name of [METRICS.http2xx, METRICS.http4xx, METRICS.deadlineActedOn, METRICS.deadlineIgnored, METRICS.outboxProcessed, METRICS.outboxFailed, METRICS.digestsDue, METRICS.digestsPosted, METRICS.digestsFailed]) {
      expect(emitted(), name).toContain(name);
    }
  });
});

describe('a variable the template does not set', () => {
  it('makes the bundle fail, naming it', async () => {
    const { resource, file, env } = fns.api;
    const { SCHEDULER_ROLE_ARN: _dropped, ...withoutRole } = env;
    const broken = await startBundle(file, { ...withoutRole, ...deployed.runtimeEnv({ resource, file, env }, standIns.api.endpoint) }, 15_000);
    try {
      await expect(broken.invoke(apiEvent('GET', '/v1/health', undefined, null))).rejects.toThrow('Missing environment variable SCHEDULER_ROLE_ARN');
    } finally {
      await broken.stop();
    }
  });
});
