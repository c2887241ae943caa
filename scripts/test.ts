/**
 * `npm test`: the checks of `npm run checks` and the test suite (`vitest run`, with any arguments given) side by
 * side. One after the other, the suite's first minute was mostly waiting (the smoke test's one-minute deadline on
 * the real clock holds one of its two workers) while the checks' CPU-bound minute came before it; side by side the
 * checks fill that wait. Vitest prints as it goes; the checks print after it, each in one piece, so that nothing
 * lands inside vitest's live summary. The exit code is 1 if a check or the suite failed.
 */
import { spawn } from 'node:child_process';
import { checkCommands, printCheck, runCheck } from './checks/run.js';

const checks = Promise.all((await checkCommands()).map(runCheck));
const suite = spawn('vitest', ['run', ...process.argv.slice(2)], { stdio: 'inherit' });
const suitePassed = await new Promise<boolean>((resolve) => {
  suite.once('error', (error) => {
    console.error(`vitest did not start: ${error.message}`);
    resolve(false);
  });
  suite.once('close', (code) => resolve(code === 0));
});
const results = await checks;
console.log('\nChecks (npm run checks), run beside the suite:');
results.forEach(printCheck);
process.exitCode = suitePassed && results.every((r) => r.passed) ? 0 : 1;
