import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBaton, type BatonProcess } from '../support/baton.js';

const KEY = 'smoke-key-0123456789abcdef';

/** `npm run smoke -- …` as a user runs it: its own process, its printed steps and its exit code. */
function smoke(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/smoke.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

const passed = (output: string) => output.split('\n').filter((line) => line.startsWith('ok  ')).map((line) => line.slice(6, 68).trim());

describe('the smoke test against npm start (system clock, the smoke matrix)', () => {
  let server: BatonProcess;
  beforeAll(async () => {
    server = await spawnBaton({
      BATON_DATA_DIR: await mkdtemp(join(tmpdir(), 'baton-smoke-')),
      BATON_PORT: '0',
      BATON_CLOCK: 'system',
      BATON_API_KEYS: `smoke:${KEY}`,
      BATON_MATRIX: 'examples/matrix.smoke.yaml',
    });
  });
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('passes every step of an escalation’s life and prints each with its latency', async () => {
    const { code, output } = await smoke(['--url', server.url, '--key', KEY]);

    expect(code, output).toBe(0);
    expect(passed(output)).toEqual([
      'health',
      'OpenAPI document',
      'matrix',
      'clean up earlier smoke tickets',
      expect.stringMatching(/^lifecycle: open smoke-/),
      'lifecycle: hand off to smoke-noc',
      'lifecycle: acknowledge',
      'lifecycle: resolve',
    ]);
    expect(output).toMatch(/^ok +health +\d+ ms {2}up$/m);
    expect(output).toContain('smoke test passed (8 steps)');
  });

  it('with --deadline, waits for the scheduler to record the unacknowledged handoff overdue, then resolves it', async () => {
    const { code, output } = await smoke(['--url', server.url, '--key', KEY, '--deadline']);

    expect(code, output).toBe(0);
    expect(passed(output)).toEqual(expect.arrayContaining(['deadline: overdue acknowledgement recorded by the scheduler', 'deadline: resolve (cleanup)']));
    expect(output).toContain('smoke test passed (12 steps)');
  }, 150_000);

  it('stops at the first failing step and exits 1', async () => {
    const { code, output } = await smoke(['--url', server.url, '--key', 'not-a-key-0123456789abcdef']);

    expect(code).toBe(1);
    expect(passed(output)).toEqual(['health']);
    expect(output).toMatch(/FAIL {2}OpenAPI document .*answered 401/);
    expect(output).toContain('smoke test FAILED');
  });

  it('refuses to run without a URL and a key (exit 2, the usage)', async () => {
    const { code, output } = await smoke(['--url', server.url]);

    expect(code).toBe(2);
    expect(output).toContain('Usage: npm run smoke');
  });
});
