/**
 * `npm run checks`: the `typecheck` script's tsc projects and the `lint` script side by side, each in its own
 * process. One after the other they took ~95 s on two cores; side by side the largest tsc project (~55 s) bounds
 * them. Each one's output is printed in one piece when it ends, and the exit code is 1 if any failed.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

// The commands stay in package.json (one place); `npm run` puts node_modules/.bin on the PATH for them.
const { scripts } = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> };
const commands = [...scripts.typecheck!.split(' && '), scripts.lint!];

function run(command: string): Promise<boolean> {
  const started = performance.now();
  const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => {
    child.once('close', (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${code === 0 ? 'ok  ' : 'FAIL'}  ${command} (${seconds} s)`);
      if (output.trim() !== '') console.log(output.trimEnd());
      resolve(code === 0);
    });
  });
}

const passed = await Promise.all(commands.map(run));
process.exitCode = passed.every(Boolean) ? 0 : 1;
