/**
 * One Lambda handler from lambdas/handlers/, bundled by the local esbuild (no Docker), with its own role
 * and log group: the role starts empty (no managed policy, whose log rights cover every group) and each
 * construct grants what its function uses.
 */
import { fileURLToPath } from 'node:url';
import { Validations, type Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Tracing, type Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { splitBuild } from './code-splitting.js';
import { DEFAULTS } from './defaults.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Some bundled CommonJS code calls `require` for Node built-ins; an ESM bundle has none unless given one. */
export const REQUIRE_SHIM = "import { createRequire as __batonRequire } from 'node:module'; const require = __batonRequire(import.meta.url);";

/**
 * Packages the bundled AWS SDK imports on demand in browsers only, never in Node: left out (35 KB of the api
 * bundle's 1 MB budget). @aws-sdk/core parses a browser's user agent with bowser.
 */
const BROWSER_ONLY = ['bowser'];

export interface BatonFunctionProps {
  /** The handler file, relative to lambdas/handlers/ (e.g. `http.ts`); it exports `handler`. */
  readonly handler: string;
  readonly functionName: string;
  readonly description: string;
  readonly environment: Record<string, string>;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** @default none (the account's unreserved pool) */
  readonly reservedConcurrentExecutions?: number;
  /** Asynchronous invocations (Scheduler, EventBridge rules): how often Lambda retries one that failed. @default 2 (Lambda's) */
  readonly retryAttempts?: number;
  /** Asynchronous invocations older than this are dropped (or dead-lettered). @default 6 hours (Lambda's) */
  readonly maxEventAge?: Duration;
  /** Where an asynchronous invocation goes once its retries are spent. @default none */
  readonly deadLetterQueue?: IQueue;
  /** @default DEFAULTS.runtime */
  readonly runtime?: Runtime;
  /** @default DEFAULTS.bundleAwsSdk */
  readonly bundleAwsSdk?: boolean;
  /** @default DEFAULTS.tracing */
  readonly tracing?: boolean;
  /** Packages left out of the bundle: code that imports them must never run in this function. @default none */
  readonly externalModules?: readonly string[];
  /**
   * Code the handler loads with `import()` goes to chunks of its own (infra/lib/code-splitting.ts), so a cold start
   * reads and compiles only what it imports; false bundles one file. @default DEFAULTS.codeSplitting
   */
  readonly codeSplitting?: boolean;
  /** @default DEFAULTS.logRetention */
  readonly logRetention?: RetentionDays;
  /** @default DEFAULTS.removalPolicy */
  readonly logRemovalPolicy?: RemovalPolicy;
}

export class BatonFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: BatonFunctionProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `${props.functionName}: only what this function calls` });
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? DEFAULTS.logRetention, removalPolicy: props.logRemovalPolicy ?? DEFAULTS.removalPolicy });
    this.logGroup.grantWrite(this.role);
    const entry = `${ROOT}lambdas/handlers/${props.handler}`;
    const esbuild = {
      target: 'node22',
      mainFields: ['module', 'main'],
      banner: REQUIRE_SHIM,
      externalModules: [...((props.bundleAwsSdk ?? DEFAULTS.bundleAwsSdk) ? [] : ['@aws-sdk/*']), ...BROWSER_ONLY, ...(props.externalModules ?? [])],
      // zod without its 50 locales (infra/bundling/zod.mjs): a third of the api bundle. Resolved from the project root.
      esbuildArgs: { '--alias': 'zod=./infra/bundling/zod.mjs' },
    };
    this.function = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      entry,
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: `${ROOT}package-lock.json`,
      runtime: props.runtime ?? DEFAULTS.runtime,
      architecture: DEFAULTS.architecture,
      memorySize: props.memorySize,
      timeout: props.timeout,
      ...(props.reservedConcurrentExecutions === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
      ...(props.maxEventAge === undefined ? {} : { maxEventAge: props.maxEventAge }),
      ...(props.deadLetterQueue === undefined ? {} : { deadLetterQueue: props.deadLetterQueue }),
      role: this.role,
      logGroup: this.logGroup,
      // Active tracing by the Lambda service only (segments per invocation, AWS SDK calls not traced): Powertools Tracer is not a dependency.
      tracing: (props.tracing ?? DEFAULTS.tracing) ? Tracing.ACTIVE : Tracing.DISABLED,
      // No --enable-source-maps: it parses the bundle's source map at every cold start (about 40 ms for the api,
      // measured by npm run bench). Stack traces stay minified; the .map ships beside the bundle to read them.
      environment: props.environment,
      bundling: {
        ...esbuild,
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        ...((props.codeSplitting ?? DEFAULTS.codeSplitting) ? { commandHooks: splitBuild({ ...esbuild, entry, projectRoot: ROOT }) } : {}),
      },
    });
    Validations.of(this).acknowledge({ id: 'AwsSolutions-L1', reason: 'Node.js 22 is chosen on purpose (DEFAULTS.runtime): the nearest Lambda LTS to the Node 20 the tests run on; a runtime option moves it.' });
    if (props.tracing ?? DEFAULTS.tracing) {
      Validations.of(this).acknowledge({
        // The only '*' resource in the stack, and only with tracing on: AWS requires it here.
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS requires Resource "*".',
      });
    }
  }
}
