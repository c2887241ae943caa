/**
 * Observability: alarms on what needs a person (API 5xx, function errors and throttles, parked deadline
 * firings, failed schedule calls, outbox entries that keep failing, a sweeper that stopped running), an SNS
 * topic they notify, and one dashboard with the API, the deadlines and the sweeper.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, AlarmStatusWidget, ComparisonOperator, Dashboard, GraphWidget, Metric, TextWidget, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { BatonApi } from './api.js';
import type { BatonFunction } from './baton-function.js';
import type { BatonDeadlines } from './deadlines.js';
import type { BatonReview } from './review.js';
import { DEFAULTS } from './defaults.js';
import { LOG_SIGNALS, METRICS } from './signals.js';

export interface BatonObservabilityProps {
  readonly api: BatonApi;
  readonly deadlines: BatonDeadlines;
  readonly review: BatonReview;
  readonly dashboardName: string;
  /** @default none: subscribe to the alarm topic later */
  readonly alarmEmail?: string;
  /** @default DEFAULTS.alarmPeriod */
  readonly period?: Duration;
}

interface AlarmSpec {
  metric: IMetric;
  description: string;
  /** @default 1 (at or above) */
  threshold?: number;
  below?: boolean;
  /** Consecutive periods that must breach. @default 1 */
  periods?: number;
  /** @default NOT_BREACHING: no data means nothing went wrong */
  missing?: TreatMissingData;
}

export class BatonObservability extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: BatonObservabilityProps) {
    super(scope, id);
    const period = props.period ?? DEFAULTS.alarmPeriod;
    const { api, deadlines, review } = props;
    const functions = { api: api.handler, reports: api.reports, deadline: deadlines.deadline, sweeper: deadlines.sweeper, weekly: review.weekly };

    this.topic = new Topic(this, 'AlarmTopic', { displayName: 'Baton alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'CloudWatch cannot publish to a topic under the AWS-managed SNS key; alarm notifications carry alarm names and states, no tenant data.',
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const custom = (metricName: string, statistic = 'Sum') => new Metric({ namespace: METRICS.namespace, metricName, dimensionsMap: { service: METRICS.service }, statistic, period });
    const scheduleCallFailures = this.countLogMessage(LOG_SIGNALS.scheduleCallFailed, Object.values(functions), period);

    this.alarm('ApiServerErrors', { metric: api.httpApi.metricServerError({ period, statistic: 'Sum' }), description: 'The API answered 5xx: a failure of ours (or a timeout), not a client mistake.' });
    for (const [name, fn] of Object.entries(functions)) {
      this.alarm(`${title(name)}Errors`, { metric: fn.function.metricErrors({ period, statistic: 'Sum' }), description: `The ${name} function failed (see its log group).` });
      this.alarm(`${title(name)}Throttles`, { metric: fn.function.metricThrottles({ period, statistic: 'Sum' }), description: `The ${name} function was throttled (account concurrency, or the sweeper overlapping itself).` });
    }
    this.alarm('DeadLetters', {
      metric: deadlines.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      description: 'A deadline firing exhausted its retries and waits in the dead-letter queue: that deadline was not recorded when due.',
    });
    this.alarm('ScheduleCallsFailed', { metric: scheduleCallFailures, description: 'A schedule could not be created or deleted; the sweeper retries it every minute.' });
    this.alarm('OutboxFailing', {
      metric: custom(METRICS.outboxFailed),
      periods: 3,
      description: 'Outbox entries (schedules, notifications) failed in every sweep for 15 minutes: they stay unprocessed until the cause is fixed.',
    });
    this.alarm('DigestsFailing', {
      metric: custom(METRICS.digestsFailed),
      description: 'A tenant’s weekly digest could not be made (see the weekly function’s log); the next tick, 15 minutes on, tries again for a day.',
    });
    this.alarm('SweeperNotRunning', {
      metric: deadlines.sweeper.function.metricInvocations({ period, statistic: 'Sum' }),
      below: true,
      missing: TreatMissingData.BREACHING,
      description: 'The outbox sweeper has not run for 5 minutes: nothing redoes what a crash left undone.',
    });

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName, defaultInterval: Duration.hours(6) });
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) => new GraphWidget({ title, left, right, width: 8, height: 6 });
    const health = (fn: BatonFunction) => graph('Errors, throttles, duration (ms, right)', [fn.function.metricErrors({ period }), fn.function.metricThrottles({ period })], [fn.function.metricDuration({ period, statistic: 'p99' })]);
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 3 }),
      new TextWidget({ markdown: '## API\nRequests by answer class; latency as clients see it; the api function.', width: 24, height: 1 }),
      graph('Requests and answers', [api.httpApi.metricCount({ period, statistic: 'Sum' }), custom(METRICS.http2xx), custom(METRICS.http4xx), custom(METRICS.http5xx)]),
      graph('Latency (ms)', [api.httpApi.metricLatency({ period, statistic: 'p50' }), api.httpApi.metricLatency({ period, statistic: 'p99' })]),
      health(api.handler),
      new TextWidget({ markdown: '## Reports\nThe weekly review (reports, baselines, friction, CSV and XLSX): the reports function against its 29 s timeout.', width: 24, height: 1 }),
      health(api.reports),
      new TextWidget({ markdown: '## Deadlines\nFirings recorded or ignored (stale, repeated); firings parked after their retries; schedule calls that failed.', width: 24, height: 1 }),
      graph('Firings', [custom(METRICS.deadlineActedOn), custom(METRICS.deadlineIgnored)]),
      graph('Dead letters, failed schedule calls', [deadlines.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }), scheduleCallFailures]),
      health(deadlines.deadline),
      new TextWidget({ markdown: '## Sweeper\nOutbox entries read and failed per sweep; runs (one a minute) and their duration against the 60 s timeout.', width: 24, height: 1 }),
      graph('Outbox entries', [custom(METRICS.outboxProcessed), custom(METRICS.outboxFailed)]),
      graph('Runs', [deadlines.sweeper.function.metricInvocations({ period })]),
      health(deadlines.sweeper),
      new TextWidget({ markdown: '## Weekly digest\nDigests due, posted and failed per tick (every 15 minutes; Monday mornings in each tenant’s zone); the weekly function against its 5-minute timeout.', width: 24, height: 1 }),
      graph('Digests', [custom(METRICS.digestsDue), custom(METRICS.digestsPosted), custom(METRICS.digestsFailed)]),
      health(review.weekly),
    );
  }

  private alarm(id: string, spec: AlarmSpec): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: spec.description,
      metric: spec.metric,
      threshold: spec.threshold ?? 1,
      comparisonOperator: spec.below ? ComparisonOperator.LESS_THAN_THRESHOLD : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: spec.periods ?? 1,
      treatMissingData: spec.missing ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }

  /** A metric counting one structured log message across the functions' log groups (same name: the sum is across them). */
  private countLogMessage(signal: { message: string; metricName: string }, functions: BatonFunction[], period: Duration): Metric {
    for (const fn of functions) {
      new MetricFilter(this, `${signal.metricName}${fn.node.id}`, {
        logGroup: fn.logGroup,
        filterPattern: FilterPattern.stringValue('$.message', '=', signal.message),
        metricNamespace: METRICS.namespace,
        metricName: signal.metricName,
        metricValue: '1',
        dimensions: { service: '$.service' },
      });
    }
    return new Metric({ namespace: METRICS.namespace, metricName: signal.metricName, dimensionsMap: { service: METRICS.service }, statistic: 'Sum', period });
  }
}

const title = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
