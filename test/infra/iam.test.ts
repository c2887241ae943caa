/**
 * Least privilege, statement by statement: each function may do what its code calls, on Baton's resources, and nothing else.
 * Statements are compared as the grants they make (`grants`): CDK merges them (cdk.json's minimizePolicies) as it sees fit.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { STAGE, formattedArn, functionNamed, grants, logicalId, statementsOfFunction, synthBaton, type FunctionRole } from '../support/cdk.js';

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
    expect(grants(statementsOfFunction(template, 'api'))).toEqual(grants([
      c.logs,
      { Effect: 'Allow', Action: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'], Resource: tableArn },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: [index('open'), index('escalations'), index('by-week')] },
      c.schedules,
      c.passRole,
      c.secrets,
    ]));
  });

  it('let the reports function read a week through the week index and keep baselines and idempotency claims, with no scheduling', () => {
    const c = common('reports');
    expect(grants(statementsOfFunction(template, 'reports'))).toEqual(grants([
      c.logs,
      { Effect: 'Allow', Action: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], Resource: tableArn },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: index('by-week') },
      c.secrets,
    ]));
  });

  it('let the weekly function read the tenants, their matrices and weeks, keep week KPIs and the digest record, with no scheduling and no delete', () => {
    const c = common('weekly');
    expect(grants(statementsOfFunction(template, 'weekly'))).toEqual(grants([
      c.logs,
      { Effect: 'Allow', Action: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: tableArn },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: index('by-week') },
      c.secrets,
    ]));
  });

  it('let the deadline function run one command, with no index and no delete, and park a firing it keeps failing on', () => {
    const c = common('deadline');
    expect(grants(statementsOfFunction(template, 'deadline'))).toEqual(grants([
      c.logs,
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [logicalId(template, 'AWS::SQS::Queue'), 'Arn'] } },
      { Effect: 'Allow', Action: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem'], Resource: tableArn },
      c.schedules,
      c.passRole,
      c.secrets,
    ]));
  });

  it('let the sweeper read the outbox index, redo commands and look up a schedule before making it again', () => {
    const c = common('sweeper');
    expect(grants(statementsOfFunction(template, 'sweeper'))).toEqual(grants([
      c.logs,
      { Effect: 'Allow', Action: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem'], Resource: tableArn },
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: index('outbox') },
      c.schedules,
      c.passRole,
      c.secrets,
      { Effect: 'Allow', Action: 'scheduler:GetSchedule', Resource: formattedArn('scheduler', `schedule/baton-${STAGE}-deadlines/*`) },
    ]));
  });

  it('add the Slack token secret, by name with its random suffix, when one is configured', () => {
    const withSlack = synthBaton({ slackTokenSecret: 'baton/test/slack-token' }).template;

    for (const role of ['api', 'deadline', 'sweeper', 'weekly'] as const) {
      const reads = grants(statementsOfFunction(withSlack, role)).filter((g) => g.Action === 'secretsmanager:GetSecretValue');
      expect(reads).toEqual(grants([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [formattedArn('secretsmanager', `secret:baton/${STAGE}/freshservice/*`), formattedArn('secretsmanager', 'secret:baton/test/slack-token-??????')] }]));
    }
  });
});

describe('every policy in the stack', () => {
  /** The grants of every policy (roles, queue, topic), one per action and resource. */
  const policyGrants = (of = template) => {
    const all: Array<Record<string, unknown>> = [];
    for (const type of ['AWS::IAM::Policy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy']) {
      for (const resource of Object.values(of.findResources(type))) all.push(...resource.Properties.PolicyDocument.Statement);
    }
    for (const role of Object.values(of.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
    }
    return grants(all);
  };
  /** The same statement once per function that has it. */
  const times = (count: number, statement: Record<string, unknown>) => grants(Array.from({ length: count }, () => statement));

  it('allows no wildcard action (the only "*" actions deny requests without TLS)', () => {
    for (const grant of policyGrants()) {
      if (String(grant.Action).includes('*')) expect(grant).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    }
  });

  it('allows "*" as a resource nowhere; with tracing on, only for X-Ray, which supports no resource-level permission', () => {
    const open = (of?: typeof template) => policyGrants(of).filter((g) => g.Effect === 'Allow' && g.Resource === '*');
    const traced = synthBaton({ tracing: 'true' }).template;

    expect(open()).toEqual([]);
    expect(open(traced)).toEqual(times(5, common('api').xray));
  });

  it('passes no role but the scheduler role, and only to EventBridge Scheduler', () => {
    const passes = policyGrants().filter((g) => g.Action === 'iam:PassRole');

    expect(passes).toEqual(times(3, common('api').passRole));
  });

  it('reads no secret outside the stage’s prefix', () => {
    const reads = policyGrants().filter((g) => String(g.Action).startsWith('secretsmanager:'));

    expect(reads).toEqual(times(5, common('api').secrets));
  });
});
