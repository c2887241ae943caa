/** `npm run tenant` arguments: parsed with node:util, each value checked with the schema the stores and functions use. */
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { stackConfigSchema } from '../../infra/lib/config.js';
import type { TenantCommand } from '../../lambdas/admin/commands.js';
import { FIRST_KEY_LABEL } from '../../lambdas/admin/tenants.js';
import { freshserviceConnectionSchema } from '../../lambdas/adapters/freshservice-secrets.js';
import { keyLabel } from '../../shared/keys.js';
import { keyIdSchema, tenantIdSchema } from '../../shared/ports.js';

export const USAGE = `Usage: npm run tenant -- <command> [arguments] (--stage <stage> | --table <name>) [--region <region>] [--secret-prefix <prefix>]

Commands:
  create <tenant> [--label <what the key is for>] [--smoke]
                                    record a tenant; print its first API key and its webhook secret, once
                                    (--smoke: also activate examples/matrix.smoke.yaml, for npm run smoke)
  tenants                           list the tenants
  add-key <tenant> --scope tenant|party:<id> --label <label>
                                    another API key, printed once
  keys <tenant>                     the tenant's keys and webhook secrets (id, scope, label, created, expires)
  revoke <tenant> <keyId>           the key stops working
  rotate <tenant> <keyId> [--overlap-hours N]
                                    a new key (same scope and label), printed once; the old one works N more hours (default 24)
  webhook-secret <tenant> [--overlap-hours N]
                                    a new webhook secret, printed once; the old one works N more hours (default 24)
  connect-freshservice <tenant> --domain <account>.freshservice.com [--check]
                                    store the Freshservice connection; the API key is read from stdin
                                    (--check: ask Freshservice to accept the key first)
  matrix <tenant> FILE [--replace]  lint FILE and activate it as the tenant's first matrix
                                    (--replace: replace the active one, bypassing governance)

Where: --stage reads the table and the secret prefix from .baton-aws/<stage>.outputs.json (npm run deploy
writes it); --table names the table instead (then --secret-prefix for connect-freshservice). AWS credentials
and the Region come from your shell (or --region).`;

/** A mistake in how the command was written: exit 2 with the usage. */
export class UsageError extends Error {}

export interface TenantInvocation {
  command: TenantCommand;
  target: { stage?: string; table?: string; secretPrefix?: string; region?: string };
}

const OPTIONS = {
  stage: { type: 'string' },
  table: { type: 'string' },
  region: { type: 'string' },
  'secret-prefix': { type: 'string' },
  label: { type: 'string' },
  smoke: { type: 'boolean' },
  scope: { type: 'string' },
  'overlap-hours': { type: 'string' },
  domain: { type: 'string' },
  check: { type: 'boolean' },
  replace: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
type Option = keyof typeof OPTIONS;

const TARGET: Option[] = ['stage', 'table', 'region', 'secret-prefix'];

/** Each command's positional arguments and its own options. */
const COMMANDS: Record<TenantCommand['command'], { positionals: string[]; options: Option[] }> = {
  create: { positionals: ['tenant'], options: ['label', 'smoke'] },
  tenants: { positionals: [], options: [] },
  'add-key': { positionals: ['tenant'], options: ['scope', 'label'] },
  keys: { positionals: ['tenant'], options: [] },
  revoke: { positionals: ['tenant', 'keyId'], options: [] },
  rotate: { positionals: ['tenant', 'keyId'], options: ['overlap-hours'] },
  'webhook-secret': { positionals: ['tenant'], options: ['overlap-hours'] },
  'connect-freshservice': { positionals: ['tenant'], options: ['domain', 'check'] },
  matrix: { positionals: ['tenant', 'file'], options: ['replace'] },
};

const overlapHours = z
  .string()
  .default('24')
  .refine((text) => /^\d{1,3}$/.test(text) && Number(text) <= 720, '--overlap-hours is a whole number of hours from 0 to 720 (30 days)')
  .transform(Number);
const scope = z.union([z.literal('tenant'), z.templateLiteral(['party:', z.string().regex(/^\S{1,64}$/)])], {
  error: '--scope is "tenant" (acts for anyone in the tenant) or "party:<id>" (only for members of that party\'s teams)',
});
/** A URL pasted for the domain loses its scheme and path; what remains is checked by the connection's own schema. */
const domain = z
  .string({ error: '--domain is required: the account\'s <name>.freshservice.com' })
  .transform((text) => text.trim().replace(/^https?:\/\//i, '').replace(/\/.*$/, ''))
  .pipe(freshserviceConnectionSchema.shape.domain);

const commandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('create'), tenant: tenantIdSchema, label: keyLabel.default(FIRST_KEY_LABEL), smoke: z.boolean().default(false) }),
  z.object({ command: z.literal('tenants') }),
  z.object({ command: z.literal('add-key'), tenant: tenantIdSchema, scope, label: z.string({ error: '--label is required: say what the key is for' }).pipe(keyLabel) }),
  z.object({ command: z.literal('keys'), tenant: tenantIdSchema }),
  z.object({ command: z.literal('revoke'), tenant: tenantIdSchema, keyId: keyIdSchema }),
  z.object({ command: z.literal('rotate'), tenant: tenantIdSchema, keyId: keyIdSchema, overlapHours }),
  z.object({ command: z.literal('webhook-secret'), tenant: tenantIdSchema, overlapHours }),
  z.object({ command: z.literal('connect-freshservice'), tenant: tenantIdSchema, domain, check: z.boolean().default(false) }),
  z.object({ command: z.literal('matrix'), tenant: tenantIdSchema, file: z.string().min(1), replace: z.boolean().default(false) }),
]);

