/** cdk.json sets every feature flag aws-cdk-lib recommends, as `cdk init` would: an upgrade that recommends a new one fails here until someone decides. */
import { readFileSync } from 'node:fs';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { createBatonApp } from '../../infra/lib/app.js';
import { CDK_JSON_CONTEXT, testAppProps, withScratchOutdir } from '../support/cdk.js';

/** The flags infra/README.md lists as set against the recommendation (`- \`flag\`: \`value\` — why`), with their values. */
function setAgainstRecommendation(): Record<string, unknown> {
  const readme = readFileSync(new URL('../../infra/README.md', import.meta.url), 'utf8');
  const list = readme.split(/^Set against the recommendation:$/m)[1]?.trimStart().split(/\n\s*\n/)[0];
  if (list === undefined) throw new Error('infra/README.md has no "Set against the recommendation:" list');
  return Object.fromEntries([...list.matchAll(/^- `([^`]+)`: `([^`]+)`/gm)].map(([, flag, value]) => [flag!, JSON.parse(value!) as unknown]));
}

type FlagReport = Record<string, { userValue?: unknown; recommendedValue?: unknown; unconfiguredBehavesLike?: { v2?: unknown } }>;

/** The feature-flag report the synth writes into the cloud assembly: what `cdk synth` and `cdk flags` read. */
function flagReport(): FlagReport {
  return withScratchOutdir((outdir) => {
    const { app } = createBatonApp(testAppProps(outdir));
    const artifacts = Object.values(app.synth().manifest.artifacts ?? {});
    const report = artifacts.find((artifact) => artifact.type === 'cdk:feature-flag-report');
    return (report?.properties as { flags: FlagReport } | undefined)?.flags ?? {};
  });
}

describe('the CDK feature flags', () => {
  it('are all in cdk.json, each with the value aws-cdk-lib recommends unless infra/README.md says why not', () => {
    const recommended = Object.keys(CURRENTLY_RECOMMENDED_FLAGS);
    const decided = Object.fromEntries(recommended.map((flag) => [flag, CDK_JSON_CONTEXT[flag]]));

    expect(recommended.filter((flag) => !(flag in CDK_JSON_CONTEXT))).toEqual([]);
    expect(decided).toEqual({ ...CURRENTLY_RECOMMENDED_FLAGS, ...setAgainstRecommendation() });
  });

  it('list a flag as set against the recommendation only when cdk.json does set it otherwise', () => {
    for (const [flag, value] of Object.entries(setAgainstRecommendation())) {
      expect(flag in CURRENTLY_RECOMMENDED_FLAGS, flag).toBe(true);
      expect(value, flag).not.toEqual(CURRENTLY_RECOMMENDED_FLAGS[flag as keyof typeof CURRENTLY_RECOMMENDED_FLAGS]);
    }
  });

  it('leave `cdk synth` no flag to report as not configured (the CLI counts them from the assembly’s report)', () => {
    const report = flagReport();
    // The CLI's test: no value given, and the flag's behaviour when unset differs from the recommendation.
    const unconfigured = Object.entries(report).filter(([, f]) => f.userValue === undefined && (f.unconfiguredBehavesLike?.v2 ?? false) !== f.recommendedValue);

    expect(Object.keys(report).length).toBeGreaterThan(0);
    expect(unconfigured.map(([flag]) => flag)).toEqual([]);
  });
});
