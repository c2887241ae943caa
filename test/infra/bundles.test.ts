/**
 * The template and the code agree: each esbuild bundle the synth produced runs in a Node process of its own
 * with exactly the environment the template gives its function (plus what the Lambda runtime sets), against
 * dynalite and a local stand-in for EventBridge Scheduler and Secrets Manager. Every AWS call it makes must be
 * allowed by the role the template gives it, and everything the alarms read must be what it emits.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatonApp } from '../../infra/lib/app.js';
import { bundleFiles } from '../../infra/lib/assembly.js';
import { LOG_SIGNALS, METRICS } from '../../infra/lib/signals.js';
import { DynamoDbMatrixStore } from '../../lambdas/adapters/dynamodb/matrix-store.js';
import { DynamoDbTenantDirectory } from '../../lambdas/adapters/dynamodb/tenant-directory.js';
import { hashApiKey } from '../../lambdas/http/auth.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import { ACCOUNT, REGION, startAwsStandIn, type AwsStandIn } from '../support/aws-stand-in.js';
import { KEYS, exampleMatrix, handoffBody, openBody } from '../support/baton.js';
import { allows, localResolver, type Statement } from '../support/cfn-local.js';
import { startBundle, type BundleProcess } from '../support/lambda-bundle.js';

const STAGE = 'test';
const SLACK_SECRET = 'baton/test/slack-token';
const ROLES = ['api', 'deadline', 'sweeper'] as const;
type Role = (typeof ROLES)[number];
type Resource = { Type: string; Properties: Record<string, unknown> };

/** What the Lambda runtime itself sets. */
const RUNTIME_VARIABLES = /^(AWS_|_X_AMZN_TRACE_ID$|_HANDLER$|LAMBDA_|TZ$|PATH$)/;

