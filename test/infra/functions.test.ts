/** One Lambda per handler: the runtime, size, tracing, logs and environment each is given. */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BatonFunction } from '../../infra/lib/baton-function.js';
import { STAGE, cliAppProps, formattedArn, functionNamed, logicalId, synthBaton } from '../support/cdk.js';

const { template } = synthBaton();
const traced = synthBaton({ tracing: 'true' }).template;
const ROLES = ['api', 'reports', 'deadline', 'sweeper', 'weekly'] as const;

describe('the functions', () => {
  it.each(ROLES)('%s runs Node.js 22 on ARM64, traced by X-Ray only when asked (-c tracing=true)', (role) => {
    expect(functionNamed(template, role).Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler' });
    expect(functionNamed(template, role).Properties).not.toHaveProperty('TracingConfig.Mode', 'Active');
    expect(functionNamed(traced, role).Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  it('size the api for requests, the deadline for one firing and the sweeper for a minute of work, one at a time', () => {
    expect(functionNamed(template, 'api').Properties).toMatchObject({ MemorySize: 1024, Timeout: 15 });
    expect(functionNamed(template, 'deadline').Properties).toMatchObject({ MemorySize: 512, Timeout: 30 });
    expect(functionNamed(template, 'sweeper').Properties).toMatchObject({ MemorySize: 512, Timeout: 60, ReservedConcurrentExecutions: 1 });
    expect(functionNamed(template, 'api').Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('size the weekly function for a week’s report per due tenant, one run at a time', () => {
    expect(functionNamed(template, 'weekly').Properties).toMatchObject({ MemorySize: 2048, Timeout: 300, ReservedConcurrentExecutions: 1 });
  });

  it.each(ROLES)('%s logs to its own log group, kept three months and retained with the stack', (role) => {
    const logGroup = (functionNamed(template, role).Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(template.toJSON().Resources[logGroup]).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: 90 },
      DeletionPolicy: 'Retain',
    });
  });

  it.each(ROLES)('%s is told the table, the scheduling targets, the secrets prefix and the Powertools settings', (role) => {
    expect(functionNamed(template, role).Properties.Environment).toEqual({
      Variables: {
        TABLE_NAME: { Ref: logicalId(template, 'AWS::DynamoDB::GlobalTable') },
        SCHEDULE_GROUP_NAME: `baton-${STAGE}-deadlines`,
        DEADLINE_FUNCTION_ARN: formattedArn('lambda', `function:baton-${STAGE}-deadline`),
        SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [logicalId(template, 'AWS::IAM::Role', { AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] }) }), 'Arn'] },
        DEADLINE_DLQ_ARN: { 'Fn::GetAtt': [logicalId(template, 'AWS::SQS::Queue'), 'Arn'] },
        FRESHSERVICE_SECRET_PREFIX: `baton/${STAGE}/freshservice/`,
        POWERTOOLS_SERVICE_NAME: 'baton',
        POWERTOOLS_METRICS_NAMESPACE: 'Baton',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
  });

  it('name the Slack token secret only when one is configured', () => {
    const withSlack = synthBaton({ slackTokenSecret: 'baton/test/slack-token' }).template;

    expect(functionNamed(withSlack, 'api').Properties.Environment).toMatchObject({ Variables: { SLACK_TOKEN_SECRET_ARN: 'baton/test/slack-token' } });
    expect(JSON.stringify(template.toJSON())).not.toContain('SLACK_TOKEN_SECRET_ARN');
  });

  it('retry a firing the deadline function failed on twice, then park it in the dead-letter queue', () => {
    expect(functionNamed(template, 'deadline').Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [logicalId(template, 'AWS::SQS::Queue'), 'Arn'] } });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: functionNamed(template, 'deadline').id }, Qualifier: '$LATEST', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 });
  });

  it('run the sweeper every minute, without event retries piling up behind its single slot', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: functionNamed(template, 'sweeper').id }, Qualifier: '$LATEST', MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionNamed(template, 'sweeper').id, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
  });

  it('run the weekly digest every 15 minutes, a failed run left to the next tick', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: functionNamed(template, 'weekly').id }, Qualifier: '$LATEST', MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionNamed(template, 'weekly').id, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
  });
});

describe('the AWS SDK', () => {
  it('is taken from the Lambda runtime when bundleAwsSdk is false (bundled by default: the bundle test runs bundles with no node_modules)', async () => {
    const outdir = await mkdtemp(join(tmpdir(), 'baton-sdk-option-'));
    try {
      const stack = new Stack(new App(cliAppProps(outdir)), 'Option');
      new BatonFunction(stack, 'Deadline', { handler: 'deadline.ts', functionName: 'option', description: 'option', environment: {}, memorySize: 128, timeout: Duration.seconds(3), bundleAwsSdk: false });
      const asset = (await readdir(outdir)).find((name) => name.startsWith('asset.'))!;

      const bundle = await readFile(join(outdir, asset, 'index.mjs'), 'utf8');

      expect(bundle).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
      expect(bundle).toMatch(/from\s*"@aws-sdk\/client-scheduler"/);
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  });
});
