/** Least privilege, statement by statement: each function may do what its code calls, on Baton's resources, and nothing else. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { STAGE, formattedArn, functionNamed, logicalId, statementsOfFunction, synthBaton, type FunctionRole } from '../support/cdk.js';

const { template } = synthBaton();
const table = logicalId(template, 'AWS::DynamoDB::GlobalTable');
const tableArn = { 'Fn::GetAtt': [table, 'Arn'] };
const index = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });
const schedulerRole = logicalId(template, 'AWS::IAM::Role', { AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] }) });

/** What every function needs besides the table: its log group, schedules in the group, the scheduler role, secrets under the prefix (and X-Ray, with tracing on). */
function common(role: FunctionRole) {
  const logGroup = (functionNamed(template, role).Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
  return {
    logs: { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logGroup, 'Arn'] } },
    xray: { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
    schedules: { Effect: 'Allow', Action: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'], Resource: formattedArn('scheduler', `schedule/baton-${STAGE}-deadlines/*`) },
    passRole: { Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [schedulerRole, 'Arn'] }, Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } },
    secrets: { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: formattedArn('secretsmanager', `secret:baton/${STAGE}/freshservice/*`) },
  };
}

describe('the functions’ permissions', () => {
  it('let the api run commands, check keys and idempotency claims, list from the open and escalations indexes, and read the week index', () => {
    const c = common('api');
    expect(statementsOfFunction(template, 'api')).toEqual([
      c.logs,
      { Effect: 'Allow', Action: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'], Resource: tableArn },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: [index('open'), index('escalations'), index('by-week')] },
      c.schedules,
      c.passRole,
      c.secrets,
    ]);
  });

  it('let the reports function read a week through the week index and keep baselines and idempotency claims, with no scheduling', () => {
    const c = common('reports');
    expect(statementsOfFunction(template, 'reports')).toEqual([
      c.logs,
      { Effect: 'Allow', Action: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], Resource: tableArn },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: index('by-week') },
      c.secrets,
    ]);
  });

  it('let the weekly function read the tenants, their matrices and weeks, keep week KPIs and the digest record, with no scheduling and no delete', () => {
    const c = common('weekly');
    expect(statementsOfFunction(template, 'weekly')).toEqual([
      c.logs,
      { Effect: 'Allow', Action: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: tableArn },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: index('by-week') },
      c.secrets,
    ]);
  });

  it('let the deadline function run one command, with no index and no delete, and park a firing it keeps failing on', () => {
    const c = common('deadline');
    expect(statementsOfFunction(template, 'deadline')).toEqual([
      c.logs,
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [logicalId(template, 'AWS::SQS::Queue'), 'Arn'] } },
      { Effect: 'Allow', Action: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem'], Resource: tableArn },
      c.schedules,
      c.passRole,
      c.secrets,
    ]);
  });

  it('let the sweeper read the outbox index, redo commands and look up a schedule before making it again', () => {
    const c = common('sweeper');
    expect(statementsOfFunction(template, 'sweeper')).toEqual([
      c.logs,
      { Effect: 'Allow', Action: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem'], Resource: tableArn },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: index('outbox') },
      c.schedules,
      c.passRole,
      c.secrets,
      { Effect: 'Allow', Action: 'scheduler:GetSchedule', Resource: formattedArn('scheduler', `schedule/baton-${STAGE}-deadlines/*`) },
    ]);
  });

  it('add the Slack token secret, by name with its random suffix, when one is configured', () => {
    const withSlack = synthBaton({ slackTokenSecret: 'baton/test/slack-token' }).template;

    for (const role of ['api', 'deadline', 'sweeper', 'weekly'] as const) {
      expect(statementsOfFunction(withSlack, role)).toContainEqual({
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: [formattedArn('secretsmanager', `secret:baton/${STAGE}/freshservice/*`), formattedArn('secretsmanager', 'secret:baton/test/slack-token-??????')],
      });
    }
  });
});

describe('every policy in the stack', () => {
  const statements = (of = template) => {
    const all: Array<Record<string, unknown>> = [];
    for (const type of ['AWS::IAM::Policy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy']) {
      for (const resource of Object.values(of.findResources(type))) all.push(...resource.Properties.PolicyDocument.Statement);
    }
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
    }
    return all;
  };
  const list = (value: unknown) => [value].flat();

  it('allows no wildcard action (the only "*" actions deny requests without TLS)', () => {
    for (const statement of statements()) {
      const wildcard = list(statement.Action).some((action) => String(action).includes('*'));
      if (wildcard) expect(statement).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    }
  });

  it('allows "*" as a resource nowhere; with tracing on, only for X-Ray, which supports no resource-level permission', () => {
    const open = (of?: typeof template) => statements(of).filter((s) => s.Effect === 'Allow' && list(s.Resource).includes('*'));
    const traced = synthBaton({ tracing: 'true' }).template;

    expect(open()).toEqual([]);
    expect(open(traced)).toHaveLength(5);
    for (const statement of open(traced)) expect(statement).toEqual(common('api').xray);
  });

  it('passes no role but the scheduler role, and only to EventBridge Scheduler', () => {
    const passes = statements().filter((s) => list(s.Action).includes('iam:PassRole'));

    expect(passes).toHaveLength(3);
    for (const pass of passes) expect(pass).toEqual(common('api').passRole);
  });

  it('reads no secret outside the stage’s prefix', () => {
    const reads = statements().filter((s) => list(s.Action).some((a) => String(a).startsWith('secretsmanager:')));

    expect(reads).toHaveLength(5);
    for (const read of reads) expect(read).toEqual(common('api').secrets);
  });
});