/** Baton's own code in a bundle (not its dependencies), from the source map esbuild wrote beside it. */
async function ownSources(file: string): Promise<string> {
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as { sources: string[]; sourcesContent: string[] };
  return map.sources.flatMap((source, i) => (/(^|\/)node_modules\//.test(source) ? [] : [map.sourcesContent[i]!])).join('\n');
}

/** The environment variables code reads by name: `process.env.X`, `process.env['X']`, or through a `required('X')` helper. */
const envReadsIn = (code: string) => [...new Set([...code.matchAll(/process\.env(?:\.|\[['"])([A-Z][A-Z0-9_]*)|required\(['"]([A-Z][A-Z0-9_]*)['"]\)/g)].map((m) => (m[1] ?? m[2])!))];

let outdir: string;
let template: { Resources: Record<string, Resource> };
let db: EmbeddedDynamoDb;
let resolve: (value: unknown) => unknown;
const fns = {} as Record<Role, { resource: Resource; file: string; env: Record<string, string> }>;
const standIns = {} as Record<Role, AwsStandIn>;
const bundles = {} as Record<Role, BundleProcess>;

function apiEvent(method: string, target: string, body?: unknown, key: string | null = KEYS.acme): APIGatewayProxyEventV2 {
  const url = new URL(target, 'https://api.local');
  const query = Object.fromEntries(url.searchParams);
  return {
    version: '2.0',
    routeKey: `${method} ${url.pathname}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    requestContext: {
      accountId: ACCOUNT, apiId: 'local', domainName: 'api.local', domainPrefix: 'api', requestId: `r-${Math.random()}`, routeKey: `${method} ${url.pathname}`, stage: '$default', time: '', timeEpoch: 0,
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bundle-test' },
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

/** What the Node.js runtime sets in every function, and (locally only) where the SDK's calls go. */
function runtimeEnv(resource: Resource, file: string, endpoint: string): Record<string, string> {
  const name = String(resource.Properties.FunctionName);
  return {
    AWS_REGION: REGION, AWS_DEFAULT_REGION: REGION, // The role's credentials; locally the embedded store's per-start ones, which it insists on.
    AWS_ACCESS_KEY_ID: db.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: db.credentials.secretAccessKey, AWS_SESSION_TOKEN: 'local',
    AWS_LAMBDA_FUNCTION_NAME: name, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(resource.Properties.MemorySize), AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`, AWS_LAMBDA_LOG_STREAM_NAME: 'local', AWS_EXECUTION_ENV: `AWS_Lambda_${String(resource.Properties.Runtime)}`,
    LAMBDA_TASK_ROOT: dirname(file), _HANDLER: String(resource.Properties.Handler), TZ: ':UTC', PATH: process.env.PATH ?? '',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_ENDPOINT_URL_SCHEDULER: endpoint, AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
    // Lambda runs Node 22; this machine runs 20, on which the SDK warns.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

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
  outdir = await mkdtemp(join(tmpdir(), 'baton-assembly-'));
  const { app, stack } = createBatonApp({ outdir, builtinCloudFormationValidation: false, context: { stage: STAGE, slackTokenSecret: SLACK_SECRET } });
  app.synth();
  template = JSON.parse(await readFile(join(outdir, stack.templateFile), 'utf8'));
  const files = await bundleFiles(outdir, stack);

  db = await startEmbeddedDynamoDb();
  await new DynamoDbTenantDirectory(db.client, db.tableName).register(hashApiKey(KEYS.acme), { tenant: 'acme', scope: 'tenant', label: 'bundle test', at: new Date().toISOString() });
  // Without channels: no delivery leaves the machine (the Slack token is configured, so Slack would be called).
  const document = await exampleMatrix();
  document.teams = (document.teams as Array<Record<string, unknown>>).map(({ channels: _channels, ...team }) => team);
  await new DynamoDbMatrixStore(db.client, db.tableName).activate('acme', { document, createdAt: new Date().toISOString(), createdBy: 'bundle-test' });

  resolve = localResolver(template, { [idOf('AWS::DynamoDB::GlobalTable')]: { ref: db.tableName, arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${db.tableName}` } });
  await Promise.all(
    ROLES.map(async (role) => {
      const [, resource] = byName(`baton-${STAGE}-${role}`);
      const file = files[`baton-${STAGE}-${role}`]!;
      const env = resolve((resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables) as Record<string, string>;
      standIns[role] = await startAwsStandIn(db.endpoint, { [SLACK_SECRET]: 'xoxb-local-test-token' });
      fns[role] = { resource, file, env };
      bundles[role] = await startBundle(file, { ...env, ...runtimeEnv(resource, file, standIns[role].endpoint) }, 15_000);
    }),
  );
}, 180_000);

afterAll(async () => {
  await Promise.all(ROLES.map((role) => bundles[role]?.stop()));
  await Promise.all(ROLES.map((role) => standIns[role]?.close()));
  await db?.close();
  if (outdir) await rm(outdir, { recursive: true, force: true });
});

describe('the bundles synth produced, run with the template’s environment', () => {
  it('answer the health check through an API Gateway v2 event', async () => {
    const answer = await bundles.api.invoke<APIGatewayProxyStructuredResultV2>(apiEvent('GET', '/v1/health', undefined, null));

    expect(answer).toMatchObject({ statusCode: 200, body: '{"status":"ok"}' });
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

    for (const name of [METRICS.http2xx, METRICS.http4xx, METRICS.deadlineActedOn, METRICS.deadlineIgnored, METRICS.outboxProcessed, METRICS.outboxFailed]) {
      expect(emitted(), name).toContain(name);
    }
  });
});

describe('a variable the template does not set', () => {
  it('makes the bundle fail, naming it', async () => {
    const { resource, file, env } = fns.api;
    const { SCHEDULER_ROLE_ARN: _dropped, ...withoutRole } = env;
    const broken = await startBundle(file, { ...withoutRole, ...runtimeEnv(resource, file, standIns.api.endpoint) }, 15_000);
    try {
      await expect(broken.invoke(apiEvent('GET', '/v1/health', undefined, null))).rejects.toThrow('Missing environment variable SCHEDULER_ROLE_ARN');
    } finally {
      await broken.stop();
    }
  });
});
