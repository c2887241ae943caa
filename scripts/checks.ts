/**
 * `npm run checks`: the `typecheck` script's tsc projects and the `lint` script side by side, each in its own
 * process. One after the other they took ~95 s on two cores; side by side the largest tsc project (~55 s) bounds
 * them. Each one's output is printed in one piece when it ends, and the exit code is 1 if any failed.
 */
import { checkCommands, printCheck, runCheck } from './checks/run.js';

const results = await Promise.all(
  (await checkCommands()).map(async (command) => {
    const result = await runCheck(command);
    printCheck(result);
    return result;
  }),
);
process.exitCode = results.every((r) => r.passed) ? 0 : 1;
