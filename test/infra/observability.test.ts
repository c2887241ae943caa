/** Alarms on what needs a person, a topic they notify, and one dashboard with the API, the deadlines and the sweeper. */
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { LOG_SIGNALS, METRICS } from '../../infra/lib/signals.js';
import { STAGE, functionNamed, logicalId, synthBaton, type FunctionRole } from '../support/cdk.js';

const { template } = synthBaton();
const topic = logicalId(template, 'AWS::SNS::Topic');
const custom = (metricName: string) => ({ Namespace: METRICS.namespace, MetricName: metricName, Dimensions: [{ Name: 'service', Value: METRICS.service }] });
const ofFunction = (role: FunctionRole, metricName: string) => ({ Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionNamed(template, role).id } }] });

/** An alarm on this metric that notifies the topic when it fires and when it clears. */
function expectAlarm(t: Template, metric: Record<string, unknown>, properties: Record<string, unknown> = {}) {
  t.hasResourceProperties('AWS::CloudWatch::Alarm', {
    ...metric,
    Period: 300,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    EvaluationPeriods: 1,
    TreatMissingData: 'notBreaching',
    AlarmActions: [{ Ref: topic }],
    OKActions: [{ Ref: topic }],
    ...properties,
  });
}

describe('the alarms', () => {
  it('fire on any 5xx answer of the API', () => {
    expectAlarm(template, { Namespace: 'AWS/ApiGateway', MetricName: '5xx', Statistic: 'Sum', Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(template, 'AWS::ApiGatewayV2::Api') } }] });
  });

  it.each(['api', 'reports', 'deadline', 'sweeper', 'weekly'] as const)('fire on errors and throttles of the %s function', (role) => {
    expectAlarm(template, { ...ofFunction(role, 'Errors'), Statistic: 'Sum' });
    expectAlarm(template, { ...ofFunction(role, 'Throttles'), Statistic: 'Sum' });
  });

  it('fire when a deadline firing waits in the dead-letter queue', () => {
    expectAlarm(template, {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(template, 'AWS::SQS::Queue'), 'QueueName'] } }],
    });
  });

  it('fire when a schedule call failed, counted from the log message the code writes', () => {
    expectAlarm(template, { ...custom(LOG_SIGNALS.scheduleCallFailed.metricName), Statistic: 'Sum' });
    for (const role of ['api', 'deadline', 'sweeper'] as const) {
      const logGroup = (functionNamed(template, role).Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: { Ref: logGroup },
        FilterPattern: `{ $.message = "${LOG_SIGNALS.scheduleCallFailed.message}" }`,
        MetricTransformations: [{ MetricNamespace: METRICS.namespace, MetricName: LOG_SIGNALS.scheduleCallFailed.metricName, MetricValue: '1', Dimensions: [{ Key: 'service', Value: '$.service' }] }],
      });
    }
  });

  it('fire when outbox entries fail in every sweep for 15 minutes', () => {
    expectAlarm(template, { ...custom(METRICS.outboxFailed), Statistic: 'Sum' }, { EvaluationPeriods: 3 });
  });

  it('fire when the sweeper has not run for 5 minutes, no data counting as not running', () => {
    expectAlarm(template, { ...ofFunction('sweeper', 'Invocations'), Statistic: 'Sum' }, { ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
  });

  it('fire when a tenant’s weekly digest could not be made', () => {
    expectAlarm(template, { ...custom(METRICS.digestsFailed), Statistic: 'Sum' });
  });

  it('are all listed above, each explained', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    expect(alarms).toHaveLength(16);
    for (const alarm of alarms) expect(String(alarm.Properties.AlarmDescription).length).toBeGreaterThan(30);
  });

  it('notify a topic that accepts only TLS, with an e-mail subscription when one is configured', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    template.hasOutput('AlarmTopicArn', { Value: { Ref: topic } });

    const withEmail = synthBaton({ alarmEmail: 'platform@example.com' }).template;

    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'platform@example.com', TopicArn: { Ref: logicalId(withEmail, 'AWS::SNS::Topic') } });
  });
});

describe('the dashboard', () => {
  const body = () => JSON.stringify(template.toJSON().Resources[logicalId(template, 'AWS::CloudWatch::Dashboard')].Properties.DashboardBody);

  it('is named after the stage and given as an output', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: `Baton-${STAGE}` });
    template.hasOutput('DashboardName', { Value: { Ref: logicalId(template, 'AWS::CloudWatch::Dashboard') } });
  });

  it('has a section for the API, the deadlines and the sweeper, under the alarms', () => {
    expect(body()).toMatch(/alarms.*## API.*## Deadlines.*## Sweeper/s);
  });

  it('graphs every metric the code emits', () => {
    for (const name of [METRICS.http2xx, METRICS.http4xx, METRICS.http5xx, METRICS.deadlineActedOn, METRICS.deadlineIgnored, METRICS.outboxProcessed, METRICS.outboxFailed, LOG_SIGNALS.scheduleCallFailed.metricName]) {
      expect(body()).toContain(`\\"${METRICS.namespace}\\",\\"${name}\\",\\"service\\",\\"${METRICS.service}\\"`);
    }
  });
});

it('the stack makes no other kind of resource', () => {
  const types = new Set(Object.values(template.toJSON().Resources).map((r) => (r as { Type: string }).Type));
  expect([...types].sort()).toEqual(
    [
      'AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Stage',
      'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard', 'AWS::DynamoDB::GlobalTable', 'AWS::Events::Rule',
      'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::Lambda::EventInvokeConfig', 'AWS::Lambda::Function', 'AWS::Lambda::Permission',
      'AWS::Logs::LogGroup', 'AWS::Logs::MetricFilter', 'AWS::SNS::Topic', 'AWS::SNS::TopicPolicy',
      'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy', 'AWS::Scheduler::ScheduleGroup',
    ].sort(),
  );
});
