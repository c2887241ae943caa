/** The one wiring of AppDeps: the AWS build and local mode differ only in the Platform they pass. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock, DeadlineScheduler, Notifier, TicketSystem } from '../../shared/ports.js';
import type { EscalationStore } from '../app/ports.js';
import type { AppDeps, BackgroundTasks } from '../app/deps.js';
import type { Log } from '../app/log.js';
import { DynamoDbEscalationStore, summaryErrorLogger } from '../adapters/dynamodb/escalation-store.js';
import { DynamoDbIdempotencyStore } from '../adapters/dynamodb/idempotency-store.js';
import { DynamoDbMatrixStore } from '../adapters/dynamodb/matrix-store.js';
import { DynamoDbOutboxLog } from '../adapters/dynamodb/outbox-log.js';
import { DynamoDbReportStore } from '../adapters/dynamodb/report-store.js';
import { DynamoDbProposalStore } from '../adapters/dynamodb/proposal-store.js';
import { DynamoDbTenantDirectory } from '../adapters/dynamodb/tenant-directory.js';
import { DynamoDbWeekIndex } from '../adapters/dynamodb/week-index.js';
import { NotifierRegistry } from '../adapters/notify/registry.js';
import { SlackNotifier, type SlackNotifierOptions } from '../adapters/notify/slack.js';
import { TeamsNotifier, type TeamsNotifierOptions } from '../adapters/notify/teams.js';
import { TicketNoteNotifier } from '../adapters/notify/ticket-note.js';

/** Everything that differs between the AWS build and local mode, named here and nowhere else. */
export interface Platform {
  /** The single table and the client every store uses (its calls bounded: STORE_CALL_BOUNDS names both platforms' bounds). */
  table: { client: DynamoDBDocumentClient; name: string };
  /** The system clock; local mode's manual one (BATON_CLOCK=manual). */
  clock: Clock;
  /** EventBridge Scheduler; local mode's in-process agenda. */
  scheduler: DeadlineScheduler;
  /** Lambda drains it before answering; local mode lets it run on. */
  background: BackgroundTasks;
  log: Log;
  /**
   * The tenant's Freshservice, or null: on AWS each tenant's from its own secret; in local mode the one
   * configured connection, for every tenant. Gives membership from agent groups and ticket notes.
   */
  ticketSystem(tenant: string): Promise<TicketSystem | null>;
  channels: {
    /** A bot token (AWS: from Secrets Manager; local: BATON_SLACK_TOKEN), or null: no Slack. */
    slack: SlackNotifierOptions | null;
    /** Teams posts to the webhook URLs in the matrix; a test of a hanging endpoint shortens its timeout. @default {} */
    teams?: TeamsNotifierOptions;
    /** Channels only this platform has (local mode's notifications file). @default [] */
    extra?: Notifier[];
  };
  /** Local mode, the store's only writer, caches histories in memory; the AWS build reads the table every time. */
  cacheHistories?(store: EscalationStore): EscalationStore;
  /** POST /v1/dev/clock: local mode's manual clock only, null on AWS. */
  devClock: AppDeps['config']['devClock'];
  /** The weekly digest's link when the matrix names none: local mode's app index once it serves; none on AWS. @default () => null */
  reviewUrl?(): string | null;
}

/**
 * The application's dependencies on a platform: the DynamoDB stores on its table, and every channel it
 * has (Teams, Slack when configured, ticket notes for tenants with a Freshservice connection).
 * @example const deps = buildAppDeps({ table: { client, name: 'baton' }, clock: systemClock, scheduler, background: tasks, log, ticketSystem: async () => null, channels: { slack: null }, devClock: null });
 */
export function buildAppDeps(platform: Platform): AppDeps {
  const { client, name } = platform.table;
  const notifiers: Notifier[] = [
    ...(platform.channels.extra ?? []),
    new TeamsNotifier(platform.channels.teams),
    new TicketNoteNotifier((tenant) => platform.ticketSystem(tenant)),
  ];
  if (platform.channels.slack) notifiers.push(new SlackNotifier(platform.channels.slack));
  const store = new DynamoDbEscalationStore(client, name, { onSummaryError: summaryErrorLogger(platform.log) });
  return {
    store: platform.cacheHistories?.(store) ?? store,
    outbox: new DynamoDbOutboxLog(client, name),
    weeks: new DynamoDbWeekIndex(client, name),
    reports: new DynamoDbReportStore(client, name),
    matrices: new DynamoDbMatrixStore(client, name),
    proposals: new DynamoDbProposalStore(client, name),
    tenants: new DynamoDbTenantDirectory(client, name, platform.clock),
    idempotency: new DynamoDbIdempotencyStore(client, name),
    scheduler: platform.scheduler,
    deliverer: new NotifierRegistry(notifiers),
    ticketSystem: (tenant) => platform.ticketSystem(tenant),
    clock: platform.clock,
    background: platform.background,
    log: platform.log,
    config: { devClock: platform.devClock, reviewUrl: platform.reviewUrl ?? (() => null) },
  };
}
