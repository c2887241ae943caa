/**
 * `npm run app:build`: the app's TypeScript (freshservice-app/src) bundled by esbuild, one script per page:
 * the sidebar into app/scripts/sidebar.js, the weekly review page (src/review) into app/scripts/review.js.
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const APP_DIR = fileURLToPath(new URL('../../freshservice-app/', import.meta.url));
export const SIDEBAR_ENTRY = `${APP_DIR}src/main.ts`;
export const SIDEBAR_BUNDLE = `${APP_DIR}app/scripts/sidebar.js`;
export const REVIEW_ENTRY = `${APP_DIR}src/review/main.ts`;
export const REVIEW_BUNDLE = `${APP_DIR}app/scripts/review.js`;
const ZOD_FOR_SIDEBAR = fileURLToPath(new URL('./zod-for-sidebar.ts', import.meta.url));

/** Keeps zod small in the app's bundles: `zod` resolves to zod/mini (see zod-for-sidebar.ts). */
const zodMini: Plugin = {
  name: 'zod-mini',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, () => ({ path: ZOD_FOR_SIDEBAR }));
  },
};

/** The sidebar's esbuild options (the review page's too, with its own entry): one minified IIFE for the browsers Freshservice supports. */
export function sidebarBuildOptions(entry = SIDEBAR_ENTRY): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [zodMini],
  };
}

/**
 * Builds the sidebar bundle into `outfile` (app/scripts/sidebar.js by default); npm start calls this so a
 * clean clone serves a fresh bundle (it is not committed).
 * @example const { bytes } = await buildApp();
 */
export async function buildApp(outfile = SIDEBAR_BUNDLE): Promise<{ file: string; bytes: number }> {
  const result = await build({ ...sidebarBuildOptions(), outfile, write: true, metafile: true });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  return { file: outfile, bytes };
}

/**
 * Builds the review page's bundle into `outfile` (app/scripts/review.js by default), the sidebar's way.
 * @example const { bytes } = await buildReviewPage();
 */
export async function buildReviewPage(outfile = REVIEW_BUNDLE): Promise<{ file: string; bytes: number }> {
  const result = await build({ ...sidebarBuildOptions(REVIEW_ENTRY), outfile, write: true, metafile: true });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  return { file: outfile, bytes };
}

/** Both pages' bundles, as `npm run app:build`, app:check and app:pack make them. */
export async function buildAppBundles(): Promise<Array<{ file: string; bytes: number }>> {
  return [await buildApp(), await buildReviewPage()];
}

/**
 * The minified size of the review page's bundle in bytes (crayons excluded), built in memory.
 * @example await reviewBundleSize() // 104_347
 */
export async function reviewBundleSize(): Promise<number> {
  const result = await build({ ...sidebarBuildOptions(REVIEW_ENTRY), write: false });
  return result.outputFiles.reduce((sum, f) => sum + f.contents.byteLength, 0);
}

/**
 * The minified size of the sidebar's own bundle in bytes (crayons is loaded from its CDN, so it is not in it),
 * built in memory; `npm run bench:app` reports it against the 100 KB target.
 * @example await sidebarBundleSize() // 85_647
 */
export async function sidebarBundleSize(): Promise<number> {
  const result = await build({ ...sidebarBuildOptions(), write: false });
  return result.outputFiles.reduce((sum, f) => sum + f.contents.byteLength, 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { file, bytes } of await buildAppBundles()) console.log(`Built ${file.replace(process.cwd() + '/', '')} (${(bytes / 1024).toFixed(1)} KB minified)`);
}
