/**
 * A synthesized template's values made concrete for a local run (pseudo parameters, Ref, GetAtt Arn, Join),
 * and a small IAM evaluator to hold a recorded call against the statements of a role.
 */
import { ACCOUNT, REGION } from './aws-stand-in.js';

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

const PSEUDO: Record<string, string> = { 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::Partition': 'aws', 'AWS::URLSuffix': 'amazonaws.com' };

/** The ARN a resource of this type would have, named by its logical id (what the template gives is all a local run needs). */
function arnOf(template: Template, id: string): string {
  const resource = template.Resources[id];
  switch (resource?.Type) {
    case 'AWS::IAM::Role':
      return `arn:aws:iam::${ACCOUNT}:role/${id}`;
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:${REGION}:${ACCOUNT}:${id}`;
    case 'AWS::Logs::LogGroup':
      return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${id}:*`;
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${String(resource.Properties?.FunctionName ?? id)}`;
    default:
      throw new Error(`No local ARN for ${id} (${resource?.Type ?? 'not in the template'})`);
  }
}

/**
 * @param given concrete values for some resources (the table: dynalite's name and its ARN)
 * @example const resolve = localResolver(template, { [tableId]: { ref: 'baton', arn: '…:table/baton' } }); resolve(fn.Properties.Environment)
 */
export function localResolver(template: Template, given: Record<string, { ref: string; arn: string }>) {
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const [key, argument] = entries[0] ?? [];
    if (entries.length === 1 && key === 'Ref') return PSEUDO[argument as string] ?? given[argument as string]?.ref ?? argument;
    if (entries.length === 1 && key === 'Fn::GetAtt') {
      const [id, attribute] = argument as [string, string];
      if (attribute !== 'Arn') throw new Error(`No local value for ${id}.${attribute}`);
      return given[id]?.arn ?? arnOf(template, id);
    }
    if (entries.length === 1 && key === 'Fn::Join') {
      const [separator, parts] = argument as [string, unknown[]];
      return parts.map(resolve).join(separator);
    }
    if (entries.length === 1 && key?.startsWith('Fn::')) throw new Error(`No local value for ${key}`);
    return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v)]));
  };
  return resolve;
}

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = <T>(value: T | T[]) => [value].flat() as T[];
const pattern = (glob: string) => new RegExp(`^${glob.split('*').map((part) => part.split('?').map((p) => p.replace(/[.+^${}()|[\]\\/]/g, '\\$&')).join('.')).join('.*')}$`);

/** Whether some Allow statement grants the action on the resource, its conditions holding in `context` (only StringEquals is understood; anything else does not hold). */
export function allows(statements: Statement[], action: string, resource: string, context: Record<string, string> = {}): boolean {
  const holds = (condition: Statement['Condition']) =>
    Object.entries(condition ?? {}).every(([operator, keys]) => operator === 'StringEquals' && Object.entries(keys).every(([key, value]) => list(value).includes(context[key] ?? '')));
  return statements.some(
    (s) => s.Effect === 'Allow' && list(s.Action).some((a) => pattern(a).test(action)) && list(s.Resource).some((r) => pattern(r).test(resource)) && holds(s.Condition),
  );
}
