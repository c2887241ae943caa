/**
 * Local mode's stand-in for the Freshservice side of the app, under /app/ beside the API's /v1/: the index
 * page, the app's pages with the stand-in FDK client, crayons from node_modules, and the request-template proxy.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type * as z from 'zod';
import type { EscalationSummary } from '../../../shared/escalation/summary.js';
import type { MatrixDocument } from '../../../shared/matrix/schema.js';
import { escapeHtml } from '../../adapters/notify/escape.js';
import type { AppDeps } from '../../app/deps.js';
import type { EscalationService } from '../../app/escalations.js';
import { describeError, type Log } from '../../app/log.js';
import { AppRateLimit } from './app-rate-limit.js';
import { APP_DIR, CRAYONS_DIR, fullPageApps, readAppConfig, type Installation } from './app-files.js';
import { indexPage, matrixAgents, matrixReviewers, problemPage } from './index-page.js';
import { invokeAsApp } from './invoke.js';
import { TemplateRefusal } from './request-templates.js';
import { freshserviceTicket, fullPageQuery, loggedInUser, sessionQuery, type FullPageQuery, type KnownEscalation, type SessionQuery } from './session.js';
import { readCrayons, readIcon, readStatic, rewritePage, ICONS_LOCAL, type StaticFile } from './static-files.js';

/** Handles a request when it is one of local mode's pages; false leaves it to the API. */
export type PageRoutes = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface AppPagesOptions {
  deps: AppDeps;
  service: EscalationService;
  /** The first tenant configured: the installation the stand-in acts for. */
  tenant: string;
  apiKey: string;
  webhookSecret: string;
  /** Request-template calls a minute the platform allows this account. @default 50 */
  callsPerMinute?: number;
  log: Log;
}

const MAX_INVOKE_BYTES = 200 * 1024;
/** The manifest's placeholder for a page outside any ticket; the client script's query names it. */
const FULL_PAGE = 'full_page_app';
const CLIENT_SCRIPT = new URL('./client/fdk-client.js', import.meta.url);

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): true {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
  return true;
}

const sendFile = (res: ServerResponse, file: StaticFile) => send(res, 200, file.type, file.body);
const html = (res: ServerResponse, status: number, body: string) => send(res, status, 'text/html; charset=utf-8', body);

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_INVOKE_BYTES) throw new TemplateRefusal(`The call is larger than ${MAX_INVOKE_BYTES / 1024} KB`);
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/**
 * Only this page's own scripts may spend the tenant's key: a JSON content type (which another origin cannot
 * send without a CORS preflight, never granted here), a same-origin Origin, and a loopback Host (no DNS rebinding).
 */
function sameOriginCall(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  const origin = req.headers.origin;
  return (
    /^application\/json\b/.test(req.headers['content-type'] ?? '') &&
    /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host) &&
    (origin === undefined || origin === `http://${host}`)
  );
}

/**
 * The /app/ routes of local mode.
 * @example const pages = createAppPages({ deps, service, tenant: 'demo', apiKey, webhookSecret, log }); await serveLocally(handler, 8787, log, pages);
 */
