/** What `npm run synth` and `npm run deploy` ask of the CDK CLI (infra/cli/cdk.ts runs it). */
import * as z from 'zod';
import { stackConfigSchema, stageNames } from './config.js';

/** Where `npm run deploy` writes the stack outputs (API URL, table name…), for the tenant command and the smoke test. */
export const outputsFile = (stage: string) => `.baton-aws/${stage}.outputs.json`;

/** The CLI's own calls home, turned off: telemetry and the version check here, notices in cdk.json (each is a network call). */
export const OFFLINE_ENV = { CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: 'true' } as const;

const commandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('synth'), rest: z.array(z.string()) }),
  z.object({ command: z.literal('deploy'), stage: stackConfigSchema.shape.stage.unwrap(), rest: z.array(z.string()) }),
]);

/**
 * The CDK CLI arguments for one of our commands; throws with the usage on anything else.
 * @example cdkArguments(['deploy', 'prod']) // ['deploy', 'Baton-prod', '-c', 'stage=prod', ...]
 */
export function cdkArguments(argv: readonly string[]): string[] {
  const [command, ...rest] = argv;
  const parsed = commandSchema.safeParse(command === 'deploy' ? { command, stage: rest[0], rest: rest.slice(1) } : { command, rest });
  if (!parsed.success) {
    throw new Error(`Usage: npm run synth [-- <cdk options>] | npm run deploy -- <stage> [<cdk options>]\n${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  const input = parsed.data;
  if (input.command === 'synth') return ['synth', '--no-notices', ...input.rest];
  return [
    'deploy',
    stageNames(input.stage).stack,
    '-c',
    `stage=${input.stage}`,
    '--no-notices',
    // Asks before anything widens access (IAM, security groups); `--require-approval never` for a pipeline.
    '--require-approval',
    'broadening',
    '--outputs-file',
    outputsFile(input.stage),
    ...input.rest,
  ];
}
