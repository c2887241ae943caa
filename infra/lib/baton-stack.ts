/** Baton's backend on AWS: data, secrets, deadlines, API and observability, named after the stage. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { BatonApi } from './api.js';
import { stageNames, type StackConfig } from './config.js';
import { BatonData } from './data.js';
import { BatonDeadlines } from './deadlines.js';
import { DEFAULTS } from './defaults.js';
import { BatonObservability } from './observability.js';
import { BatonReview } from './review.js';
import { BatonSecrets } from './secrets.js';
import { METRICS } from './signals.js';
import type { BackendWiring } from './wiring.js';

export interface BatonStackProps extends StackProps {
  readonly config: StackConfig;
}

export class BatonStack extends Stack {
  readonly data: BatonData;
  readonly deadlines: BatonDeadlines;
  readonly api: BatonApi;
  readonly review: BatonReview;
  readonly observability: BatonObservability;

  constructor(scope: Construct, id: string, props: BatonStackProps) {
    super(scope, id, { description: `Baton escalation governance backend (stage ${props.config.stage})`, ...props });
    const { config } = props;
    const names = stageNames(config.stage);
    this.data = new BatonData(this, 'Data');
    const secrets = new BatonSecrets(this, 'Secrets', {
      freshserviceSecretPrefix: names.freshserviceSecretPrefix,
      ...(config.slackTokenSecret ? { slackTokenSecret: config.slackTokenSecret } : {}),
    });
    const wiring: BackendWiring = {
      data: this.data,
      secrets,
      environment: {
        TABLE_NAME: this.data.table.tableName,
        ...secrets.environment,
        POWERTOOLS_SERVICE_NAME: METRICS.service,
        POWERTOOLS_METRICS_NAMESPACE: METRICS.namespace,
        POWERTOOLS_LOG_LEVEL: DEFAULTS.logLevel,
      },
      functionOptions: {
        ...(config.bundleAwsSdk === undefined ? {} : { bundleAwsSdk: config.bundleAwsSdk }),
        ...(config.tracing === undefined ? {} : { tracing: config.tracing }),
      },
    };
    this.deadlines = new BatonDeadlines(this, 'Deadlines', {
      wiring,
      scheduleGroupName: names.scheduleGroup,
      deadlineFunctionName: names.function('deadline'),
      sweeperFunctionName: names.function('sweeper'),
    });
    this.api = new BatonApi(this, 'Api', { wiring, deadlines: this.deadlines, functionName: names.function('api'), reportsFunctionName: names.function('reports') });
    this.review = new BatonReview(this, 'Review', { wiring, deadlines: this.deadlines, functionName: names.function('weekly') });
    this.observability = new BatonObservability(this, 'Observability', {
      api: this.api,
      deadlines: this.deadlines,
      review: this.review,
      dashboardName: names.dashboard,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });

    // Stable output names: the smoke test and the tenant command read them (`cdk deploy --outputs-file`).
    new CfnOutput(this, 'ApiUrl', { description: 'The API base URL (GET <url>v1/health answers {"status":"ok"})', value: this.api.stage.url });
    new CfnOutput(this, 'TableName', { description: 'The DynamoDB table (tenants, keys, matrices, escalations)', value: this.data.table.tableName });
    new CfnOutput(this, 'ScheduleGroupName', { description: 'The EventBridge Scheduler group holding one schedule per pending deadline', value: this.deadlines.scheduleGroup.scheduleGroupName });
    new CfnOutput(this, 'DashboardName', { description: 'The CloudWatch dashboard', value: this.observability.dashboard.dashboardName });
    new CfnOutput(this, 'AlarmTopicArn', { description: 'Subscribe here to receive the alarms', value: this.observability.topic.topicArn });
    new CfnOutput(this, 'FreshserviceSecretPrefix', { description: "Each tenant's Freshservice connection is the secret <prefix><tenant>", value: names.freshserviceSecretPrefix });
  }
}
