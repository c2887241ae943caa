/** Wiring for AWS: the same application with DynamoDB, EventBridge Scheduler and real channels, configured by environment. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Notifier } from '../../shared/ports.js';
import type { AppDeps } from '../app/deps.js';
import type { Log } from '../app/log.js';
import { EscalationService } from '../app/escalations.js';
import { TaskQueue } from '../app/tasks.js';
import { systemClock } from '../adapters/clock.js';
import { DynamoDbEscalationStore, summaryErrorLogger } from '../adapters/dynamodb/escalation-store.js';
import { DynamoDbIdempotencyStore } from '../adapters/dynamodb/idempotency-store.js';
import { DynamoDbMatrixStore } from '../adapters/dynamodb/matrix-store.js';
import { DynamoDbOutboxLog } from '../adapters/dynamodb/outbox-log.js';
import { DynamoDbTenantDirectory } from '../adapters/dynamodb/tenant-directory.js';
import { EventBridgeDeadlineScheduler } from '../adapters/eventbridge-scheduler.js';
import { NotifierRegistry } from '../adapters/notify/registry.js';
import { SlackNotifier } from '../adapters/notify/slack.js';
import { TeamsNotifier } from '../adapters/notify/teams.js';
import { SecretCache } from '../adapters/secrets.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

export const logger = new Logger({ serviceName: 'baton' });
export const metrics = new Metrics({ namespace: 'Baton', serviceName: 'baton' });

/** The application's Log on Powertools' structured logger. */
const log: Log = {
  debug: (message, extra) => (extra ? logger.debug(message, extra) : logger.debug(message)),
  info: (message, extra) => (extra ? logger.info(message, extra) : logger.info(message)),
  warn: (message, extra) => (extra ? logger.warn(message, extra) : logger.warn(message)),
  error: (message, extra) => (extra ? logger.error(message, extra) : logger.error(message)),
};

/**
 * Everything a Lambda needs, built once per container (cold start). Secrets (Slack token, webhook
 * secret) come from Secrets Manager by ARN; environment variables hold only names and ARNs.
 */
export async function awsApp(): Promise<{ deps: AppDeps; service: EscalationService; tasks: TaskQueue }> {
  const tableName = required('TABLE_NAME');
  // Bounded store calls: a commit lands within seconds of its time or the request fails, which the
  // outbox sweeper's 30 s grace relies on (3 attempts of at most 1 s to connect and 3 s to answer).
  const dynamodb = new DynamoDBClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } });
  const documents = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const secrets = new SecretCache(new SecretsManagerClient({}));
  const slackToken = process.env.SLACK_TOKEN_SECRET_ARN ? await secrets.get(process.env.SLACK_TOKEN_SECRET_ARN) : null;
  const notifiers: Notifier[] = [new TeamsNotifier()];
  if (slackToken) notifiers.push(new SlackNotifier({ token: slackToken }));
  const tasks = new TaskQueue(log);
  const deps: AppDeps = {
    store: new DynamoDbEscalationStore(documents, tableName, { onSummaryError: summaryErrorLogger(log) }),
    outbox: new DynamoDbOutboxLog(documents, tableName),
    matrices: new DynamoDbMatrixStore(documents, tableName),
    tenants: new DynamoDbTenantDirectory(documents, tableName),
    idempotency: new DynamoDbIdempotencyStore(documents, tableName),
    scheduler: new EventBridgeDeadlineScheduler({
      client: new SchedulerClient({}),
      groupName: required('SCHEDULE_GROUP_NAME'),
      targetArn: required('DEADLINE_FUNCTION_ARN'),
      roleArn: required('SCHEDULER_ROLE_ARN'),
      deadLetterArn: required('DEADLINE_DLQ_ARN'),
    }),
    deliverer: new NotifierRegistry(notifiers),
    // Per-tenant Freshservice connections (membership from agent groups, ticket notes) arrive with the app installation flow.
    ticketSystem: () => null,
    clock: systemClock,
    background: tasks,
    log,
    config: { devClock: null },
  };
  return { deps, service: new EscalationService(deps), tasks };
}
