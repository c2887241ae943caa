/** manifest.json as platform 3.0 wants it: version, modules, locations (their pages and 64×64 SVG icons), events, engines. */
import { isObject, type Finding } from './finding.js';

const FILE = 'manifest.json';

/** A placeholder's page and icon, relative to app/. */
export interface Location {
  module: string;
  name: string;
  url: unknown;
  icon: unknown;
}

export interface ManifestFacts {
  findings: Finding[];
  requests: string[];
  locations: Location[];
  /** Event name → handler name, per module. */
  handlers: Array<{ module: string; event: string; handler: unknown }>;
  dependencies: string[];
}

function engines(manifest: Record<string, unknown>): Finding[] {
  const e = isObject(manifest.engines) ? manifest.engines : {};
  const findings: Finding[] = [];
  if (typeof e.fdk !== 'string' || !/^10\.\d+\.\d+$/.test(e.fdk)) findings.push({ file: FILE, rule: 'engines', message: `engines.fdk must be an FDK 10 version, e.g. "10.0.1" (got ${JSON.stringify(e.fdk)})` });
  if (typeof e.node !== 'string' || !/^24\.\d+\.\d+$/.test(e.node)) findings.push({ file: FILE, rule: 'engines', message: `engines.node must be a Node 24 version, e.g. "24.11.0" (got ${JSON.stringify(e.node)})` });
  return findings;
}

/**
 * The manifest's own findings, and the facts the other checks need (templates, locations, event handlers).
 * @example checkManifest(JSON.parse(text)).requests // ['getMatrix', …]
 */
export function checkManifest(manifest: unknown): ManifestFacts {
  const facts: ManifestFacts = { findings: [], requests: [], locations: [], handlers: [], dependencies: [] };
  const add = (rule: string, message: string) => facts.findings.push({ file: FILE, rule, message });
  if (!isObject(manifest)) {
    add('manifest-shape', 'manifest.json must be an object');
    return facts;
  }
  if (manifest['platform-version'] !== '3.0') add('platform-version', `"platform-version" must be "3.0" (got ${JSON.stringify(manifest['platform-version'])})`);
  if ('whitelisted-domains' in manifest) add('whitelisted-domains', '"whitelisted-domains" is gone in platform 3.0: outbound calls go through request templates');
  facts.findings.push(...engines(manifest));
  const modules = isObject(manifest.modules) ? manifest.modules : {};
  const common = isObject(modules.common) ? modules.common : {};
  if (Object.keys(modules).filter((m) => m !== 'common').length === 0) add('modules', 'the manifest needs at least one module besides "common" (e.g. service_ticket)');
  facts.requests = isObject(common.requests) ? Object.keys(common.requests) : [];
  for (const [module, body] of Object.entries(modules)) {
    if (!isObject(body)) continue;
    for (const [name, location] of Object.entries(isObject(body.location) ? body.location : {})) {
      facts.locations.push({ module, name, url: isObject(location) ? location.url : undefined, icon: isObject(location) ? location.icon : undefined });
    }
    for (const [event, spec] of Object.entries(isObject(body.events) ? body.events : {})) {
      facts.handlers.push({ module, event, handler: isObject(spec) ? spec.handler : undefined });
    }
  }
  facts.dependencies = isObject(manifest.dependencies) ? Object.keys(manifest.dependencies) : [];
  return facts;
}

/**
 * Whether an SVG's text declares a 64×64 image (width and height, or a 0 0 64 64 viewBox without them).
 * @example is64Svg('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">…</svg>') // true
 */
export function is64Svg(text: string): boolean {
  const tag = /<svg\b[^>]*>/i.exec(text)?.[0];
  if (!tag) return false;
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1]?.trim();
  const width = attr('width');
  const height = attr('height');
  if (width !== undefined || height !== undefined) return /^64(px)?$/.test(width ?? '') && /^64(px)?$/.test(height ?? '');
  return /^0[\s,]+0[\s,]+64[\s,]+64$/.test(attr('viewBox') ?? '');
}
