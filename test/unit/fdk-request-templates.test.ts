import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRequestTemplates, resolveTemplate, TemplateRefusal, type Iparams } from '../../lambdas/local/fdk/request-templates.js';

const KEY = 'key-0123456789abcdef';
const iparams: Iparams = {
  values: { baton_host: 'baton.example.com', baton_api_key: KEY, region: 'eu', empty: '' },
  secure: new Set(['baton_api_key']),
};

/** One template with `schema` fields over a sensible GET. */
const template = (schema: Record<string, unknown> = {}, options?: Record<string, unknown>) => ({
  t: {
    schema: { protocol: 'https', method: 'GET', host: '<%= iparam.baton_host %>', path: '/v1/matrix', headers: { Authorization: 'Bearer <%= iparam.baton_api_key %>' }, ...schema },
    ...(options ? { options } : {}),
  },
});

const resolve = (templates: unknown, call: Parameters<typeof resolveTemplate>[2] = {}, values: Iparams = iparams) => resolveTemplate(parseRequestTemplates(templates), 't', call, values);

/** The refusal's message, or a failure when there is none. */
function refusal(act: () => unknown): string {
  try {
    act();
  } catch (error) {
    if (error instanceof TemplateRefusal) return error.message;
    throw error;
  }
  throw new Error('expected a TemplateRefusal');
}

describe('request templates: substitution', () => {
  it('takes the host from an iparam, calls https, and puts the secure key in its header', () => {
    const request = resolve(template());

    expect(request).toMatchObject({ method: 'GET', url: 'https://baton.example.com/v1/matrix', headers: { Authorization: `Bearer ${KEY}` } });
  });

  it('substitutes context in the path, encoding each value as one path segment', () => {
    const request = resolve(template({ path: '/v1/escalations/<%= context.ticketId %>/handoffs/<%= context.handoffId %>' }), { context: { ticketId: 'a/b?c', handoffId: 2 } });

    expect(request.url).toBe('https://baton.example.com/v1/escalations/a%2Fb%3Fc/handoffs/2');
  });

  it('substitutes context and non-secure iparams in the query, encoded as query values', () => {
    const request = resolve(template({ query: { before: '<%= context.before %>', limit: '20', region: '<%= iparam.region %>', q: '<%= context.q %>' } }), { context: { before: 41, q: 'a&b=c' } });

    expect(request.url).toBe('https://baton.example.com/v1/matrix?before=41&limit=20&region=eu&q=a%26b%3Dc');
  });

  it('base64-encodes an iparam with encode() in a header', () => {
    const request = resolve(template({ headers: { Authorization: 'Basic <%= encode(iparam.baton_api_key) %>' } }));

    expect(request.headers.Authorization).toBe(`Basic ${Buffer.from(KEY).toString('base64')}`);
  });

  it('calls plain http only on a loopback host (local mode), keeping any port', () => {
    const local = { values: { ...iparams.values, baton_host: '127.0.0.1:8787' }, secure: iparams.secure };
    const named = { values: { ...iparams.values, baton_host: 'localhost:9000' }, secure: iparams.secure };

    expect(resolve(template(), {}, local).url).toBe('http://127.0.0.1:8787/v1/matrix');
    expect(resolve(template(), {}, named).url).toBe('http://localhost:9000/v1/matrix');
  });

  it('passes the string body of a POST as it is, with the template options', () => {
    const body = JSON.stringify({ actor: { id: 'agent-anna' } });

    const request = resolve(template({ method: 'POST' }, { maxAttempts: 3, retryDelay: 500 }), { body });

    expect(request).toMatchObject({ method: 'POST', body, maxAttempts: 3, retryDelayMs: 500, timeoutMs: 15_000 });
  });

  it('sends once with no delay when the template sets no options', () => {
    expect(resolve(template())).toMatchObject({ maxAttempts: 1, retryDelayMs: 0 });
  });
});

