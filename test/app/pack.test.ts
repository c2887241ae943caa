import { execFile } from 'node:child_process';
import { readFile, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packApp } from '../../scripts/app/pack.js';
import { copyApp, editJson, ROOT } from './app-fixture.js';

let dir: string;

beforeEach(async () => {
  dir = await copyApp();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `tsx scripts/app/pack.ts --no-build DIR --out FILE` from the repository root. */
function pack(out: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/app/pack.ts', '--no-build', dir, '--out', out], { cwd: ROOT }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
  });
}

describe('npm run app:pack', () => {
  it('zips exactly what the marketplace takes: manifest, README, app/, config/, server/', async () => {
    const out = join(dir, 'out/app.zip');

    const { code, stdout } = await pack(out);
    const entries = unzipSync(new Uint8Array(await readFile(out)));

    expect([code, stdout]).toEqual([0, `Packed 12 files into ${relative(ROOT, out)}\n`]);
    expect(Object.keys(entries).sort()).toEqual([
      'README.md',
      'app/index.html',
      'app/review.html',
      'app/scripts/review.js',
      'app/scripts/sidebar.js',
      'app/styles/images/icon.svg',
      'app/styles/review.css',
      'app/styles/sidebar.css',
      'config/iparams.json',
      'config/requests.json',
      'manifest.json',
      'server/server.js',
    ]);
    expect(new TextDecoder().decode(entries['manifest.json'])).toBe(await readFile(join(dir, 'manifest.json'), 'utf8'));
  });

  it('packs the same app into the same bytes', async () => {
    await packApp(dir, join(dir, 'a.zip'));
    await packApp(dir, join(dir, 'b.zip'));
    const [first, second] = await Promise.all([readFile(join(dir, 'a.zip')), readFile(join(dir, 'b.zip'))]);

    expect(first.equals(second)).toBe(true);
  });

  it('refuses to pack an app with findings, naming them, and writes no zip', async () => {
    await editJson(dir, 'manifest.json', (m) => {
      m['platform-version'] = '2.3';
    });
    const out = join(dir, 'out/app.zip');

    const { code, stdout, stderr } = await pack(out);

    expect([code, stdout, stderr]).toEqual([1, 'manifest.json  platform-version  "platform-version" must be "3.0" (got "2.3")\n', 'app:pack refused: app:check has 1 finding (fix them, then pack again)\n']);
    await expect(stat(out)).rejects.toThrow();
  });
});
