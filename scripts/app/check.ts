/**
 * `npm run app:check`: the project's own checks of what `fdk validate` would reject (the FDK CLI is not in the
 * npm registry). Builds the app's bundles first, then exits 1 naming each finding (file, rule, message).
 * Usage: tsx scripts/app/check.ts [--no-build] [APP_DIR]
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_DIR, buildAppBundles } from './build.js';
import { checkServer, lintAppCode, unpkgUse } from './check/code.js';
import { findingLine, readJson, type Finding } from './check/finding.js';
import { checkIparams } from './check/iparams.js';
import { checkManifest, is64Svg } from './check/manifest.js';
import { checkRequests } from './check/requests.js';

/** The icon every FDK app carries (manifest locations point at it). */
export const ICON = 'app/styles/images/icon.svg';

const read = (path: string) => readFile(path, 'utf8');
const readOrNull = (path: string) => read(path).catch(() => null);

/** Every file under `dir/sub` (relative to `dir`), or none when the folder is missing. */
async function filesUnder(dir: string, sub: string): Promise<string[]> {
  const entries = await readdir(join(dir, sub), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

async function checkLocations(dir: string, locations: ReturnType<typeof checkManifest>['locations']): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const l of locations) {
    const where = `modules.${l.module}.location.${l.name}`;
    const page = typeof l.url === 'string' ? await readOrNull(join(dir, 'app', l.url)) : null;
    if (page === null) findings.push({ file: 'manifest.json', rule: 'location-file', message: `${where}.url ${JSON.stringify(l.url)} is not a file under app/` });
    else if (!page.includes('{{{appclient}}}')) findings.push({ file: `app/${String(l.url)}`, rule: 'appclient', message: 'The page does not load the app client (<script src="{{{appclient}}}"></script>)' });
    const icon = typeof l.icon === 'string' ? await readOrNull(join(dir, 'app', l.icon)) : null;
    if (icon === null || !is64Svg(icon)) findings.push({ file: 'manifest.json', rule: 'icon', message: `${where}.icon ${JSON.stringify(l.icon)} must be a 64×64 SVG under app/` });
  }
  return findings;
}

/**
 * Every finding for the app in `dir` (the folder holding manifest.json), as it is on disk: nothing is built here.
 * @example (await checkApp('freshservice-app')).map(findingLine)
 */
export async function checkApp(dir: string): Promise<Finding[]> {
  const [manifest, iparams, requests] = await Promise.all(['manifest.json', 'config/iparams.json', 'config/requests.json'].map((f) => readJson(dir, f, read)));
  const facts = checkManifest(manifest!.value);
  const fields = checkIparams(iparams!.value);
  const findings: Finding[] = [...manifest!.findings, ...iparams!.findings, ...requests!.findings, ...(manifest!.value === undefined ? [] : facts.findings), ...(iparams!.value === undefined ? [] : fields.findings)];
  if (requests!.value !== undefined) findings.push(...checkRequests(requests!.value, facts.requests, fields.secure, fields.names));
  findings.push(...(await checkLocations(dir, facts.locations)));
  const icon = await readOrNull(join(dir, ICON));
  if (icon === null || !is64Svg(icon)) findings.push({ file: ICON, rule: 'icon', message: `${ICON} must exist and be a 64×64 SVG` });
  findings.push(...checkServer(await readOrNull(join(dir, 'server/server.js')), facts.handlers, facts.dependencies));
  const code = [...(await filesUnder(dir, 'app')), ...(await filesUnder(dir, 'server'))].filter((f) => /\.(js|html)$/.test(f));
  const texts = Object.fromEntries(await Promise.all(code.map(async (f) => [f, await read(join(dir, f))] as const)));
  const scripts = Object.fromEntries(Object.entries(texts).filter(([f]) => f.endsWith('.js')));
  findings.push(...(await lintAppCode(dir, scripts)), ...unpkgUse(texts));
  return findings;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--')) ?? APP_DIR.replace(/\/$/, '');
  if (!args.includes('--no-build')) await buildAppBundles();
  const findings = await checkApp(dir);
  for (const f of findings) console.log(findingLine(f));
  console.log(findings.length === 0 ? 'app:check: nothing fdk validate would reject' : `app:check: ${findings.length} finding${findings.length === 1 ? '' : 's'}`);
  process.exitCode = findings.length === 0 ? 0 : 1;
}