describe('request templates: what the platform refuses', () => {
  it.each([
    ['the path', { path: '/v1/<%= iparam.baton_api_key %>' }],
    ['the query', { query: { key: '<%= iparam.baton_api_key %>' } }],
    ['the host', { host: '<%= iparam.baton_api_key %>' }],
  ])('a secure iparam in %s', (_, schema) => {
    expect(refusal(() => resolve(template(schema)))).toMatch(/iparam\.baton_api_key is secure and may only be used in headers/);
  });

  it.each([
    ['the host', { host: '<%= context.host %>' }],
    ['a header', { headers: { 'X-Ticket': '<%= context.host %>' } }],
  ])('context in %s', (_, schema) => {
    expect(refusal(() => resolve(template(schema), { context: { host: 'evil.example.com' } }))).toMatch(/context\.host may only be used in path and query/);
  });

  it('a context value the call does not give, named', () => {
    expect(refusal(() => resolve(template({ path: '/v1/escalations/<%= context.ticketId %>' }), { context: {} }))).toBe('Request template "t" path: the call gives no context.ticketId');
  });

  it('a context value that is not a scalar', () => {
    expect(refusal(() => resolve(template({ path: '/v1/<%= context.id %>' }), { context: { id: { a: 1 } } }))).toMatch(/context\.id must be a string, number or boolean/);
  });

  it('an iparam the installation does not have', () => {
    expect(refusal(() => resolve(template({ host: '<%= iparam.other_host %>' })))).toMatch(/iparam\.other_host is not an iparam of this installation/);
  });

  it('an expression other than iparam.NAME, context.NAME or encode(iparam.NAME)', () => {
    expect(refusal(() => resolve(template({ path: '/v1/<%= process.env.HOME %>' })))).toMatch(/is not a substitution the platform knows/);
    expect(refusal(() => resolve(template({ path: '/v1/<%= encode(context.id) %>' }), { context: { id: 'x' } }))).toMatch(/encode\(\) takes an iparam/);
  });

  it.each([
    ['a scheme', 'https://baton.example.com'],
    ['a path', 'baton.example.com/v1'],
    ['an IP address', '10.0.0.1'],
  ])('a host with %s', (_, host) => {
    const values = { values: { ...iparams.values, baton_host: host }, secure: iparams.secure };

    expect(() => resolve(template(), {}, values)).toThrow(TemplateRefusal);
  });

  it('a template the app does not have', () => {
    expect(refusal(() => resolveTemplate(parseRequestTemplates(template()), 'missing', {}, iparams))).toBe('Request template "missing" is not defined in config/requests.json');
  });

  it.each([
    ['protocol http', { schema: { protocol: 'http', method: 'GET', host: 'h', path: '/' } }, /protocol must be "https"/],
    ['maxAttempts 6', { schema: { protocol: 'https', method: 'GET', host: 'h', path: '/' }, options: { maxAttempts: 6 } }, /maxAttempts is 1 to 5/],
    ['retryDelay 150', { schema: { protocol: 'https', method: 'GET', host: 'h', path: '/' }, options: { retryDelay: 150 } }, /steps of 100/],
    ['retryDelay 1600', { schema: { protocol: 'https', method: 'GET', host: 'h', path: '/' }, options: { retryDelay: 1600 } }, /at most 1500/],
    ['a path without "/"', { schema: { protocol: 'https', method: 'GET', host: 'h', path: 'v1' } }, /path starts with "\/"/],
    ['an unknown field', { schema: { protocol: 'https', method: 'GET', host: 'h', path: '/', body: '{}' } }, /Request template "t"/],
    ['method TRACE', { schema: { protocol: 'https', method: 'TRACE', host: 'h', path: '/' } }, /method is one of/],
  ])('a template with %s', (_, raw, message) => {
    expect(refusal(() => parseRequestTemplates({ t: raw }))).toMatch(message);
  });

  it('a body that is not a string, a body on a GET, and a body over 100 KB', () => {
    expect(refusal(() => resolve(template({ method: 'POST' }), { body: { a: 1 } }))).toMatch(/body must be a string/);
    expect(refusal(() => resolve(template(), { body: '{}' }))).toMatch(/a GET request carries no body/);
    expect(refusal(() => resolve(template({ method: 'POST' }), { body: 'x'.repeat(100 * 1024 + 1) }))).toMatch(/larger than 100 KB/);
  });
});

describe("the app's own config/requests.json under these rules", () => {
  const templates = parseRequestTemplates(JSON.parse(readFileSync('freshservice-app/config/requests.json', 'utf8')));
  const installed: Iparams = {
    values: { baton_host: 'abc.execute-api.eu-west-1.amazonaws.com', baton_api_key: KEY, baton_webhook_secret: 'whsec-0123456789abcdef' },
    secure: new Set(['baton_api_key', 'baton_webhook_secret']),
  };
  const context = { ticketId: '4521', handoffId: 'h1', before: 30, limit: 20, week: '2026-W49', weeks: 4, proposalId: 'mp_0abc123de4567', status: 'closed' };

  it.each(Object.keys(templates))('%s resolves to https on the Baton host, with a secret only in a header', (name) => {
    const request = resolveTemplate(templates, name, { context, ...(templates[name]!.schema.method === 'POST' ? { body: '{}' } : {}) }, installed);

    expect(request.url).toMatch(/^https:\/\/abc\.execute-api\.eu-west-1\.amazonaws\.com\/v1\//);
    expect(request.url).not.toContain(KEY);
    expect(Object.values(request.headers).filter((v) => v.includes(KEY) || v.includes('whsec-'))).toHaveLength(1);
  });
});
