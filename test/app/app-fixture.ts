/** A copy of the app as it ships, in a temporary folder, for checks and packing to break and read. */
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = join(ROOT, 'freshservice-app');

/** Readable stand-ins for the built bundles: the checks read what is on disk, they do not build. */
const SIDEBAR = "'use strict';\n(function () {\n  var root = document.getElementById('baton');\n  if (root) root.textContent = 'Baton';\n})();\n";
const REVIEW = "'use strict';\n(function () {\n  var root = document.getElementById('review');\n  if (root) root.textContent = 'Baton review';\n})();\n";

/**
 * The app's manifest, config, pages, styles, server and README in a new temporary folder, with small
 * app/scripts/sidebar.js and review.js instead of the built bundles (the TypeScript sources stay behind).
 * @example const dir = await copyApp(); // …; await rm(dir, {recursive: true})
 */
export async function copyApp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'baton-app-'));
  await cp(APP, dir, { recursive: true, filter: (src) => !src.startsWith(join(APP, 'src')) && !src.startsWith(join(APP, 'app/scripts')) });
  await mkdir(join(dir, 'app/scripts'));
  await writeFile(join(dir, 'app/scripts/sidebar.js'), SIDEBAR);
  await writeFile(join(dir, 'app/scripts/review.js'), REVIEW);
  return dir;
}

/** Rewrites a JSON file of the copy. */
// The fixtures are edited as free-form JSON, deliberately into shapes no type would allow.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function editJson(dir: string, file: string, change: (json: Record<string, any>) => void): Promise<void> {
  const json = JSON.parse(await readFile(join(dir, file), 'utf8'));
  change(json);
  await writeFile(join(dir, file), JSON.stringify(json, null, 2));
}
