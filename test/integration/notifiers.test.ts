import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OutboxFileNotifier } from '../../lambdas/adapters/notify/outbox-file.js';
import { NotifierRegistry } from '../../lambdas/adapters/notify/registry.js';
import { SlackNotifier } from '../../lambdas/adapters/notify/slack.js';
import { TeamsNotifier } from '../../lambdas/adapters/notify/teams.js';
import { TicketNoteNotifier } from '../../lambdas/adapters/notify/ticket-note.js';
import type { NotificationMessage, Ticket, TicketSystem } from '../../shared/ports.js';
import { recordingServer } from '../support/recording-server.js';


const hostile = (overrides: Partial<NotificationMessage> = {}): NotificationMessage => ({
  tenant: 'contoso',
  ticketId: '4711',
  subject: 'VPN down <b>',
  eventType: 'sla.warning',
  seq: 7,
  severity: 'warning',
  title: 'SLA at 75% <script>alert(1)</script>',
  lines: ['Owner: MSP NOC (msp)', '<!channel> *bold* please look', '[click](javascript:alert(1))'],
  links: [
    { label: 'Runbook <b>', url: 'https://kb.example.com/network?a=1&b=2' },
    { label: 'evil', url: 'javascript:alert(1)' },
  ],
  recipients: [{ team: 'msp-noc', party: 'msp', name: 'MSP NOC' }],
  ...overrides,
});

/** The error a promise rejects with; fails the test when it resolves. */
const failureOf = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e as Error);

const http = recordingServer({ body: { ok: true, ts: '1.2' } });
let base = '';
beforeAll(async () => { base = await http.start(); });
afterAll(() => http.stop());
beforeEach(() => http.reset());

describe('SlackNotifier', () => {
  const TOKEN = 'xoxb-secret-token-123';
  const slack = (timeoutMs = 5000) => new SlackNotifier({ token: TOKEN, apiBaseUrl: `${base}/api`, timeoutMs });
  const sent = () => http.requests[0]?.body as { channel: string; text: string; blocks: unknown[] };

  it('posts to chat.postMessage with the bot token as a bearer header', async () => {
    await slack().send({ kind: 'slack', channel: '#it-service-desk' }, hostile());

    expect(http.requests).toHaveLength(1);
    expect(http.requests[0]).toMatchObject({ method: 'POST', url: '/api/chat.postMessage', headers: { authorization: `Bearer ${TOKEN}` } });
  });

  it('quotes the rest of a multi-line field under its bullet, so it cannot forge a fact line', async () => {
    await slack().send({ kind: 'slack', channel: 'C1' }, hostile({ lines: ['Diagnosis: link down\n• Owner: Forged Team (internal)\r\nstill the diagnosis', 'Owner: MSP NOC (msp)'] }));

    const facts = (sent().blocks as Array<{ type: string; text?: { text: string } }>).find((b) => b.type === 'section' && b.text?.text.startsWith('• Diagnosis'))!.text!.text;
    expect(facts.split('\n')).toEqual(['• Diagnosis: link down', '> • Owner: Forged Team (internal)', '> still the diagnosis', '• Owner: MSP NOC (msp)']);
  });

  it('sends the channel and a plain text fallback', async () => {
    await slack().send({ kind: 'slack', channel: '#it-service-desk' }, hostile({ title: 'SLA at 75%' }));

    expect(sent()).toMatchObject({ channel: '#it-service-desk', text: 'WARNING: SLA at 75% (ticket #4711)' });
  });

  it('escapes user text in the blocks so no script, mention or formatting gets through', async () => {
    await slack().send({ kind: 'slack', channel: 'C1' }, hostile());

    const blocks = JSON.stringify(sent().blocks);
    expect(blocks).not.toContain('<script>');
    expect(blocks).not.toContain('<!channel>');
    expect(blocks).not.toContain('*bold*');
    expect(blocks).toContain('&lt;script&gt;');
    expect(blocks).toContain('&lt;!channel&gt;');
  });

  it('renders only safe links, with their labels escaped', async () => {
    await slack().send({ kind: 'slack', channel: 'C1' }, hostile());

    const blocks = JSON.stringify(sent().blocks);
    expect(blocks).toContain('<https://kb.example.com/network?a=1&amp;b=2|Runbook &lt;b&gt;>');
    expect(blocks).not.toContain('javascript:alert(1)|');
  });

  it('rejects when Slack answers ok: false, naming the error', async () => {
    http.answer({ body: { ok: false, error: 'channel_not_found' } });

    await expect(slack().send({ kind: 'slack', channel: 'C404' }, hostile())).rejects.toThrow(/channel_not_found/);
  });

  it('rejects a 429 with the Retry-After in the message', async () => {
    http.answer({ status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } });

    await expect(slack().send({ kind: 'slack', channel: 'C1' }, hostile())).rejects.toThrow(/Retry-After: 30/);
  });

  it('rejects a server error without the token in the message', async () => {
    http.answer({ status: 500 });

    const error = await failureOf(slack().send({ kind: 'slack', channel: 'C1' }, hostile()));
    expect(error.message).toMatch(/answered 500/);
    expect(error.message).not.toContain(TOKEN);
  });

  it('rejects when Slack does not answer within the timeout', async () => {
    http.answer({ delayMs: 2000, body: { ok: true } });

    await expect(slack(200).send({ kind: 'slack', channel: 'C1' }, hostile())).rejects.toThrow(/no answer within 200 ms/);
  });
});

