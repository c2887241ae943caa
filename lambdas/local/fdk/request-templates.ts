/**
 * Request templates resolved the way the FDK platform resolves them for a front-end `invokeTemplate`:
 * the app never sees the URL or the secure iparams, only the answer. Local mode's stand-in for that proxy.
 */
import * as z from 'zod';

/** What the platform allows in config/requests.json (reference: FDK 3.0 request templates). */
const templateSchema = z
  .object({
    schema: z
      .object({
        protocol: z.literal('https', { error: 'protocol must be "https" (the platform calls nothing else)' }),
        method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], { error: 'method is one of GET, POST, PUT, PATCH, DELETE' }),
        host: z.string().min(1, 'host is required'),
        path: z.string().startsWith('/', 'path starts with "/"').default('/'),
        headers: z.record(z.string(), z.string()).default({}),
        query: z.record(z.string(), z.string()).default({}),
      })
      .strict(),
    options: z
      .object({
        maxAttempts: z.number().int().min(1, 'maxAttempts is 1 to 5').max(5, 'maxAttempts is 1 to 5').default(1),
        retryDelay: z.number().int().min(0).max(1500, 'retryDelay is at most 1500 ms').multipleOf(100, 'retryDelay is in steps of 100 ms').default(0),
      })
      .strict()
      .default({ maxAttempts: 1, retryDelay: 0 }),
  })
  .strict();

export type RequestTemplate = z.output<typeof templateSchema>;

/** The platform's limits on one call. */
export const TEMPLATE_LIMITS = { requestBodyBytes: 100 * 1024, responseBytes: 6 * 1024 * 1024, timeoutMs: 15_000, templates: 100 } as const;

/** A template the platform would refuse, or a call it would refuse; the message is for the app's developer. */
export class TemplateRefusal extends Error {
  override readonly name = 'TemplateRefusal';
}

/** The installation's iparams: values by name, and which of them are secure. */
export interface Iparams {
  values: Record<string, string>;
  secure: ReadonlySet<string>;
}

/** One HTTP request, ready to send. */
export interface ResolvedRequest {
  method: RequestTemplate['schema']['method'];
  url: string;
  headers: Record<string, string>;
  body?: string;
  maxAttempts: number;
  retryDelayMs: number;
  timeoutMs: number;
}

/** What one `invokeTemplate` passes: `context` for path and query, `body` a string (the app JSON.stringifies). */
export interface TemplateCall {
  context?: Record<string, unknown>;
  body?: unknown;
}

type Part = 'host' | 'path' | 'query' | 'headers';

/** Where each kind of value may appear: secure iparams only in headers, context only in path and query, host from iparams only. */
const ALLOWED: Record<Part, { iparam: boolean; secureIparam: boolean; context: boolean }> = {
  host: { iparam: true, secureIparam: false, context: false },
  path: { iparam: true, secureIparam: false, context: true },
  query: { iparam: true, secureIparam: false, context: true },
  headers: { iparam: true, secureIparam: true, context: false },
};

const PLACEHOLDER = /<%=\s*(.*?)\s*%>/g;
const EXPRESSION = /^(?:(encode)\(\s*(iparam|context)\.([A-Za-z_][A-Za-z0-9_]*)\s*\)|(iparam|context)\.([A-Za-z_][A-Za-z0-9_]*))$/;

/** A bare host name, optionally with a port: no scheme, path, slash or credentials. */
const BARE_HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Loopback hosts: the only ones local mode calls over plain http, and the only IP the stand-in accepts. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return name === '127.0.0.1' || name === 'localhost';
}

/**
 * Parses config/requests.json; every template is checked, and the first problem named with its template.
 * @throws TemplateRefusal naming the template and field
 */
export function parseRequestTemplates(json: unknown): Record<string, RequestTemplate> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new TemplateRefusal('config/requests.json must be an object of templates by name');
  const entries = Object.entries(json);
  if (entries.length > TEMPLATE_LIMITS.templates) throw new TemplateRefusal(`config/requests.json has ${entries.length} templates; the platform allows ${TEMPLATE_LIMITS.templates}`);
  const templates: Record<string, RequestTemplate> = {};
  for (const [name, raw] of entries) {
    const parsed = templateSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new TemplateRefusal(`Request template "${name}": ${issue.path.join('.') || 'template'}: ${issue.message}`);
    }
    templates[name] = parsed.data;
  }
  return templates;
}

