/** cdk-nag's AWS Solutions rules run on every synth: no finding is left unacknowledged, and each acknowledgement says why. */
import { Match } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { createBatonApp } from '../../infra/lib/app.js';
import { STAGE, cliAppProps, synthBaton, testAppProps, withScratchOutdir } from '../support/cdk.js';

const { app, stack, template, annotations } = synthBaton();

/** Every acknowledgement the template records (cdk-nag writes them into each resource's Metadata). */
function acknowledgements(of = template): Array<{ id: string; reason: string }> {
  return Object.values(of.toJSON().Resources as Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress: Array<{ id: string; reason: string }> } } }>).flatMap(
    (resource) => resource.Metadata?.cdk_nag?.rules_to_suppress ?? [],
  );
}

describe('cdk-nag', () => {
  it('finds nothing that is not acknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(app);

    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('leaves CDK itself with no error or warning to report', () => {
    annotations.hasNoError('*', Match.anyValue());
    annotations.hasNoWarning('*', Match.anyValue());
  });

  it('is acknowledged only where AWS or Baton’s design requires it, each time with a reason', () => {
    const ids = new Set(acknowledgements().map((a) => a.id));

    expect([...ids].sort()).toEqual(
      [
        'AwsSolutions-APIG4',
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/baton-${STAGE}-deadlines/*]`,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:baton/${STAGE}/freshservice/*]`,
        'AwsSolutions-L1',
        'AwsSolutions-SNS2',
        'AwsSolutions-SQS3',
      ].sort(),
    );
    for (const { reason } of acknowledgements()) expect(reason.length).toBeGreaterThan(40);
  });

  it('acknowledges the X-Ray "*" resource only when tracing is on, and finds nothing else then', () => {
    const traced = synthBaton({ tracing: 'true' });

    expect(acknowledgements(traced.template).map((a) => a.id)).toContain('AwsSolutions-IAM5[Resource::*]');
    expect(acknowledgements().map((a) => a.id)).not.toContain('AwsSolutions-IAM5[Resource::*]');
    expect(new AwsSolutionsChecks().validateScope(traced.app).violations).toEqual([]);
  });

  it('stops the synth on a finding nobody acknowledged', () => {
    withScratchOutdir((outdir) => {
      const { app: unsafe, stack: unsafeStack } = createBatonApp(testAppProps(outdir));
      unsafeStack.api.handler.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: [unsafeStack.data.table.tableArn] }));

      expect(() => unsafe.synth()).toThrow(/AwsSolutions-IAM5\[Action::dynamodb:\*\]/);
    });
  });
});

describe('the stack options', () => {
  it('refuse a stage that cannot name resources, saying why', () => {
    expect(() => withScratchOutdir((outdir) => createBatonApp(cliAppProps(outdir, { stage: 'Prod_1' })))).toThrow(/Invalid CDK context: stage: a stage is 1–20 lowercase letters/);
  });

  it('refuse an alarm e-mail that is not one', () => {
    expect(() => withScratchOutdir((outdir) => createBatonApp(cliAppProps(outdir, { alarmEmail: 'ops' })))).toThrow(/Invalid CDK context: alarmEmail/);
  });

  it('name the stack after the stage, dev by default', () => {
    // No stage in the context (bundling skipped: only the name is looked at).
    expect(withScratchOutdir((outdir) => createBatonApp(cliAppProps(outdir, { 'aws:cdk:bundling-stacks': [] })).stack.stackName)).toBe('Baton-dev');
    expect(stack.stackName).toBe(`Baton-${STAGE}`);
  });
});
