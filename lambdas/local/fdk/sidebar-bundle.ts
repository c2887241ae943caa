/** The sidebar's bundle is built, not committed: local mode builds it when it is missing or older than its sources. */
import { readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the bundle is built from: the sidebar's TypeScript and the shared schemas it bundles. */
const SOURCES = ['../../../freshservice-app/src/', '../../../shared/', '../../../scripts/app/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/**
 * Builds app/scripts/sidebar.js with the app's own build (`npm run app:build`) unless it is newer than
 * every source; answers whether it built.
 * @example if (await ensureSidebarBundle()) console.log('built the sidebar');
 */
export async function ensureSidebarBundle(): Promise<boolean> {
  // Imported here, not at the top: the build pulls in esbuild, which only local mode and tests need.
  const { buildApp, SIDEBAR_BUNDLE } = await import('../../../scripts/app/build.js');
  const built = await stat(SIDEBAR_BUNDLE).then((s) => s.mtimeMs, () => 0);
  const sources = Math.max(...(await Promise.all(SOURCES.map(newestSource))));
  if (built > sources) return false;
  // Built beside it and renamed over it: another process starting at the same time (tests spawn several)
  // never serves a half-written bundle.
  const partial = `${SIDEBAR_BUNDLE}.${process.pid}.tmp`;
  await buildApp(partial);
  await rename(partial, SIDEBAR_BUNDLE);
  return true;
}
