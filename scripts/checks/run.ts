/** What `npm run checks` and `npm test` share: the checks' commands, each run in its own process with its output kept. */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/**
 * The `typecheck` script's tsc projects and the `lint` script: the commands stay in package.json (one place).
 * `npm run` puts node_modules/.bin on the PATH for them.
 * @example const commands = await checkCommands(); // ['tsc --noEmit -p tsconfig.json', …, 'eslint .']
 */
export async function checkCommands(): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> };
  return [...scripts.typecheck!.split(' && '), scripts.lint!];
}

export interface CheckResult {
  command: string;
  passed: boolean;
  seconds: number;
  /** stdout and stderr, in the order they came. */
  output: string;
}

/**
 * Runs one check with its output kept, so that checks side by side print in one piece each.
 * @example printCheck(await runCheck('eslint .'));
 */
export function runCheck(command: string): Promise<CheckResult> {
  const started = performance.now();
  const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => {
    child.once('close', (code) => resolve({ command, passed: code === 0, seconds: (performance.now() - started) / 1000, output }));
  });
}

/** One check's line (ok or FAIL, and how long it took), then its output if it printed any. */
export function printCheck({ command, passed, seconds, output }: CheckResult): void {
  console.log(`${passed ? 'ok  ' : 'FAIL'}  ${command} (${seconds.toFixed(1)} s)`);
  if (output.trim() !== '') console.log(output.trimEnd());
}
