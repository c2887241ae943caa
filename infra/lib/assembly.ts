/** Reading a synthesized cloud assembly: where the esbuild bundle of each function landed. */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';

interface TemplateResource {
  Type: string;
  Properties: { FunctionName?: string; Code?: { S3Key?: string } };
}

/**
 * Each function's bundle (`index.mjs` in its asset folder), by function name, after `app.synth()` into `outdir`.
 * @example const files = await bundleFiles(outdir, stack); files['baton-prod-api']
 */
export async function bundleFiles(outdir: string, stack: Stack): Promise<Record<string, string>> {
  const template = JSON.parse(await readFile(join(outdir, stack.templateFile), 'utf8')) as { Resources: Record<string, TemplateResource> };
  const assets = JSON.parse(await readFile(join(outdir, `${stack.artifactId}.assets.json`), 'utf8')) as { files: Record<string, { source: { path: string } }> };
  const files: Record<string, string> = {};
  for (const resource of Object.values(template.Resources)) {
    const { FunctionName: name, Code: code } = resource.Properties;
    if (resource.Type !== 'AWS::Lambda::Function' || !name || !code?.S3Key) continue;
    const asset = assets.files[code.S3Key.replace(/\.zip$/, '')];
    if (asset) files[name] = join(outdir, asset.source.path, 'index.mjs');
  }
  return files;
}

/**
 * Every code file of a function's bundle: its `index.mjs` and, when it is split (BatonFunctionProps.codeSplitting),
 * the chunks beside it. Each has its source map at `${file}.map`.
 */
export async function bundleCodeFiles(file: string): Promise<string[]> {
  const dir = dirname(file);
  const names = await readdir(dir, { recursive: true });
  return names.filter((name) => name.endsWith('.mjs')).map((name) => join(dir, name)).sort();
}
