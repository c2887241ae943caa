/**
 * `npm run bench`: every benchmark the issues set targets for, one after another in processes of their own
 * (each measures from a cold start), all run even when one misses its target; exits non-zero if any did.
 * The API latency bench (bench:api) and the app's (bench:app) need their own quiet minutes and run alone.
 */
import { spawnSync } from 'node:child_process';

const BENCHES: Array<{ file: string; args?: string[] }> = [
  { file: 'bench/domain.bench.ts', args: ['--expose-gc'] },
  { file: 'bench/bundles.bench.ts' },
  { file: 'bench/cost.bench.ts' },
  { file: 'bench/report.bench.ts' },
];

const missed: string[] = [];
for (const { file, args = [] } of BENCHES) {
  console.log(`\n=== ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', ...args, file], { stdio: 'inherit' });
  if (run.status !== 0) missed.push(`${file} (exit ${run.status ?? run.signal})`);
}
if (missed.length > 0) {
  console.log(`\nMissed a target or failed: ${missed.join(', ')}`);
  process.exitCode = 1;
}
