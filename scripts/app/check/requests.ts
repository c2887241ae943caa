/** config/requests.json against the platform's rules for request templates, and against the manifest and iparams. */
import { isObject, type Finding } from './finding.js';

const FILE = 'config/requests.json';
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const PLACEHOLDER = /<%=\s*(.*?)\s*%>/g;
/** What a placeholder may say: a non-secure or secure iparam, a context value, or the Base64 helper on an iparam. */
const ALLOWED = /^(?:(iparam)\.(\w+)|(context)\.(\w+)|encode\((iparam)\.(\w+)\))$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

interface Placeholder {
  source: 'iparam' | 'context';
  name: string;
}

function placeholders(text: string): { found: Placeholder[]; bad: string[] } {
  const found: Placeholder[] = [];
  const bad: string[] = [];
  for (const [, inner = ''] of text.matchAll(PLACEHOLDER)) {
    const m = ALLOWED.exec(inner);
    const source = m?.[1] ?? m?.[3] ?? m?.[5];
    const name = m?.[2] ?? m?.[4] ?? m?.[6];
    if (source && name) found.push({ source: source as Placeholder['source'], name });
    else bad.push(inner);
  }
  return { found, bad };
}

/** Each string of a template's part (host, path, a header, a query value) with where it sits. */
function parts(schema: Record<string, unknown>): Array<{ where: 'host' | 'path' | 'headers' | 'query'; text: string }> {
  const values = (where: 'headers' | 'query') => (isObject(schema[where]) ? Object.values(schema[where]).map((v) => ({ where, text: String(v) })) : []);
  return [
    { where: 'host' as const, text: String(schema.host ?? '') },
    { where: 'path' as const, text: String(schema.path ?? '') },
    ...values('headers'),
    ...values('query'),
  ];
}

function checkHost(name: string, host: string): Finding[] {
  const f = (message: string): Finding[] => [{ file: FILE, rule: 'template-host', message: `${name}: ${message}` }];
  if (host === '') return f('schema.host is required');
  if (host.includes('<%')) {
    return /^<%=\s*iparam\.\w+\s*%>$/.test(host.trim()) ? [] : f(`the host may only be one iparam ("<%= iparam.NAME %>"), not "${host}"`);
  }
  if (/^[a-z]+:\/\//i.test(host) || host.includes('/')) return f(`the host is a bare domain, without scheme, path or slash (got "${host}")`);
  if (IPV4.test(host) || host.includes(':')) return f(`the host is a domain name, not an IP address or a port (got "${host}")`);
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(host) ? [] : f(`"${host}" is not a domain name`);
}

function checkOptions(name: string, options: unknown): Finding[] {
  const findings: Finding[] = [];
  const o = isObject(options) ? options : {};
  const { maxAttempts, retryDelay } = o;
  if (typeof maxAttempts !== 'number' || !Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 5) {
    findings.push({ file: FILE, rule: 'template-max-attempts', message: `${name}: options.maxAttempts must be a whole number from 1 to 5 (got ${JSON.stringify(maxAttempts)})` });
  }
  if (typeof retryDelay !== 'number' || !Number.isInteger(retryDelay) || retryDelay < 0 || retryDelay > 1500 || retryDelay % 100 !== 0) {
    findings.push({ file: FILE, rule: 'template-retry-delay', message: `${name}: options.retryDelay must be 0 to 1500 ms in steps of 100 (got ${JSON.stringify(retryDelay)})` });
  }
  return findings;
}

function checkTemplate(name: string, template: unknown, secure: ReadonlySet<string>, iparams: ReadonlySet<string>): Finding[] {
  const schema = isObject(template) && isObject(template.schema) ? template.schema : null;
  if (!schema) return [{ file: FILE, rule: 'template-schema', message: `${name}: a template needs a "schema" object` }];
  const findings: Finding[] = [];
  const add = (rule: string, message: string) => findings.push({ file: FILE, rule, message: `${name}: ${message}` });
  if (schema.protocol !== 'https') add('template-protocol', `schema.protocol must be "https" (got ${JSON.stringify(schema.protocol)})`);
  if (typeof schema.method !== 'string' || !METHODS.has(schema.method)) add('template-method', `schema.method must be one of ${[...METHODS].join(', ')} (got ${JSON.stringify(schema.method)})`);
  findings.push(...checkHost(name, String(schema.host ?? '')));
  if (typeof schema.path !== 'string' || !schema.path.startsWith('/')) add('template-path', `schema.path must start with "/" (got ${JSON.stringify(schema.path)})`);
  for (const part of parts(schema)) {
    const { found, bad } = placeholders(part.text);
    for (const text of bad) add('template-placeholder', `"<%= ${text} %>" in ${part.where} is not a placeholder the platform fills (iparam.NAME, context.NAME or encode(iparam.NAME))`);
    for (const p of found) {
      if (p.source === 'iparam' && !iparams.has(p.name)) add('iparam-unknown', `iparam "${p.name}" (in ${part.where}) is not defined in config/iparams.json`);
      if (p.source === 'iparam' && secure.has(p.name) && part.where !== 'headers') add('secure-iparam-outside-headers', `the secure iparam "${p.name}" may only be used in headers, not in ${part.where}`);
      if (p.source === 'context' && part.where !== 'path' && part.where !== 'query') add('context-placement', `context.${p.name} may only be used in the path or the query, not in ${part.where}`);
    }
  }
  findings.push(...checkOptions(name, template && isObject(template) ? template.options : undefined));
  return findings;
}

/**
 * Every template checked on its own, and the manifest's `modules.common.requests` against the templates both ways.
 * @example checkRequests(requests, manifestRequests, secureIparams, allIparams) // [] when fdk validate would accept them
 */
export function checkRequests(requests: unknown, manifestRequests: readonly string[], secure: ReadonlySet<string>, iparams: ReadonlySet<string>): Finding[] {
  if (!isObject(requests)) return [{ file: FILE, rule: 'template-schema', message: 'config/requests.json must be an object of named templates' }];
  const names = Object.keys(requests);
  const findings = names.flatMap((name) => checkTemplate(name, requests[name], secure, iparams));
  if (names.length > 100) findings.push({ file: FILE, rule: 'template-count', message: `at most 100 request templates (found ${names.length})` });
  for (const name of names) {
    if (!manifestRequests.includes(name)) findings.push({ file: 'manifest.json', rule: 'request-not-in-manifest', message: `Request template "${name}" is not listed in modules.common.requests` });
  }
  for (const name of manifestRequests) {
    if (!names.includes(name)) findings.push({ file: 'manifest.json', rule: 'request-not-defined', message: `modules.common.requests lists "${name}", which config/requests.json does not define` });
  }
  return findings;
}