const targetSchema = z
  .object({ stage: stackConfigSchema.shape.stage.unwrap().optional(), table: z.string().min(1).optional(), secretPrefix: z.string().min(1).optional(), region: z.string().min(1).optional() })
  .refine((t) => (t.stage === undefined) !== (t.table === undefined), 'Give either --stage <stage> (reads its outputs file) or --table <name>, not both and not neither');

/** How the user wrote a field: `<tenant>` for a positional, `--overlap-hours` for an option. */
const argumentName = (field: string) => {
  const option = field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return Object.hasOwn(OPTIONS, option) ? `--${option}` : `<${field}>`;
};

/** A refusal prefixed with the argument it is about, unless it names it already. */
const said = (argument: string, message: string) => (message.startsWith(argument) ? message : `${argument}: ${message}`);

/**
 * The command and where it acts; null for --help.
 * @throws UsageError naming what is wrong (never echoing a value that could be a secret)
 * @example parseTenantArguments(['keys', 'acme', '--stage', 'prod']) // {command: {command: 'keys', tenant: 'acme'}, target: {stage: 'prod'}}
 */
export function parseTenantArguments(argv: readonly string[]): TenantInvocation | null {
  if (argv.some((arg) => /^--(api-?key|key|secret)(=|$)/i.test(arg))) {
    throw new UsageError('The Freshservice API key is read from stdin, never from the command line (it would stay in the shell history and the process list)');
  }
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  const [name, ...rest] = positionals;
  if (name === undefined) throw new UsageError('Which command?');
  if (!Object.hasOwn(COMMANDS, name)) throw new UsageError(`There is no command "${name}"`);
  const spec = COMMANDS[name as TenantCommand['command']];
  if (rest.length > spec.positionals.length) {
    // Not echoed: a secret pasted in the wrong place should not reach a terminal log as well.
    const extra = rest.length - spec.positionals.length;
    const stdin = name === 'connect-freshservice' ? ' (the API key is read from stdin, never from the command line)' : '';
    throw new UsageError(`${name} takes ${spec.positionals.map((p) => `<${p}>`).join(' ') || 'no arguments'}: ${extra} argument${extra === 1 ? '' : 's'} too many${stdin}`);
  }
  const missing = spec.positionals.slice(rest.length);
  if (missing.length > 0) throw new UsageError(`${name} needs ${missing.map((p) => `<${p}>`).join(' ')}`);
  for (const option of Object.keys(values) as Option[]) {
    if (!TARGET.includes(option) && !spec.options.includes(option)) throw new UsageError(`--${option} is not an option of ${name}`);
  }
  const given = Object.fromEntries(spec.options.filter((o) => values[o] !== undefined).map((o) => [o.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()), values[o]]));
  const command = commandSchema.safeParse({ command: name, ...Object.fromEntries(spec.positionals.map((p, i) => [p, rest[i]])), ...given });
  if (!command.success) throw new UsageError(command.error.issues.map((i) => said(argumentName(String(i.path[0] ?? name)), i.message)).join('\n'));
  const target = targetSchema.safeParse({ stage: values.stage, table: values.table, secretPrefix: values['secret-prefix'], region: values.region });
  if (!target.success) throw new UsageError(target.error.issues.map((i) => (i.path.length > 0 ? said(argumentName(String(i.path[0])), i.message) : i.message)).join('\n'));
  return { command: command.data, target: target.data };
}
