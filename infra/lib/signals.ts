/**
 * What the code emits that the alarms and the dashboard read: Powertools metrics (embedded metric format,
 * from lambdas/handlers/) and structured log messages. The bundle test checks the bundles emit these.
 */
export const METRICS = {
  /** The namespace and `service` dimension lambdas/handlers/aws-deps.ts gives Powertools Metrics. */
  namespace: 'Baton',
  service: 'baton',
  /** One per API answer, by class (http.ts). */
  http5xx: 'Http5xx',
  http4xx: 'Http4xx',
  http2xx: 'Http2xx',
  /** One per firing (deadline.ts): recorded something, or stale / repeated. */
  deadlineActedOn: 'DeadlineActedOn',
  deadlineIgnored: 'DeadlineIgnored',
  /** Per sweep (sweeper.ts): outbox entries read, and those that failed and wait for a later sweep. */
  outboxProcessed: 'OutboxProcessed',
  outboxFailed: 'OutboxFailed',
  /** Per tick (weekly.ts): digests that fell due and were not posted yet, those posted, and tenants whose run failed. */
  digestsDue: 'DigestsDue',
  digestsPosted: 'DigestsPosted',
  digestsFailed: 'DigestsFailed',
} as const;

/** Log messages counted by metric filters (the code emits no metric for them). */
export const LOG_SIGNALS = {
  /** lambdas/app/outbox-process.ts: a CreateSchedule or DeleteSchedule call failed; the sweeper retries it. */
  scheduleCallFailed: { message: 'deadline scheduling failed; the sweeper will retry', metricName: 'ScheduleCallFailed' },
} as const;
