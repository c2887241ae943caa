/**
 * The stack as synth leaves it, run here: each function's esbuild bundle in a Node process of its own with exactly
 * the environment the template gives it (plus what the Lambda runtime sets), against dynalite and a local stand-in
 * for EventBridge Scheduler and Secrets Manager. Used by the bundle test and the cost benchmark.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createBatonApp } from '../../infra/lib/app.js';
import { bundleFiles } from '../../infra/lib/assembly.js';
import { DynamoDbMatrixStore } from '../../lambdas/adapters/dynamodb/matrix-store.js';
import { DynamoDbTenantDirectory } from '../../lambdas/adapters/dynamodb/tenant-directory.js';
import { hashApiKey } from '../../lambdas/http/auth.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import { ACCOUNT, REGION, startAwsStandIn, type AwsStandIn, type StandInOptions } from './aws-stand-in.js';
import { KEYS, exampleMatrix } from './baton.js';
import { cliAppProps } from './cdk.js';
import { localResolver } from './cfn-local.js';
import { startBundle, type BundleProcess } from './lambda-bundle.js';

export const ROLES = ['api', 'reports', 'deadline', 'sweeper', 'weekly'] as const;
export type Role = (typeof ROLES)[number];
export type Resource = { Type: string; Properties: Record<string, unknown> };

export interface DeployedFunction {
  resource: Resource;
  /** The bundle (index.mjs in its asset folder). */
  file: string;
  /** The environment the template gives the function, resolved for a local run. */
  env: Record<string, string>;
}

export interface DeployedBundles {
  stage: string;
  template: { Resources: Record<string, Resource> };
  db: EmbeddedDynamoDb;
  resolve: (value: unknown) => unknown;
  fns: Record<Role, DeployedFunction>;
  /** One stand-in per function, so each one's calls can be held against its own role. */
  standIns: Record<Role, AwsStandIn>;
  bundles: Record<Role, BundleProcess>;
  /** What the Node.js runtime sets in a function, and (locally only) where its SDK calls go. */
  runtimeEnv(fn: DeployedFunction, endpoint: string): Record<string, string>;
  stop(): Promise<void>;
}

export interface DeployedBundlesOptions {
  stage: string;
  /** Context for the synth, e.g. `slackTokenSecret`. */
  context?: Record<string, string>;
  /** Secret values the stand-ins answer, by SecretId. */
  secrets?: Record<string, string>;
  standIn?: StandInOptions;
}

/**
 * Synthesizes the stack, registers the `acme` tenant's key (`KEYS.acme`) and activates the example matrix without
 * its channels (no delivery leaves the machine), then starts every bundle.
 * @example const deployed = await startDeployedBundles({ stage: 'test' }); await deployed.bundles.api.invoke(apiEvent('GET', '/v1/health'))
 */
export async function startDeployedBundles(options: DeployedBundlesOptions): Promise<DeployedBundles> {
  const outdir = await mkdtemp(join(tmpdir(), 'baton-assembly-'));
  const { app, stack } = createBatonApp({ ...cliAppProps(outdir, { stage: options.stage, ...options.context }), builtinCloudFormationValidation: false });
  app.synth();
  const template = JSON.parse(await readFile(join(outdir, stack.templateFile), 'utf8')) as DeployedBundles['template'];
  const files = await bundleFiles(outdir, stack);

  const db = await startEmbeddedDynamoDb();
  await new DynamoDbTenantDirectory(db.client, db.tableName).register(hashApiKey(KEYS.acme), { tenant: 'acme', scope: 'tenant', label: 'bundle run', at: new Date().toISOString() });
  const document = await exampleMatrix();
  document.teams = (document.teams as Array<Record<string, unknown>>).map(({ channels: _channels, ...team }) => team);
  await new DynamoDbMatrixStore(db.client, db.tableName).activate('acme', { document, createdAt: new Date().toISOString(), createdBy: 'bundle-run' });

  const tableId = Object.keys(template.Resources).find((id) => template.Resources[id]!.Type === 'AWS::DynamoDB::GlobalTable')!;
  const resolve = localResolver(template, { [tableId]: { ref: db.tableName, arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${db.tableName}` } });
  const runtimeEnv = ({ resource, file }: DeployedFunction, endpoint: string): Record<string, string> => {
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
  };

  const fns = {} as Record<Role, DeployedFunction>;
  const standIns = {} as Record<Role, AwsStandIn>;
  const bundles = {} as Record<Role, BundleProcess>;
  await Promise.all(
    ROLES.map(async (role) => {
      const name = `baton-${options.stage}-${role}`;
      const resource = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === name)!;
      const fn = { resource, file: files[name]!, env: resolve((resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables) as Record<string, string> };
      fns[role] = fn;
      standIns[role] = await startAwsStandIn(db.endpoint, options.secrets ?? {}, options.standIn);
      bundles[role] = await startBundle(fn.file, { ...fn.env, ...runtimeEnv(fn, standIns[role].endpoint) }, 15_000);
    }),
  );

  return {
    stage: options.stage,
    template,
    db,
    resolve,
    fns,
    standIns,
    bundles,
    runtimeEnv,
    async stop() {
      await Promise.all(ROLES.map((role) => bundles[role]?.stop()));
      await Promise.all(ROLES.map((role) => standIns[role]?.close()));
      await db.close();
      await rm(outdir, { recursive: true, force: true });
    },
  };
}

/** An API Gateway v2 event as the HTTP API hands it to the api function. */
export function apiEvent(method: string, target: string, body?: unknown, key: string | null = KEYS.acme): APIGatewayProxyEventV2 {
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
      http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bundle-run' },
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}
