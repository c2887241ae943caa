/**
 * `npm run synth` and `npm run deploy`: the CDK CLI, with its own network calls turned off (notices,
 * telemetry, version check), so a synth needs no network and no AWS credentials.
 *   npm run synth [-- -c stage=prod ...]      prints the template (cdk-nag findings stop it)
 *   npm run deploy -- <stage> [cdk options]   deploys Baton-<stage>, writes its outputs to .baton-aws/<stage>.outputs.json
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { OFFLINE_ENV, cdkArguments } from '../lib/cdk-command.js';

let args: string[];
try {
  args = cdkArguments(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const cdk = createRequire(import.meta.url).resolve('aws-cdk/bin/cdk');
const run = spawnSync(process.execPath, [cdk, ...args], { stdio: 'inherit', env: { ...process.env, ...OFFLINE_ENV } });
process.exit(run.status ?? 1);
