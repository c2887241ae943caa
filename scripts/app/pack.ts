/**
 * `npm run app:pack`: dist/baton-freshservice-app.zip, the app as the marketplace takes it (manifest.json,
 * README.md, app/, config/, server/). Builds the app's bundles and runs app:check first; any finding refuses the pack.
 * Usage: tsx scripts/app/pack.ts [--no-build] [APP_DIR] [--out FILE]
 */
import { zipSync } from 'fflate';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_DIR, buildAppBundles } from './build.js';
import { checkApp } from './check.js';
import { findingLine } from './check/finding.js';

export const ZIP_FILE = fileURLToPath(new URL('../../dist/baton-freshservice-app.zip', import.meta.url));

/** What the marketplace takes: these files and these folders' contents (the TypeScript sources stay out). */
const FILES = ['manifest.json', 'README.md'];
const FOLDERS = ['app', 'config', 'server'];
/** Entries get one fixed time, so the same app packs into the same bytes. */
const MTIME = new Date('2026-01-01T00:00:00Z');

/** The app's files to pack, relative to `dir`, sorted; dotfiles left out. */
export async function packedFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of FILES) if (await readFile(join(dir, file)).then(() => true, () => false)) found.push(file);
  for (const folder of FOLDERS) {
    const entries = await readdir(join(dir, folder), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const path = relative(dir, join(e.parentPath, e.name)).split('\\').join('/');
      if (e.isFile() && !path.split('/').some((part) => part.startsWith('.'))) found.push(path);
    }
  }
  return found.sort();
}

/**
 * Zips the app in `dir` into `out` as it is on disk (check it first) and returns the entries.
 * @example await packApp('freshservice-app', 'dist/baton-freshservice-app.zip') // ['README.md', 'app/index.html', …]
 */
export async function packApp(dir: string, out: string): Promise<string[]> {
  const files = await packedFiles(dir);
  const contents = Object.fromEntries(await Promise.all(files.map(async (f) => [f, new Uint8Array(await readFile(join(dir, f)))] as const)));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, zipSync(contents, { level: 9, mtime: MTIME }));
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? (args[outAt + 1] ?? ZIP_FILE) : ZIP_FILE;
  const dir = args.find((a, i) => !a.startsWith('--') && i !== outAt + 1) ?? APP_DIR.replace(/\/$/, '');
  if (!args.includes('--no-build')) await buildAppBundles();
  const findings = await checkApp(dir);
  if (findings.length > 0) {
    for (const f of findings) console.log(findingLine(f));
    console.error(`app:pack refused: app:check has ${findings.length} finding${findings.length === 1 ? '' : 's'} (fix them, then pack again)`);
    process.exitCode = 1;
  } else {
    const files = await packApp(dir, out);
    console.log(`Packed ${files.length} files into ${relative(process.cwd(), out)}`);
  }
}
