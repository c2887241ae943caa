/**
 * The app's JavaScript under the rules `fdk validate` applies (ESLint over app/** and server/**, run through
 * ESLint's Node API), plus what ESLint cannot see: unpkg URLs in pages, server handlers the manifest names,
 * and server packages the manifest does not declare.
 */
import { ESLint, type Linter } from 'eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';
import { runInNewContext } from 'node:vm';
import type { Finding } from './finding.js';

/** FDK's rule for a direct network call from the front end (only request templates may reach the network). */
const CLIENT_REQUEST_RULE = 'no-non-client-request-model';
const NETWORK = 'Call the backend through client.request.invokeTemplate (a request template), not directly';

/** The errors `fdk validate` raises on every file. */
const ERRORS: Linter.RulesRecord = {
  'no-eval': 'error',
  'no-alert': 'error',
  'no-debugger': 'error',
  'no-unreachable': 'error',
  'no-redeclare': 'error',
  'constructor-super': 'error',
  'for-direction': 'error',
};

/** Skipped on minified files, as `fdk validate` does. */
const SOURCE_ONLY: Linter.RulesRecord = { 'no-unused-vars': 'error', 'no-empty-function': 'error' };

/** FDK warnings, held as findings on the hand-written server code (a minified bundle's complexity is not ours to read). */
const SERVER_WARNINGS: Linter.RulesRecord = {
  complexity: ['error', 7],
  'max-nested-callbacks': ['error', 4],
  'no-process-env': 'error',
  'handle-callback-err': 'error',
};

const FRONT_END_NETWORK: Linter.RulesRecord = {
  'no-restricted-globals': ['error', ...['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'].map((name) => ({ name, message: NETWORK }))],
  'no-restricted-properties': ['error', ...['window', 'globalThis', 'self'].flatMap((object) => ['fetch', 'XMLHttpRequest'].map((property) => ({ object, property, message: NETWORK }))), { object: 'navigator', property: 'sendBeacon', message: NETWORK }],
};

/** A file reads as minified when a line is longer than any person writes. */
export const isMinified = (text: string): boolean => text.split('\n').some((line) => line.length > 500);

const ruleName = (ruleId: string | null) => (ruleId === null ? 'parse-error' : ruleId.startsWith('no-restricted-') ? CLIENT_REQUEST_RULE : ruleId);

/**
 * Lints `files` (paths relative to `dir`, app/ and server/ JavaScript) with the FDK's rules.
 * @example await lintAppCode(dir, {'app/scripts/sidebar.js': text, 'server/server.js': text2})
 */
export async function lintAppCode(dir: string, files: Record<string, string>): Promise<Finding[]> {
  const names = Object.keys(files);
  if (names.length === 0) return [];
  const readable = names.filter((f) => !isMinified(files[f] ?? ''));
  const config: Linter.Config[] = [
    { files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest' }, rules: ERRORS },
    { files: ['app/**/*.js'], languageOptions: { sourceType: 'script', globals: { ...globals.browser, app: 'readonly' } }, rules: FRONT_END_NETWORK },
    { files: ['server/**/*.js'], languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, $request: 'readonly', $db: 'readonly', $schedule: 'readonly', renderData: 'readonly' } }, rules: SERVER_WARNINGS },
    ...(readable.length > 0 ? [{ files: readable, rules: SOURCE_ONLY }] : []),
  ];
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, ignore: false });
  const results = await eslint.lintFiles(names);
  return results.flatMap((r) =>
    r.messages.map((m) => ({ file: r.filePath.slice(dir.length + 1), rule: ruleName(m.ruleId), message: m.message, line: m.line, column: m.column })),
  );
}

/**
 * Pages and scripts that load from unpkg (`fdk validate` refuses it).
 * @example unpkgUse({'app/index.html': '<script src="https://unpkg.com/x">'}) // [{rule: 'no-unpkg', …}]
 */
export function unpkgUse(files: Record<string, string>): Finding[] {
  return Object.entries(files).flatMap(([file, text]) =>
    text.split('\n').flatMap((line, i) => (/\bunpkg\.com\b/i.test(line) ? [{ file, rule: 'no-unpkg', message: 'Loads from the unpkg CDN, which the platform refuses', line: i + 1 }] : [])),
  );
}

/** The handler names server.js exports, found by running it with the runtime's globals stubbed (its top level only defines). */
function exportedHandlers(source: string): string[] | Error {
  const sandbox: Record<string, unknown> = { exports: {}, require: () => ({}), console, setTimeout, clearTimeout, $request: {}, $db: {}, $schedule: {}, renderData: () => undefined };
  try {
    runInNewContext(source, sandbox, { timeout: 1000 });
  } catch (error) {
    return error as Error;
  }
  const exported = sandbox.exports as Record<string, unknown>;
  return Object.keys(exported).filter((k) => typeof exported[k] === 'function');
}

/**
 * Server checks: every event handler the manifest names is a function server.js exports, and every package
 * it requires is a Node built-in or declared in the manifest's `dependencies` (FDK's no-dependency-mismatch).
 */
export function checkServer(source: string | null, handlers: Array<{ module: string; event: string; handler: unknown }>, dependencies: readonly string[]): Finding[] {
  const file = 'server/server.js';
  if (source === null) {
    return handlers.length === 0 ? [] : [{ file, rule: 'missing-file', message: `server/server.js is missing, but the manifest names event handlers (${handlers.map((h) => h.event).join(', ')})` }];
  }
  const findings: Finding[] = [];
  const exported = exportedHandlers(source);
  if (exported instanceof Error) findings.push({ file, rule: 'server-load', message: `server.js fails when loaded: ${exported.message}` });
  for (const h of handlers) {
    if (typeof h.handler !== 'string' || h.handler === '') findings.push({ file: 'manifest.json', rule: 'event-handler', message: `modules.${h.module}.events.${h.event} names no handler` });
    else if (Array.isArray(exported) && !exported.includes(h.handler)) findings.push({ file, rule: 'event-handler', message: `The manifest's ${h.event} handler "${h.handler}" is not a function in server.js's exports` });
  }
  const builtins = new Set(builtinModules);
  for (const [, name = ''] of source.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const bare = name.replace(/^node:/, '');
    const pkg = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : (bare.split('/')[0] ?? bare);
    if (!name.startsWith('.') && !builtins.has(bare) && !dependencies.includes(pkg)) {
      findings.push({ file, rule: 'no-dependency-mismatch', message: `server.js requires "${pkg}", which the manifest's "dependencies" do not declare` });
    }
  }
  return findings;
}
