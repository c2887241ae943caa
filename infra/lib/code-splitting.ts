/**
 * esbuild's code splitting for a NodejsFunction. Its own build writes one file (`--outfile`) and splitting needs
 * `--outdir`, so a command hook builds the function again, split, over that file: the handler stays `index.mjs`,
 * and what the code loads with `import()` lands in `chunks/` beside it, read from disk only when first imported.
 */
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The options of the function's own build that the split build must repeat. */
export interface SplitBuildOptions {
  /** The handler file, absolute, under `projectRoot`. */
  readonly entry: string;
  readonly projectRoot: string;
  readonly target: string;
  readonly mainFields: readonly string[];
  readonly banner: string;
  readonly externalModules: readonly string[];
  readonly esbuildArgs: Readonly<Record<string, string>>;
}

const ESBUILD = createRequire(import.meta.url).resolve('esbuild/bin/esbuild');

/** One shell word. */
const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/** The command hooks that replace the function's single-file bundle by a split one (minified ESM with source maps, like the first). */
export function splitBuild(options: SplitBuildOptions): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [
      [
        ESBUILD,
        `${inputDir}/${relative(options.projectRoot, options.entry)}`,
        '--bundle',
        '--splitting',
        '--platform=node',
        '--format=esm',
        `--target=${options.target}`,
        `--outdir=${outputDir}`,
        '--entry-names=index',
        '--chunk-names=chunks/[name]-[hash]',
        '--out-extension:.js=.mjs',
        '--minify',
        '--sourcemap',
        '--log-level=warning',
        `--main-fields=${options.mainFields.join(',')}`,
        `--banner:js=${options.banner}`,
        ...options.externalModules.map((name) => `--external:${name}`),
        ...Object.entries(options.esbuildArgs).map(([flag, value]) => `${flag}:${value}`),
      ]
        .map(quote)
        .join(' '),
    ],
  };
}
