import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, openBody, startTestBaton, type TestBaton } from '../support/baton.js';

/** A GET or POST on local mode's pages, as a browser on the same origin sends it. */
async function page(h: TestBaton, path: string, init: RequestInit = {}) {
  const response = await fetch(`${h.url}${path}`, { redirect: 'manual', ...init });
  return { status: response.status, type: response.headers.get('content-type') ?? '', location: response.headers.get('location'), text: await response.text() };
}

const invoke = (h: TestBaton, call: unknown, headers: Record<string, string> = {}) =>
  page(h, '/app/_fdk/invoke', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(call) });

describe('local mode serves the app with a stand-in for the FDK', () => {
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton({ env: { BATON_APP_CALLS_PER_MINUTE: '1000' } });
    await h.call('POST', '/v1/escalations', openBody('4521', { subject: '<img src=x onerror=alert(1)> VPN & DNS' }));
  });
  afterAll(() => h.stop());

  it('lists the tenant’s tickets, subjects escaped, with a link per agent, and every team member once', async () => {
    const { status, text } = await page(h, '/app/');

    expect(status).toBe(200);
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt; VPN &amp; DNS');
    expect(text).not.toContain('<img src=x');
    expect(text).toContain('href="index.html?ticket=4521&amp;agent=agent-ivan"');
    expect(text.match(/data-test="agent-row"/g)).toHaveLength(7);
    expect(text).toContain('agent-lee</td><td>MSP Network Operations Centre (Acme MSP), MSP Second Line (Acme MSP)');
  });

  it('sends / and /app to the index', async () => {
    expect(await page(h, '/')).toMatchObject({ status: 302, location: '/app/' });
    expect(await page(h, '/app')).toMatchObject({ status: 302, location: '/app/' });
  });

  it('serves the sidebar page with the stand-in client for its query and crayons from this machine', async () => {
    const { status, text } = await page(h, '/app/index.html?ticket=4521&agent=agent-nick');

    expect(status).toBe(200);
    expect(text).toContain('<script src="/app/_fdk/client.js?ticket=4521&amp;agent=agent-nick"></script>');
    expect(text).toContain('src="/app/_crayons/dist/crayons/crayons.esm.js"');
    expect(text).toContain('href="/app/_crayons/css/crayons-min.css"');
    expect(text).not.toMatch(/cdn\.jsdelivr|\{\{\{appclient\}\}\}/);
  });

  it('opens the sidebar from the index page’s form, optional fields left blank', async () => {
    const { status, text } = await page(h, '/app/index.html?ticket=4530&subject=&priority=4&impact=3&category=Network&agent=agent-nick');

    expect(status).toBe(200);
    expect(text).toContain('/app/_fdk/client.js?ticket=4530&amp;subject=&amp;priority=4');
  });

  it('answers a sidebar address without a ticket or agent with what is missing, escaped', async () => {
    const { status, text } = await page(h, '/app/index.html?ticket=%3Cb%3E');

    expect(status).toBe(400);
    expect(text).toContain('ticket: Ticket id is letters, digits');
    expect(text).toContain('agent: ');
  });

  it('gives the client the ticket (owner team’s group), the agent as logged-in user and only non-secure iparams', async () => {
    const { text } = await page(h, '/app/_fdk/client.js?ticket=4521&agent=agent-ivan&priority=2&category=Software');
    const session = JSON.parse(/^window\.__BATON_FDK__ = (.*);$/m.exec(text)![1]!) as { ticket: { ticket: unknown }; loggedInUser: unknown; iparams: Record<string, unknown> };

    expect(session.ticket.ticket).toMatchObject({ id: 4521, subject: '<img src=x onerror=alert(1)> VPN & DNS', priority: 2, category: 'Software', group_id: 2001 });
    expect(session.loggedInUser).toEqual({ loggedInUser: { id: 'agent-ivan', group_ids: [1002] } });
    expect(Object.keys(session.iparams)).not.toContain('baton_api_key');
    expect(session.iparams.baton_host).toBe(new URL(h.url).host);
    expect(text).not.toContain(KEYS.acme);
    expect(text).toContain('window.app = { initialized');
  });

  it('links the review page once per coordinator and approver, with their roles', async () => {
    const { text } = await page(h, '/app/');

    expect(text.match(/data-test="reviewer"/g)).toHaveLength(6);
    expect(text).toContain('<a href="review.html?agent=agent-anna">agent-anna</a> — coordinator, Service Desk');
    expect(text).toContain('<a href="review.html?agent=agent-mia">agent-mia</a> — approver for Acme MSP');
  });

  it('serves the review page, a full-page app, for an agent alone and gives its client no ticket', async () => {
    const { status, text } = await page(h, '/app/review.html?agent=agent-carla');
    const clientSrc = /<script src="([^"]+)"><\/script>/.exec(text)![1]!.replaceAll('&amp;', '&');
    const client = await page(h, clientSrc);
    const session = JSON.parse(/^window\.__BATON_FDK__ = (.*);$/m.exec(client.text)![1]!) as { location: string; ticket: unknown; loggedInUser: unknown };

    expect(status).toBe(200);
    expect(clientSrc).toBe('/app/_fdk/client.js?location=full_page_app&agent=agent-carla&user=flat');
    expect(session).toMatchObject({ location: 'full_page_app', ticket: null, loggedInUser: { loggedInUser: { id: 'agent-carla', group_ids: [1002] } } });
  });

  it('answers a review address without an agent with what is missing', async () => {
    const { status, text } = await page(h, '/app/review.html');

    expect(status).toBe(400);
    expect(text).toContain('This page needs an agent');
  });

  it('runs a request template for the app with the first tenant’s key', async () => {
    const { text } = await invoke(h, { name: 'getEscalation', context: { ticketId: '4521' } });
    const outcome = JSON.parse(text) as { ok: boolean; answer: { status: number; response: string } };

    expect(outcome.ok).toBe(true);
    expect(outcome.answer.status).toBe(200);
    expect(JSON.parse(outcome.answer.response)).toMatchObject({ ticketId: '4521', owner: { team: 'msp-noc' } });
  });

  it('answers the API’s error as the platform’s rejection', async () => {
    const { text } = await invoke(h, { name: 'getEscalation', context: { ticketId: '9999' } });

    expect(JSON.parse(text)).toMatchObject({ ok: false, rejection: { status: 404, errorSource: 'APP', attempts: 1 } });
  });

  it('refuses a template the manifest does not declare, and a call missing its context', async () => {
    expect(JSON.parse((await invoke(h, { name: 'deleteEverything' })).text)).toMatchObject({ ok: false, rejection: { status: 400, response: expect.stringContaining('not defined in manifest') } });
    expect(JSON.parse((await invoke(h, { name: 'getEscalation' })).text)).toMatchObject({ ok: false, rejection: { status: 400, response: expect.stringContaining('context.ticketId') } });
  });

  it('lets no other origin, and no form post, spend the key', async () => {
    expect((await invoke(h, { name: 'getMatrix' }, { origin: 'http://evil.example' })).status).toBe(403);
    const form = await page(h, '/app/_fdk/invoke', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ name: 'getMatrix' }) });
    expect(form.status).toBe(403);
  });

  it('serves crayons with its icons fetched from this machine, and nothing outside its dist and css folders', async () => {
    const script = await page(h, '/app/_crayons/dist/crayons/crayons.esm.js');
    const icon = await page(h, '/app/_fdk/crayons-icons/cross.svg');

    expect(script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(icon).toMatchObject({ status: 200, type: 'image/svg+xml' });
    expect((await page(h, '/app/_crayons/package.json')).status).toBe(404);
    expect((await page(h, '/app/_crayons/dist/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});

describe('the app quota in local mode', () => {
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton({ env: { BATON_APP_CALLS_PER_MINUTE: '3' } });
  });
  afterAll(() => h.stop());

  it('answers 429 from the platform (errorSource APP) once the minute’s calls are spent', async () => {
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(JSON.parse((await invoke(h, { name: 'getMatrix' })).text) as { ok: boolean; rejection?: unknown });

    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false]);
    expect(outcomes[3]!.rejection).toMatchObject({ status: 429, errorSource: 'APP' });
  });
});
