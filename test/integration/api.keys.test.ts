import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLog } from '../../lambdas/app/log.js';
import { startBaton, type LocalBaton } from '../../lambdas/local/baton.js';
import { readLocalConfig } from '../../lambdas/local/config.js';
import type { EscalationView } from '../../shared/escalation/view.js';
import { START, WEBHOOK_SECRET, eventsOf, eventually, handoffBody, openBody, request, spawnManualBaton, startTestBaton, type ErrorAnswer, type TestBaton } from '../support/baton.js';

const A = 'acme-key-A-0123456789abcdef';
const B = 'acme-key-B-0123456789abcdef';

describe('API keys across restarts', () => {
  let dataDir: string;
  let running: LocalBaton | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-keys-'));
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A Baton on `dataDir` with these keys (none: the generated demo key). */
  const start = async (apiKeys?: string) => {
    await running?.stop();
    running = await startBaton(readLocalConfig({ BATON_DATA_DIR: dataDir, BATON_PORT: '0', ...(apiKeys ? { BATON_API_KEYS: apiKeys } : {}) }), silentLog);
    return running;
  };
  const status = async (baton: LocalBaton, key: string) => (await request(baton.url, 'GET', '/v1/matrix', undefined, { key })).status;

  it('stops a key removed from BATON_API_KEYS from working after a restart', async () => {
    const first = await start(`acme:${A},acme:${B}`);
    expect([await status(first, A), await status(first, B)]).toEqual([200, 200]);

    const second = await start(`acme:${A}`);

    expect([await status(second, A), await status(second, B)]).toEqual([200, 401]);
  });

  it('stops the generated demo key from working once real keys are configured', async () => {
    const demo = await start();
    const demoKey = (await readFile(join(dataDir, 'demo-api-key'), 'utf8')).trim();
    expect(await status(demo, demoKey)).toBe(200);

    const configured = await start(`acme:${A}`);

    expect([await status(configured, demoKey), await status(configured, A)]).toEqual([401, 200]);
  });

  it('describes each key by its configured label, and a restart keeps when each was created', async () => {
    const first = await start(`acme:${A} Freshservice app,acme:${B}`);
    const createdAt = (baton: LocalBaton) => Object.fromEntries(baton.keys.map((k) => [k.id, k.createdAt]));
    const created = createdAt(first);

    const second = await start(`acme:${A} Freshservice app (renamed),acme:${B}`);

    const byLabel = (x: { label: string }, y: { label: string }) => x.label.localeCompare(y.label);
    expect(second.keys.map(({ scope, label }) => ({ scope, label })).sort(byLabel)).toEqual([
      { scope: 'tenant', label: 'Freshservice app (renamed)' },
      { scope: 'tenant', label: 'tenant key from BATON_API_KEYS' },
      { scope: 'webhook', label: 'webhook secret' },
    ]);
    expect(createdAt(second)).toEqual(created);
    expect(Object.values(created).every((at) => at !== null && Date.parse(at) > 0)).toBe(true);
  });
});