describe('TeamsNotifier', () => {
  const webhook = () => `${base}/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=SECRET-SIG-value`;
  const teams = (timeoutMs = 5000) => new TeamsNotifier({ timeoutMs });
  const card = () => {
    const body = http.requests[0]?.body as { type: string; attachments: { contentType: string; content: Record<string, unknown> }[] };
    return { body, content: body.attachments[0]?.content as { type: string; version: string; body: Record<string, unknown>[]; actions: Record<string, unknown>[] } };
  };

  it('posts a message with one Adaptive Card 1.4 attachment to the webhook URL', async () => {
    await teams().send({ kind: 'teams', url: webhook() }, hostile());

    expect(http.requests[0]).toMatchObject({ method: 'POST', url: '/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=SECRET-SIG-value' });
    expect(card().body).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] });
    expect(card().content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
  });

  it('shows the title in a bold TextBlock and "key: value" lines in a FactSet', async () => {
    await teams().send({ kind: 'teams', url: webhook() }, hostile({ title: 'SLA at 75%' }));

    expect(card().content.body[0]).toMatchObject({ type: 'TextBlock', text: 'WARNING: SLA at 75%', weight: 'Bolder' });
    expect(card().content.body).toContainEqual({ type: 'FactSet', facts: [{ title: 'Owner', value: 'MSP NOC (msp)' }] });
  });

  it('does not render a markdown link written by a user as a link', async () => {
    await teams().send({ kind: 'teams', url: webhook() }, hostile());

    const texts = card().content.body.map((element) => element.text);
    expect(texts).toContain('\\[click\\](javascript:alert(1))');
    expect(texts).not.toContain('[click](javascript:alert(1))');
  });

  it('offers only safe http(s) links as Action.OpenUrl', async () => {
    await teams().send({ kind: 'teams', url: webhook() }, hostile());

    expect(card().content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Runbook <b>', url: 'https://kb.example.com/network?a=1&b=2' }]);
  });

  it('rejects a non-2xx answer without the webhook URL in the message', async () => {
    http.answer({ status: 500 });

    const error = await failureOf(teams().send({ kind: 'teams', url: webhook() }, hostile()));
    expect(error.message).toBe('Teams webhook answered 500');
    expect(JSON.stringify({ message: error.message, cause: String(error.cause) })).not.toContain('SECRET-SIG');
  });

  it('rejects when the webhook does not answer within the timeout, without the URL', async () => {
    http.answer({ delayMs: 2000 });

    const error = await failureOf(teams(200).send({ kind: 'teams', url: webhook() }, hostile()));
    expect(error.message).toMatch(/no answer within 200 ms/);
    expect(error.message).not.toContain('SECRET-SIG');
  });
});

describe('TicketNoteNotifier', () => {
  class RecordingTickets implements TicketSystem {
    readonly notes: { ticketId: string; html: string }[] = [];
    getTicket(): Promise<Ticket | null> { return Promise.resolve(null); }
    groupsOfAgent(): Promise<number[]> { return Promise.resolve([]); }
    addPrivateNote(ticketId: string, html: string): Promise<void> { this.notes.push({ ticketId, html }); return Promise.resolve(); }
  }

  it('adds escaped HTML to the addressed ticket: bold title, lines as a list, safe links only', async () => {
    const tickets = new RecordingTickets();

    await new TicketNoteNotifier(async () => tickets).send({ kind: 'ticket-note', ticketId: '4711' }, hostile());

    const [note] = tickets.notes;
    expect(note?.ticketId).toBe('4711');
    expect(note?.html).toContain('<strong>[Warning] SLA at 75% &lt;script&gt;alert(1)&lt;/script&gt;</strong>');
    expect(note?.html).toContain('<ul><li>Owner: MSP NOC (msp)</li><li>&lt;!channel&gt; *bold* please look</li>');
    expect(note?.html).toContain('<a href="https://kb.example.com/network?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">Runbook &lt;b&gt;</a>');
    expect(note?.html).not.toContain('href="javascript:');
  });

  it("adds the note on the message's tenant's own desk, and fails for a tenant without one", async () => {
    const contoso = new RecordingTickets();
    const fabrikam = new RecordingTickets();
    const desks: Record<string, TicketSystem> = { contoso, fabrikam };
    const notifier = new TicketNoteNotifier(async (tenant) => desks[tenant] ?? null);

    await notifier.send({ kind: 'ticket-note', ticketId: '4711' }, hostile({ tenant: 'fabrikam' }));
    const unconnected = notifier.send({ kind: 'ticket-note', ticketId: '4711' }, hostile({ tenant: 'globex' }));

    expect([contoso.notes.length, fabrikam.notes.length]).toEqual([0, 1]);
    await expect(unconnected).rejects.toThrow('Tenant globex has no Freshservice connection');
  });
});