export function createAppPages(options: AppPagesOptions): PageRoutes {
  const { deps, service, tenant, log } = options;
  const limit = new AppRateLimit(options.callsPerMinute);
  const installation = (req: IncomingMessage): Installation => ({ batonHost: `127.0.0.1:${req.socket.localPort}`, apiKey: options.apiKey, webhookSecret: options.webhookSecret });
  const clientScript = readFile(CLIENT_SCRIPT, 'utf8');

  const activeMatrix = async (): Promise<MatrixDocument> => {
    const stored = await deps.matrices.active(tenant);
    if (!stored) throw new Error(`Tenant ${tenant} has no active matrix`);
    return stored.document as MatrixDocument;
  };

  /** In an outage the ticket comes without Baton's subject and owner; the sidebar meets the outage itself. */
  async function knownEscalation(ticketId: string): Promise<KnownEscalation | null> {
    try {
      const { state } = await service.load(tenant, ticketId);
      return state.status === 'none' ? null : { subject: state.subject ?? null, ownerTeam: state.owner.team };
    } catch (error) {
      log.warn('the FDK stand-in could not read the escalation for the ticket it describes', { ticketId, ...describeError(error) });
      return null;
    }
  }

  async function index(res: ServerResponse): Promise<true> {
    const matrix = await activeMatrix();
    const tickets: EscalationSummary[] = (await deps.store.list(tenant, { limit: 100 })).items;
    let notice: string | undefined;
    try {
      await readFile(`${APP_DIR}app/index.html`);
    } catch {
      notice = 'The Freshservice app has no app/index.html yet: the sidebar links will not open until it exists.';
    }
    return html(res, 200, indexPage({ tenant, tickets, agents: matrixAgents(matrix), categories: categoriesOf(matrix), reviewers: matrixReviewers(matrix), ...(notice ? { notice } : {}) }));
  }

  async function page(req: IncomingMessage, res: ServerResponse, url: URL, relative: string): Promise<true> {
    // A full-page app (the weekly review) opens outside any ticket: it needs only the agent.
    const fullPage = (await fullPageApps()).has(relative);
    const query = (fullPage ? fullPageQuery : sessionQuery).safeParse(queryOf(url));
    const problems = (issues: z.core.$ZodIssue[]) => issues.map((i) => `${String(i.path[0] ?? 'query')}: ${i.message}`);
    if (!query.success) return html(res, 400, problemPage(fullPage ? 'This page needs an agent' : 'This sidebar needs a ticket and an agent', problems(query.error.issues)));
    const file = await readStatic(`${APP_DIR}app/`, relative);
    if (!file) return html(res, 404, problemPage('Not found', [`freshservice-app/app/${relative} does not exist (is the app built? npm run app:build)`]));
    const clientQuery = fullPage ? new URLSearchParams({ location: FULL_PAGE, ...(query.data as FullPageQuery) }) : url.searchParams;
    const clientSrc = escapeHtml(`/app/_fdk/client.js?${clientQuery}`);
    return send(res, 200, file.type, rewritePage(file.body.toString('utf8'), clientSrc));
  }

  async function client(req: IncomingMessage, res: ServerResponse, url: URL): Promise<true> {
    const fullPage = url.searchParams.get('location') === FULL_PAGE;
    const query = (fullPage ? fullPageQuery : sessionQuery).safeParse(queryOf(url));
    if (!query.success) return send(res, 400, 'text/javascript; charset=utf-8', `throw new Error(${JSON.stringify(query.error.issues.map((i) => i.message).join('; '))});`);
    // The schema parsed is the sidebar's exactly when this is not a full page.
    const ticketQuery = fullPage ? null : (query.data as SessionQuery);
    // Freshservice knows its groups whatever Baton's store is doing: in an outage the ticket and agent come without them.
    const teams = await activeMatrix().then(
      (matrix) => matrix.teams,
      (error: unknown) => {
        log.warn('the FDK stand-in could not read the matrix for the ticket it describes', describeError(error));
        return [];
      },
    );
    const config = await readAppConfig(installation(req)).catch((error: unknown) => {
      if (error instanceof TemplateRefusal) return null;
      throw error;
    });
    const session = {
      agent: query.data.agent,
      location: fullPage ? FULL_PAGE : 'ticket_sidebar',
      // Freshservice gives a full-page app no ticket: data.get('ticket') is refused there.
      ticket: ticketQuery ? freshserviceTicket(ticketQuery, teams, await knownEscalation(ticketQuery.ticket), deps.clock.now()) : null,
      loggedInUser: loggedInUser(query.data, teams),
      iparams: config?.publicIparams ?? {},
      invokeUrl: '/app/_fdk/invoke',
      indexUrl: '/app/',
    };
    // JSON in a script: "<" escaped so no value can end a script element if this is ever inlined.
    const prelude = `window.__BATON_FDK__ = ${JSON.stringify(session).replace(/</g, '\\u003c')};\n`;
    return send(res, 200, 'text/javascript; charset=utf-8', prelude + (await clientScript));
  }

  async function invoke(req: IncomingMessage, res: ServerResponse): Promise<true> {
    if (!sameOriginCall(req)) return send(res, 403, 'text/plain; charset=utf-8', 'Only the app pages local mode serves may call request templates');
    let input: { name?: unknown; context?: unknown; body?: unknown };
    try {
      input = (await readJsonBody(req)) as typeof input;
    } catch (error) {
      const message = error instanceof TemplateRefusal ? error.message : 'The call is not JSON';
      return send(res, 200, 'application/json', JSON.stringify({ ok: false, rejection: { status: 400, headers: {}, response: message, errorSource: 'APP', attempts: 0 } }));
    }
    const name = typeof input?.name === 'string' ? input.name : '';
    const outcome = await invokeAsApp(name, { context: input.context as Record<string, unknown> | undefined, body: input.body }, { installation: installation(req), limit, account: tenant });
    if (!outcome.ok && outcome.rejection.status === 400 && outcome.rejection.attempts === 0) log.warn(`request template refused: ${outcome.rejection.response}`);
    return send(res, 200, 'application/json', JSON.stringify(outcome.ok ? { ok: true, answer: outcome.answer } : { ok: false, rejection: outcome.rejection }));
  }

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path === '/' && req.method === 'GET') return send(res, 302, 'text/plain; charset=utf-8', 'See /app/', { location: '/app/' });
    if (path !== '/app' && !path.startsWith('/app/')) return false;
    try {
      if (req.method === 'POST' && path === '/app/_fdk/invoke') return await invoke(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed', { allow: 'GET' });
      if (path === '/app') return send(res, 302, 'text/plain; charset=utf-8', 'See /app/', { location: '/app/' });
      if (path === '/app/') return await index(res);
      if (path === '/app/_fdk/client.js') return await client(req, res, url);
      if (path.startsWith(`${ICONS_LOCAL}/`)) return sendFile(res, await readIcon(path.slice(ICONS_LOCAL.length + 1)));
      if (path.startsWith('/app/_crayons/')) {
        const file = await readCrayons(CRAYONS_DIR, path.slice('/app/_crayons/'.length));
        return file ? sendFile(res, file) : send(res, 404, 'text/plain; charset=utf-8', 'Not part of crayons');
      }
      const relative = path.slice('/app/'.length);
      if (relative.endsWith('.html')) return await page(req, res, url, relative);
      const file = await readStatic(`${APP_DIR}app/`, relative);
      return file ? sendFile(res, file) : send(res, 404, 'text/plain; charset=utf-8', `freshservice-app/app/${relative} does not exist`);
    } catch (error) {
      log.error('local app page failed', { path, ...describeError(error) });
      return html(res, 500, problemPage('Local mode could not serve this page', [error instanceof Error ? error.message : String(error)]));
    }
  };
}

/** The query's parameters; an empty one (a form field left blank) is no parameter. */
const queryOf = (url: URL) => Object.fromEntries([...url.searchParams].filter(([, value]) => value.trim() !== ''));

/** The categories the index page suggests: those the matrix maps to incident types, else its incident types. */
function categoriesOf(matrix: MatrixDocument): string[] {
  const mapping = matrix.ticketMapping?.categoryToIncidentType;
  return mapping ? Object.keys(mapping) : matrix.incidentTypes;
}
