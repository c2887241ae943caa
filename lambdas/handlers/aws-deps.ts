/** Wiring for AWS: the same application with DynamoDB, EventBridge Scheduler and real channels, configured by environment. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { AppDeps } from '../app/deps.js';
import type { Log } from '../app/log.js';
import { EscalationService } from '../app/escalations.js';
import { TaskQueue } from '../app/tasks.js';
import { systemClock } from '../adapters/clock.js';
import { STORE_CALL_BOUNDS } from '../adapters/dynamodb/call-bounds.js';
import { EventBridgeDeadlineScheduler } from '../adapters/eventbridge-scheduler.js';
import { FreshserviceSecrets } from '../adapters/freshservice-secrets.js';
import { SecretCache } from '../adapters/secrets.js';
import { buildAppDeps } from '../wiring/app-deps.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

// The stack's POWERTOOLS_* variables name the service and namespace (an option given here would win over them).
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'baton';
export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Baton', serviceName });

/** The application's Log on Powertools' structured logger. */
const log: Log = {
  debug: (message, extra) => (extra ? logger.debug(message, extra) : logger.debug(message)),
  info: (message, extra) => (extra ? logger.info(message, extra) : logger.info(message)),
  warn: (message, extra) => (extra ? logger.warn(message, extra) : logger.warn(message)),
  error: (message, extra) => (extra ? logger.error(message, extra) : logger.error(message)),
};

/**
 * Everything a Lambda needs, built once per container (cold start). Secrets come from Secrets Manager:
 * the Slack token by ARN (SLACK_TOKEN_SECRET_ARN), each tenant's Freshservice connection by name
 * (FRESHSERVICE_SECRET_PREFIX + tenant, read when the tenant first needs it); the environment holds
 * only names and ARNs.
 */
export async function awsApp(): Promise<{ deps: AppDeps; service: EscalationService; tasks: TaskQueue }> {
  const tableName = required('TABLE_NAME');
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ ...STORE_CALL_BOUNDS.aws }), { marshallOptions: { removeUndefinedValues: true } });
  const secrets = new SecretCache(new SecretsManagerClient({}));
  const slackToken = process.env.SLACK_TOKEN_SECRET_ARN ? await secrets.get(process.env.SLACK_TOKEN_SECRET_ARN) : null;
  const freshservicePrefix = process.env.FRESHSERVICE_SECRET_PREFIX;
  const freshservice = freshservicePrefix ? new FreshserviceSecrets(secrets, freshservicePrefix) : null;
  const tasks = new TaskQueue(log);
  const deps = buildAppDeps({
    table: { client: documents, name: tableName },
    clock: systemClock,
    scheduler: new EventBridgeDeadlineScheduler({
      client: new SchedulerClient({}),
      groupName: required('SCHEDULE_GROUP_NAME'),
      targetArn: required('DEADLINE_FUNCTION_ARN'),
      roleArn: required('SCHEDULER_ROLE_ARN'),
      deadLetterArn: required('DEADLINE_DLQ_ARN'),
    }),
    background: tasks,
    log,
    ticketSystem: async (tenant) => (freshservice ? freshservice.ticketSystem(tenant) : null),
    channels: { slack: slackToken ? { token: slackToken } : null },
    devClock: null,
  });
  return { deps, service: new EscalationService(deps), tasks };
}
