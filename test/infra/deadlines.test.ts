/** Deadlines: Baton's own schedule group, a scheduler role that can only fire the deadline function, an encrypted dead-letter queue. */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { STAGE, formattedArn, logicalId, statementsOfRole, synthBaton } from '../support/cdk.js';

const { template } = synthBaton();
const schedulerRole = () => logicalId(template, 'AWS::IAM::Role', { AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] }) });
const queue = () => logicalId(template, 'AWS::SQS::Queue');

describe('the deadlines', () => {
  it('live in a schedule group of their own, named after the stage and given as an output', () => {
    template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: `baton-${STAGE}-deadlines` });
    template.hasOutput('ScheduleGroupName', { Value: `baton-${STAGE}-deadlines` });
  });

  it('fire through a role only EventBridge Scheduler of this account may assume', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }],
        Version: '2012-10-17',
      },
    });
  });

  it('whose only rights are to invoke the deadline function and to park a failed firing', () => {
    expect(statementsOfRole(template, schedulerRole())).toEqual([
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: formattedArn('lambda', `function:baton-${STAGE}-deadline`) },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [queue(), 'Arn'] } },
    ]);
  });

  it('park failed firings in an SQS-encrypted queue kept two weeks', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('refuse any access to that queue without TLS', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queue() }],
      PolicyDocument: { Statement: [{ Effect: 'Deny', Action: 'sqs:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Resource: { 'Fn::GetAtt': [queue(), 'Arn'] } }], Version: '2012-10-17' },
    });
  });
});