describe('OutboxFileNotifier', () => {
  let folder = '';
  beforeEach(async () => { folder = await mkdtemp(join(tmpdir(), 'baton-outbox-')); });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('appends one parseable JSON line per message, creating the folder on first use', async () => {
    const path = join(folder, 'nested', 'outbox.jsonl');
    const outbox = new OutboxFileNotifier(path, { now: () => new Date('2026-11-30T10:15:00.000Z') });

    await outbox.send({ kind: 'outbox-file' }, hostile({ seq: 7 }));
    await outbox.send({ kind: 'outbox-file' }, hostile({ seq: 8, severity: 'critical' }));
    await outbox.close();

    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      at: '2026-11-30T10:15:00.000Z', tenant: 'contoso', ticketId: '4711', eventType: 'sla.warning', seq: 7, severity: 'warning',
      title: hostile().title, lines: hostile().lines, links: hostile().links, recipients: hostile().recipients,
    });
    expect(lines[1]).toMatchObject({ seq: 8, severity: 'critical' });
  });

  it('rejects a message the file cannot take, so the delivery is retried', async () => {
    const outbox = new OutboxFileNotifier(folder, { now: () => new Date('2026-11-30T10:15:00.000Z') });

    await expect(outbox.send({ kind: 'outbox-file' }, hostile())).rejects.toThrow();
    await expect(outbox.send({ kind: 'outbox-file' }, hostile())).rejects.toThrow();
    await outbox.close();
  });
});

describe('NotifierRegistry', () => {
  it('sends through the notifier configured for the address kind', async () => {
    const registry = new NotifierRegistry([new SlackNotifier({ token: 't', apiBaseUrl: `${base}/api` })]);

    await registry.send({ kind: 'slack', channel: 'C1' }, hostile());

    expect(http.requests[0]?.url).toBe('/api/chat.postMessage');
  });

  it('throws a clear error when no notifier is configured for the kind', async () => {
    const registry = new NotifierRegistry([new TeamsNotifier()]);

    expect(registry.has('slack')).toBe(false);
    await expect(registry.send({ kind: 'slack', channel: 'C1' }, hostile())).rejects.toThrow('No notifier configured for channel kind "slack"');
  });
});

describe('the weekly digest on each channel', () => {
  const digest = {
    tenant: 'contoso',
    week: '2026-W49',
    title: 'Weekly co-managed ops review: 2026-W49',
    period: 'Mon 30 Nov – Sun 6 Dec 2026 (Europe/London)',
    comparedWith: 'against baseline v1',
    kpis: [{ label: 'Escalation SLA attainment', value: '67 %', movement: '+10 % vs baseline', target: null, detail: '<!channel> *Team* 50 %' }],
    breaches: 1,
    worstBreach: '#4521 [click](javascript:alert(1)) <b>down</b> (network, tier 1)',
    link: { label: 'Open the weekly review', url: 'javascript:alert(1)' },
  };

  it('escapes what people wrote in Slack and drops a link that is not http(s)', async () => {
    await new SlackNotifier({ token: 'xoxb-1', apiBaseUrl: `${base}/api` }).sendDigest({ kind: 'slack', channel: 'C1' }, digest);

    const body = http.requests[0]!.body as { blocks: Array<{ type: string; fields?: Array<{ text: string }>; text?: { text: string } }> };
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'context', 'section', 'section']);
    expect(body.blocks[2]!.fields![0]!.text).toContain('&lt;!channel&gt; \u200B*\u200BTeam\u200B*\u200B 50 %');
    expect(body.blocks[3]!.text!.text).toContain('&lt;b&gt;down&lt;/b&gt;');
  });

  it('escapes card markdown in Teams and drops a link that is not http(s)', async () => {
    await new TeamsNotifier().sendDigest({ kind: 'teams', url: `${base}/hook` }, digest);

    const card = (http.requests[0]!.body as { attachments: Array<{ content: { body: Array<{ text?: string }>; actions: unknown[] } }> }).attachments[0]!.content;
    expect(card.body[3]!.text).toBe('Worst of 1 breach: #4521 \\[click\\](javascript:alert(1)) \\<b\\>down\\</b\\> (network, tier 1)');
    expect(card.actions).toEqual([]);
  });

  it('is refused by a notifier that cannot carry it (the ticket note) with the channel named', async () => {
    const registry = new NotifierRegistry([new TicketNoteNotifier(() => Promise.resolve(null))]);

    await expect(registry.sendDigest({ kind: 'ticket-note', ticketId: '1' }, digest)).rejects.toThrow('No notifier configured that carries the weekly digest to "ticket-note"');
  });
});
