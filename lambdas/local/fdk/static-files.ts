/** Files local mode serves for the app: its own pages and scripts, and crayons from node_modules instead of the CDN. */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The CDN address app/index.html loads crayons from (any version), and where local mode serves it. */
export const CRAYONS_CDN = /https:\/\/cdn\.jsdelivr\.net\/npm\/@freshworks\/crayons@[^/"']+\//g;
export const CRAYONS_LOCAL = '/app/_crayons/';
/** crayons fetches its icons from this CDN folder at run time; local mode serves them too. */
const ICONS_CDN = /https:\/\/cdn\.jsdelivr\.net\/npm\/@freshworks\/crayons-icon@[^/"'`]+\/dist\/icons/g;
export const ICONS_LOCAL = '/app/_fdk/crayons-icons';
const ICONS_DIR = fileURLToPath(new URL('../../../node_modules/@freshworks/crayons-icon/dist/icons/', import.meta.url));

export interface StaticFile {
  type: string;
  body: Buffer | string;
}

/** `relative` inside `root`, or null for anything that would leave it (`..`, an absolute path) or a dotfile. */
export function insideRoot(root: string, relative: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((segment) => segment.startsWith('.'))) return null;
  const path = resolve(root, decoded);
  return path.startsWith(resolve(root) + sep) ? path : null;
}

/** Reads a file under `root`; null when it is not there (or not allowed). */
export async function readStatic(root: string, relative: string): Promise<StaticFile | null> {
  const path = insideRoot(root, relative);
  if (!path) return null;
  try {
    const body = await readFile(path);
    return { type: TYPES[extname(path)] ?? 'application/octet-stream', body };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/** A crayons file; its scripts fetch icons from the machine, not the CDN. */
export async function readCrayons(crayonsDir: string, relative: string): Promise<StaticFile | null> {
  if (!/^(dist|css)\//.test(relative)) return null;
  const file = await readStatic(crayonsDir, relative);
  if (!file || !file.type.startsWith('text/javascript')) return file;
  return { ...file, body: file.body.toString('utf8').replace(ICONS_CDN, ICONS_LOCAL) };
}

/** A neutral square for an icon when @freshworks/crayons-icon is not installed (the real icons live there). */
const PLACEHOLDER_ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect x="4" y="4" width="8" height="8" rx="2" fill="currentColor" opacity=".35"/></svg>';

/** One crayons icon: the installed one, else the placeholder (never a request off the machine). */
export async function readIcon(name: string): Promise<StaticFile> {
  const file = /^[a-z0-9-]{1,64}\.svg$/.test(name) ? await readStatic(ICONS_DIR, name) : null;
  return file ?? { type: TYPES['.svg']!, body: PLACEHOLDER_ICON };
}

/**
 * An app page as the FDK serves it: `{{{appclient}}}` becomes the stand-in client (with the page's query,
 * which names the ticket and agent), and the crayons CDN addresses become local ones.
 */
export function rewritePage(html: string, clientSrc: string): string {
  return html.replaceAll('{{{appclient}}}', clientSrc).replace(CRAYONS_CDN, CRAYONS_LOCAL);
}
