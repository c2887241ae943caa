/** The app's bundles are built, not committed: local mode builds each one when it is missing or older than its sources. */
import { readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the bundles are built from: the app's TypeScript, the shared code it bundles, and the build itself. */
const SOURCES = ['../../../freshservice-app/src/', '../../../shared/', '../../../scripts/app/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Builds `bundle` with `build` unless it is newer than every source; answers whether it built. */
async function ensureBundle(bundle: string, build: (outfile: string) => Promise<unknown>): Promise<boolean> {
  const built = await stat(bundle).then((s) => s.mtimeMs, () => 0);
  const sources = Math.max(...(await Promise.all(SOURCES.map(newestSource))));
  if (built > sources) return false;
  // Built beside it and renamed over it: another process starting at the same time (tests spawn several)
  // never serves a half-written bundle.
  const partial = `${bundle}.${process.pid}.tmp`;
  await build(partial);
  await rename(partial, bundle);
  return true;
}

/**
 * Builds app/scripts/sidebar.js with the app's own build (`npm run app:build`) unless it is newer than
 * every source; answers whether it built.
 * @example if (await ensureSidebarBundle()) console.log('built the sidebar');
 */
export async function ensureSidebarBundle(): Promise<boolean> {
  // Imported here, not at the top: the build pulls in esbuild, which only local mode and tests need.
  const { buildApp, SIDEBAR_BUNDLE } = await import('../../../scripts/app/build.js');
  return ensureBundle(SIDEBAR_BUNDLE, buildApp);
}

/**
 * The same for the weekly review page's app/scripts/review.js.
 * @example if (await ensureReviewBundle()) console.log('built the review page');
 */
export async function ensureReviewBundle(): Promise<boolean> {
  const { buildReviewPage, REVIEW_BUNDLE } = await import('../../../scripts/app/build.js');
  return ensureBundle(REVIEW_BUNDLE, buildReviewPage);
}
