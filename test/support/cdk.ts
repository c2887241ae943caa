/** The Baton stack synthesized for assertions, and the lookups its tests share (by type and name, never by generated logical id). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppProps } from 'aws-cdk-lib';
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import { createBatonApp } from '../../infra/lib/app.js';

export const STAGE = 'test';

/**
 * cdk.json's `context` (the feature flags), which `cdk synth` hands the app: every synth outside the CLI takes it
 * from here, so tests and benches build the stack the CLI builds.
 */
export const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context?: Record<string, unknown> }).context ?? {};

/**
 * The app as `cdk synth` makes it: cdk.json's context, then `context` (the options `-c key=value` would give).
 * @example createBatonApp(cliAppProps(outdir, { stage: 'prod' }))
 */
export const cliAppProps = (outdir: string, context: Record<string, unknown> = {}): AppProps => ({ outdir, context: { ...CDK_JSON_CONTEXT, ...context } });

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
  ...cliAppProps(outdir, { stage: STAGE, 'aws:cdk:bundling-stacks': [], ...context }),
  builtinCloudFormationValidation: false,
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

/** One permission a policy statement makes: a single action on a single resource, with the statement's effect and condition. */
export type Grant = Record<string, unknown> & { Effect: unknown; Action: unknown; Resource: unknown };

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

/**
 * Statements as the grants they make, one per action and resource, in a fixed order: the same whether CDK merges
 * statements (cdk.json's `@aws-cdk/aws-iam:minimizePolicies`) or not, so a test compares permissions, not their packing.
 * @example expect(grants(statementsOfFunction(template, 'api'))).toEqual(grants([{ Effect: 'Allow', Action: [...], Resource: ... }]))
 */
export function grants(statements: ReadonlyArray<Record<string, unknown>>): Grant[] {
  const list = (value: unknown) => [value].flat();
  return statements
    .flatMap(({ Action, Resource, ...rest }) => list(Action).flatMap((action) => list(Resource).map((resource) => ({ ...rest, Action: action, Resource: resource }) as Grant)))
    .sort((a, b) => canonical(a).localeCompare(canonical(b)));
}

/** `arn:<partition>:<service>:<region>:<account>:<rest>` as CDK renders a formatted ARN in the template. */
export const formattedArn = (service: string, rest: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${rest}`]],
});