/** Substitutes every placeholder of `text` found in `part`, refusing what the platform would not substitute there. */
function substitute(text: string, part: Part, where: string, iparams: Iparams, context: Record<string, unknown>, encodeContext: (value: string) => string): string {
  return text.replace(PLACEHOLDER, (_, expression: string) => {
    const found = EXPRESSION.exec(expression);
    if (!found) throw new TemplateRefusal(`${where}: "<%= ${expression} %>" is not a substitution the platform knows (iparam.NAME, context.NAME or encode(iparam.NAME))`);
    const encode = found[1] !== undefined;
    const source = (found[2] ?? found[4]) as 'iparam' | 'context';
    const name = (found[3] ?? found[5])!;
    const allowed = ALLOWED[part];
    if (source === 'context') {
      if (!allowed.context) throw new TemplateRefusal(`${where}: context.${name} may only be used in path and query`);
      if (encode) throw new TemplateRefusal(`${where}: encode() takes an iparam`);
      const value = context[name];
      if (value === undefined || value === null || value === '') throw new TemplateRefusal(`${where}: the call gives no context.${name}`);
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new TemplateRefusal(`${where}: context.${name} must be a string, number or boolean`);
      return encodeContext(String(value));
    }
    if (!Object.hasOwn(iparams.values, name)) throw new TemplateRefusal(`${where}: iparam.${name} is not an iparam of this installation (config/iparams.json)`);
    if (iparams.secure.has(name) && !allowed.secureIparam) throw new TemplateRefusal(`${where}: iparam.${name} is secure and may only be used in headers`);
    if (!allowed.iparam) throw new TemplateRefusal(`${where}: iparams may not be used here`);
    const value = iparams.values[name]!;
    return encode ? Buffer.from(value, 'utf8').toString('base64') : value;
  });
}

/**
 * The request the platform would send for `invokeTemplate(name, call)`.
 * @throws TemplateRefusal when the template or the call is one the platform would refuse
 * @example resolveTemplate(templates, 'getEscalation', { context: { ticketId: '4521' } }, iparams).url // 'https://api.example.com/v1/escalations/4521'
 */
export function resolveTemplate(templates: Record<string, RequestTemplate>, name: string, call: TemplateCall, iparams: Iparams): ResolvedRequest {
  const template = Object.hasOwn(templates, name) ? templates[name] : undefined;
  if (!template) throw new TemplateRefusal(`Request template "${name}" is not defined in config/requests.json`);
  const { schema, options } = template;
  const context = call.context ?? {};
  if (typeof context !== 'object' || Array.isArray(context)) throw new TemplateRefusal(`"${name}": context must be an object`);
  const at = (part: string) => `Request template "${name}" ${part}`;

  const host = substitute(schema.host, 'host', at('host'), iparams, context, (v) => v);
  if (!BARE_HOST.test(host)) throw new TemplateRefusal(`${at('host')}: "${host}" is not a bare host (no scheme, path or slash)`);
  if (IPV4.test(host.replace(/:\d+$/, '')) && !isLoopbackHost(host)) throw new TemplateRefusal(`${at('host')}: an IP address is not allowed; use a domain`);
  const path = substitute(schema.path, 'path', at('path'), iparams, context, encodeURIComponent);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(schema.query)) query.append(key, substitute(value, 'query', at(`query.${key}`), iparams, context, (v) => v));
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(schema.headers)) headers[key] = substitute(value, 'headers', at(`headers.${key}`), iparams, context, (v) => v);

  if (call.body !== undefined && call.body !== null && typeof call.body !== 'string') throw new TemplateRefusal(`"${name}": body must be a string (JSON.stringify it)`);
  const body = typeof call.body === 'string' ? call.body : undefined;
  if (body !== undefined && (schema.method === 'GET' || schema.method === 'DELETE')) throw new TemplateRefusal(`"${name}": a ${schema.method} request carries no body`);
  if (body !== undefined && Buffer.byteLength(body) > TEMPLATE_LIMITS.requestBodyBytes) throw new TemplateRefusal(`"${name}": the body is larger than ${TEMPLATE_LIMITS.requestBodyBytes / 1024} KB`);

  // The platform only calls https; local mode serves plain http on loopback, so there (and only there) the
  // stand-in calls http. Any other host keeps https, so nothing ever goes out in the clear.
  const scheme = isLoopbackHost(host) ? 'http' : 'https';
  const search = query.toString();
  return {
    method: schema.method,
    url: `${scheme}://${host}${path}${search ? `?${search}` : ''}`,
    headers,
    ...(body === undefined ? {} : { body }),
    maxAttempts: options.maxAttempts,
    retryDelayMs: options.retryDelay,
    timeoutMs: TEMPLATE_LIMITS.timeoutMs,
  };
}