describe('the start-up banner', () => {
  it("lists each tenant's keys by id, scope, label and creation time, and no configured secret", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'baton-banner-'));
    const server = await spawnManualBaton(dataDir, START, { BATON_API_KEYS: `acme:${A} Freshservice app,acme/msp:${B} MSP PSA integration` });
    try {
      const banner = await eventually('the key table', async () => (server.output().includes('Try it:') ? server.output() : null));

      const rows = banner.split('\n').filter((line) => /^\s+key_[0-9a-f]{8}\s/.test(line)).map((line) => line.trim().split(/\s{2,}/));
      expect(rows).toEqual(expect.arrayContaining([
        [expect.stringMatching(/^key_/), 'tenant', 'Freshservice app', '2026-11-30T09:00:00.000Z'],
        [expect.stringMatching(/^key_/), 'party:msp', 'MSP PSA integration', '2026-11-30T09:00:00.000Z'],
        [expect.stringMatching(/^key_/), 'webhook', 'webhook secret', '2026-11-30T09:00:00.000Z'],
      ]));
      expect(banner).not.toContain(A);
      expect(banner).not.toContain(B);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('a key scoped to one party', () => {
  const M = 'acme-msp-key-0123456789abcdef';
  let dataDir: string;
  let baton: LocalBaton;
  const call = <T>(key: string, method: string, path: string, body?: unknown) => request<T>(baton.url, method, path, body, { key });
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-scoped-'));
    baton = await startBaton(
      readLocalConfig({ BATON_DATA_DIR: dataDir, BATON_PORT: '0', BATON_CLOCK: 'manual', BATON_CLOCK_START: START, BATON_API_KEYS: `acme:${A},acme/msp:${M}` }),
      silentLog,
    );
  });
  afterEach(async () => {
    await baton.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('may not acknowledge for the internal side: 403 naming its scope, nothing recorded', async () => {
    expect((await call(A, 'POST', '/v1/escalations', openBody('8001'))).status).toBe(201);
    expect((await call(A, 'POST', '/v1/escalations/8001/handoffs', handoffBody({ toTeam: 'infrastructure' }))).status).toBe(201);

    const answer = await call<ErrorAnswer>(M, 'POST', '/v1/escalations/8001/handoffs/h1/acknowledge', { actor: { id: 'agent-ivan' } });

    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toContain('scope party:msp');
    expect((await call<EscalationView>(A, 'GET', '/v1/escalations/8001')).body.pendingHandoff).toMatchObject({ id: 'h1' });
  });

  it('acts for its own party, and the audit trail names the key that asserted each actor', async () => {
    expect((await call(A, 'POST', '/v1/escalations', openBody('8002'))).status).toBe(201);
    expect((await call(M, 'POST', '/v1/escalations/8002/handoffs', handoffBody({ toTeam: 'msp-l2' }))).status).toBe(201);

    const acknowledged = await call<EscalationView>(M, 'POST', '/v1/escalations/8002/handoffs/h1/acknowledge', { actor: { id: 'agent-lee' } });

    expect(acknowledged.status).toBe(200);
    const actors = acknowledged.body.timeline.filter((e) => e.type !== 'notification.sent').map((e) => ({ type: e.type, actor: e.actor }));
    expect(actors).toEqual([
      { type: 'escalation.opened', actor: { id: 'agent-nick', via: { key: expect.stringMatching(/^key_[0-9a-f]{8}$/), scope: 'tenant' } } },
      { type: 'handoff.requested', actor: { id: 'agent-nick', via: { key: expect.stringMatching(/^key_[0-9a-f]{8}$/), scope: 'party:msp' } } },
      { type: 'handoff.acknowledged', actor: { id: 'agent-lee', via: { key: expect.stringMatching(/^key_[0-9a-f]{8}$/), scope: 'party:msp' } } },
    ]);
    expect(actors[0]!.actor!.via!.key).not.toBe(actors[1]!.actor!.via!.key);
  });

  it('refuses to start with a key for a party the matrix does not have', async () => {
    await expect(
      startBaton(readLocalConfig({ BATON_DATA_DIR: await mkdtemp(join(tmpdir(), 'baton-scoped-bad-')), BATON_PORT: '0', BATON_API_KEYS: `acme/vendor:${M}` }), silentLog),
    ).rejects.toThrow(/acme\/vendor.*names a party the matrix does not have/);
  });
});

describe("each tenant's webhook secret", () => {
  let h: TestBaton;
  beforeEach(async () => {
    h = await startTestBaton();
  });
  afterEach(() => h.stop());
  const webhook = (secret: string, ticketId: string) =>
    request<{ recorded: number }>(h.url, 'POST', '/v1/webhooks/freshservice', { ticketId, changes: { group_id: [2001, 2002] }, actor: { id: 'fs-agent' } }, { key: null, headers: { 'x-baton-webhook-secret': secret } });

  it('alone identifies the tenant: no API key needed, the move recorded as reported through it', async () => {
    expect((await h.call('POST', '/v1/escalations', openBody('8201'))).status).toBe(201);

    const answer = await webhook(WEBHOOK_SECRET, '8201');

    expect(answer).toMatchObject({ status: 202, body: { recorded: 1 } });
    expect(eventsOf(await h.view('8201'), 'ownership.silent-transfer')).toMatchObject([{ actor: { id: 'fs-agent', via: { scope: 'webhook' } } }]);
  });

  it("of another tenant records nothing on this tenant's ticket", async () => {
    expect((await h.call('POST', '/v1/escalations', openBody('8202'))).status).toBe(201);
    const globex = h.baton.webhookSecrets.globex!;

    const answer = await webhook(globex, '8202');

    expect(answer.status).toBe(202);
    expect(eventsOf(await h.view('8202'), 'ownership.silent-transfer')).toEqual([]);
    expect(globex).not.toBe(WEBHOOK_SECRET);
  });

  it('can do nothing but report ticket changes: as a bearer key it gets 403 naming its scope', async () => {
    const answer = await h.call<ErrorAnswer>('GET', '/v1/matrix', undefined, { key: WEBHOOK_SECRET });

    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toContain('scope webhook');
  });
});
