/** The Baton stack synthesized for assertions, and the lookups its tests share (by type and name, never by generated logical id). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppProps } from 'aws-cdk-lib';
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import { createBatonApp } from '../../infra/lib/app.js';

export const STAGE = 'test';

/**
 * Synthesizes without bundling (the bundle test builds and runs the bundles) and without the built-in
 * CloudFormation validation (several seconds; `npm run synth` runs it). cdk-nag runs: a finding throws here.
 */
export function synthBaton(context: Record<string, unknown> = {}) {
  return withScratchOutdir((outdir) => {
    const { app, stack } = createBatonApp(testAppProps(outdir, context));
    return { app, stack, template: Template.fromStack(stack), annotations: Annotations.fromStack(stack) };
  });
}

/** What the template tests synthesize with: the test stage, no bundling, no built-in CloudFormation validation. */
export const testAppProps = (outdir: string, context: Record<string, unknown> = {}): AppProps => ({
  outdir,
  builtinCloudFormationValidation: false,
  context: { stage: STAGE, 'aws:cdk:bundling-stacks': [], ...context },
});

/** Runs `synth` with a cloud assembly folder of its own, removed afterwards (the template is in memory by then). */
export function withScratchOutdir<T>(synth: (outdir: string) => T): T {
  const outdir = mkdtempSync(join(tmpdir(), 'baton-cdk-test-'));
  try {
    return synth(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

type Resource = { Type: string; Properties: Record<string, unknown> };

/** The logical id of the one resource of this type (matching `properties` when given); fails on none or several. */
export function logicalId(template: Template, type: string, properties?: Record<string, unknown>): string {
  const found = Object.keys(template.findResources(type, properties ? { Properties: properties } : undefined));
  if (found.length !== 1) throw new Error(`Expected one ${type}, found ${found.length}`);
  return found[0]!;
}

/** Baton's functions, by the last part of their names. */
export type FunctionRole = 'api' | 'reports' | 'deadline' | 'sweeper' | 'weekly';

/** A function's resource by its name (baton-test-api, …). */
export function functionNamed(template: Template, role: FunctionRole): Resource & { id: string } {
  const id = logicalId(template, 'AWS::Lambda::Function', { FunctionName: `baton-${STAGE}-${role}` });
  return { id, ...(template.toJSON().Resources[id] as Resource) };
}

/** The statements of the one policy attached to a role, given the role's logical id. */
export function statementsOfRole(template: Template, roleId: string): Array<Record<string, unknown>> {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]));
  if (policies.length !== 1) throw new Error(`Expected one policy on ${roleId}, found ${policies.length}`);
  return policies[0]!.Properties.PolicyDocument.Statement;
}

/** The statements of a function's role. */
export function statementsOfFunction(template: Template, role: FunctionRole): Array<Record<string, unknown>> {
  const roleArn = functionNamed(template, role).Properties.Role as { 'Fn::GetAtt': [string, string] };
  return statementsOfRole(template, roleArn['Fn::GetAtt'][0]);
}

/** `arn:<partition>:<service>:<region>:<account>:<rest>` as CDK renders a formatted ARN in the template. */
export const formattedArn = (service: string, rest: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${rest}`]],
});
