/** `npm run synth` and `npm run deploy`: what they ask of the CDK CLI. */
import { describe, expect, it } from 'vitest';
import { OFFLINE_ENV, cdkArguments, outputsFile } from '../../infra/lib/cdk-command.js';

describe('npm run synth', () => {
  it('synthesizes without notices, passing CDK options on', () => {
    expect(cdkArguments(['synth', '-c', 'stage=prod'])).toEqual(['synth', '--no-notices', '-c', 'stage=prod']);
  });

  it('turns off the CLI’s telemetry and version check', () => {
    expect(OFFLINE_ENV).toEqual({ CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: 'true' });
  });
});

describe('npm run deploy', () => {
  it('deploys the named stage’s stack, asks before access widens, and keeps the outputs', () => {
    expect(cdkArguments(['deploy', 'prod', '--profile', 'baton'])).toEqual([
      'deploy', 'Baton-prod', '-c', 'stage=prod', '--no-notices', '--require-approval', 'broadening', '--outputs-file', '.baton-aws/prod.outputs.json', '--profile', 'baton',
    ]);
    expect(outputsFile('prod')).toBe('.baton-aws/prod.outputs.json');
  });

  it('refuses to run without a stage, or with one that cannot name resources', () => {
    expect(() => cdkArguments(['deploy'])).toThrow(/Usage: npm run synth .* npm run deploy -- <stage>/);
    expect(() => cdkArguments(['deploy', '--profile'])).toThrow(/a stage is 1–20 lowercase letters/);
  });

  it('refuses any other command', () => {
    expect(() => cdkArguments(['destroy', 'prod'])).toThrow(/Usage/);
  });
});
