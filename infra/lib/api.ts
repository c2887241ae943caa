/**
 * The HTTP API: API Gateway (HTTP API, payload v2) in front of the api function and the reports function, one
 * route per entry of the API's route list (the local-only dev clock is not one), each to the function its entry
 * names; stage throttling and JSON access logs. No CORS: the Freshservice app calls the API from its server side.
 */
import { Validations, type Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { apiRouteKeys, type RouteKey } from '../../lambdas/http/route-keys.js';
import { BatonFunction } from './baton-function.js';
import type { BatonDeadlines } from './deadlines.js';
import { DEFAULTS } from './defaults.js';
import { TABLE_ACCESS } from './table-access.js';
import type { BackendWiring } from './wiring.js';

/** One JSON object per request: who, what, how it went, how long it took (HTTP API's $context variables). */
const ACCESS_LOG = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
};

export interface BatonApiProps {
  readonly wiring: BackendWiring;
  readonly deadlines: BatonDeadlines;
  readonly functionName: string;
  /** The weekly review's routes (`servedBy: 'reports'`): the same app, bundled with the XLSX writer. */
  readonly reportsFunctionName: string;
  /** @default apiRouteKeys (lambdas/http/route-keys.ts) */
  readonly routes?: readonly RouteKey[];
  /** @default DEFAULTS.api.memorySize */
  readonly memorySize?: number;
  /** @default DEFAULTS.api.timeout */
  readonly timeout?: Duration;
  /** @default DEFAULTS.api.throttle */
  readonly throttle?: ThrottleSettings;
}

export class BatonApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly handler: BatonFunction;
  readonly reports: BatonFunction;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: BatonApiProps) {
    super(scope, id);
    const { wiring, deadlines } = props;
    this.handler = new BatonFunction(this, 'Handler', {
      ...wiring.functionOptions,
      handler: 'http.ts',
      functionName: props.functionName,
      description: 'Baton: the HTTP API (escalations, handoffs, acknowledgements, webhooks)',
      environment: deadlines.environment,
      memorySize: props.memorySize ?? DEFAULTS.api.memorySize,
      timeout: props.timeout ?? DEFAULTS.api.timeout,
      // Only the reports function's routes write XLSX (lambdas/app/reports/xlsx.ts imports it on demand).
      externalModules: ['exceljs'],
    });
    wiring.data.grant(this.handler.role, TABLE_ACCESS.api);
    deadlines.grantScheduling(this.handler.role);
    wiring.secrets.grantRead(this.handler.role);

    // The same app and environment; it runs no command, so it may not schedule.
    this.reports = new BatonFunction(this, 'Reports', {
      ...wiring.functionOptions,
      handler: 'http.ts',
      functionName: props.reportsFunctionName,
      description: 'Baton: the weekly co-managed ops review (reports, baselines, friction; CSV and XLSX)',
      environment: deadlines.environment,
      memorySize: DEFAULTS.reports.memorySize,
      timeout: DEFAULTS.reports.timeout,
    });
    wiring.data.grant(this.reports.role, TABLE_ACCESS.reports);
    wiring.secrets.grantRead(this.reports.role);

    this.httpApi = new HttpApi(this, 'HttpApi', { description: 'Baton escalation governance API', createDefaultStage: false });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: wiring.functionOptions.logRetention ?? DEFAULTS.logRetention, removalPolicy: DEFAULTS.removalPolicy });
    this.stage = new HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: props.throttle ?? DEFAULTS.api.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs), format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG)) },
    });
    const integrations = { api: new HttpLambdaIntegration('Handler', this.handler.function), reports: new HttpLambdaIntegration('Reports', this.reports.function) };
    for (const route of props.routes ?? apiRouteKeys) {
      this.httpApi.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration: integrations[route.servedBy] });
    }
    Validations.of(this.httpApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: 'Every route but health and the OpenAPI document checks a tenant API key (or webhook secret) in the function, against hashes in the table: API Gateway has no authorizer that knows them.',
    });
  }
}
