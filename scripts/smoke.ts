// `npm run smoke -- --url <api> --key <key> [--deadline]`: the post-deploy smoke test. Prints each step with its
// latency; exits 1 on the first failure (and 2 on a usage mistake).
import { parseArgs } from 'node:util';
import { runSmoke } from './smoke/steps.js';

const USAGE = 'Usage: npm run smoke -- --url https://<api-id>.execute-api.<region>.amazonaws.com --key <tenant API key> [--deadline] [--deadline-timeout <seconds>]';

let values: { url?: string; key?: string; deadline?: boolean; 'deadline-timeout'?: string };
try {
  ({ values } = parseArgs({ options: { url: { type: 'string' }, key: { type: 'string' }, deadline: { type: 'boolean' }, 'deadline-timeout': { type: 'string' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const key = values.key ?? process.env.BATON_SMOKE_KEY;
if (!values.url || !key) {
  console.error(`${USAGE}\n(the key may also come from BATON_SMOKE_KEY, so it stays out of the shell history)`);
  process.exit(2);
}
const timeout = values['deadline-timeout'] === undefined ? undefined : Number(values['deadline-timeout']) * 1000;
if (timeout !== undefined && !(timeout > 0)) {
  console.error(`--deadline-timeout is a number of seconds\n${USAGE}`);
  process.exit(2);
}

const steps = await runSmoke({ url: values.url, key, deadline: values.deadline === true, ...(timeout ? { deadlineTimeoutMs: timeout } : {}) }, (step) =>
  console.log(`${step.ok ? 'ok  ' : 'FAIL'}  ${step.name.padEnd(62)} ${`${Math.round(step.ms)} ms`.padStart(9)}  ${step.detail}`),
);
const failed = steps.some((s) => !s.ok);
console.log(failed ? 'smoke test FAILED' : `smoke test passed (${steps.length} steps)`);
process.exit(failed ? 1 : 0);
