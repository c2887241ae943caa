/** The HTTP API against hostile input on a real local server: every bad request is refused cleanly and changes nothing. */
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { silentLog } from '../../lambdas/app/log.js';
import { startBaton, type LocalBaton } from '../../lambdas/local/baton.js';
import { MAX_BODY_BYTES } from '../../lambdas/http/middleware.js';
import { readLocalConfig } from '../../lambdas/local/config.js';
import { LIMITS } from '../../shared/limits.js';
import {
  actorOnlyBody,
  devClockBody,
  freshserviceWebhookBody,
  openEscalationBody,
  pauseBody,
  reclassifyBody,
  rejectHandoffBody,
  requestHandoffBody,
  resolveBody,
} from '../../shared/api/schemas.js';
import { everyMark, markedBadBodies, type JsonObject } from '../support/bad-bodies.js';

const API_KEY = 'fuzz-tenant-key-0123456789abcdef';
const TICKET = 'FUZZ-1';
const NEXT_DUE = '2026-11-30T12:00:00Z';
/**
 * Bad bodies per route, drawn from a fixed seed so every run sends the same ones: enough that each route's bodies
 * carry every mark of `everyMark` (each field replaced and removed, each kind of wrong value, …), which each test asserts.
 * With this seed the last route to get there (the webhook) does so at its 380th body; a route that needs more fails, naming what it missed.
 */
const BODIES_PER_ROUTE = 400;
const FUZZ_SEED = 20_261_130;

const errorBodySchema = z
  .object({
    error: z
      .object({
        code: z.string().min(1),
        message: z.string().min(1),
        fields: z.array(z.object({ path: z.string().min(1), message: z.string().min(1) }).strict()).min(1).optional(),
      })
      .strict(),
  })
  .strict();
type ErrorBody = z.infer<typeof errorBodySchema>;

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

let baton: LocalBaton;
let dataDir: string;
let handoffId: string;

async function request(method: 'GET' | 'POST', path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${baton.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) => request('POST', path, JSON.stringify(body), headers);

async function getJson<T>(path: string): Promise<T> {
  const answer = await request('GET', path);
  expect(answer.status).toBe(200);
  return JSON.parse(answer.text) as T;
}

function errorOf(answer: Answer): ErrorBody['error'] {
  expect(answer.contentType).toMatch(/^application\/json/);
  return errorBodySchema.parse(JSON.parse(answer.text)).error;
}

interface EscalationView {
  version: number;
  timeline: unknown[];
}

/** Everything a refused request must leave as it was: the fuzzed escalation, the open list and the clock. */
async function storeSnapshot() {
  const view = await getJson<EscalationView>(`/v1/escalations/${TICKET}`);
  const open = await getJson<{ items: Array<{ ticketId: string; version: number }> }>('/v1/escalations?state=open');
  return {
    version: view.version,
    timelineLength: view.timeline.length,
    view,
    open: open.items.map((item) => `${item.ticketId}@v${item.version}`).sort(),
    now: baton.clock.now().toISOString(),
  };
}

const actor = { id: 'agent-nick' };
const handoffRecord = {
  toTeam: 'infrastructure',
  diagnosis: 'Tunnel up, but no routes from the branch',
  actionsTaken: 'Restarted the IPsec tunnel',
  evidence: [{ label: 'Tunnel log', url: 'https://logs.example.com/vpn/4521' }],
  nextAction: 'Check the branch core switch',
  nextActionDueAt: NEXT_DUE,
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'baton-fuzz-'));
  baton = await startBaton(
    readLocalConfig({
      BATON_CLOCK: 'manual',
      BATON_CLOCK_START: '2026-11-30T09:00:00Z',
      BATON_PORT: '0',
      BATON_DATA_DIR: dataDir,
      BATON_API_KEYS: `fuzz:${API_KEY}`,
    }),
    silentLog,
  );
  const opened = await post('/v1/escalations', { ticketId: TICKET, subject: 'Branch VPN down', incidentType: 'network', impactTier: 1, actor });
  expect(opened.status).toBe(201);
  const requested = await post(`/v1/escalations/${TICKET}/handoffs`, { ...handoffRecord, actor });
  expect(requested.status).toBe(201);
  handoffId = (JSON.parse(requested.text) as { handoff: { id: string } }).handoff.id;
  // The open and the handoff record their notifications in the background: done before any test takes its snapshot.
  await baton.tasks.drain();
}, 60_000);

afterAll(async () => {
  await baton?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('requests the API refuses before any work', () => {
  it('answers malformed JSON with 400 validation naming the body', async () => {
    const answer = await request('POST', `/v1/escalations/${TICKET}/pause`, '{"actor": {"id": "agent-nick"}, "reason": ');

    expect(answer.status).toBe(400);
    const error = errorOf(answer);
    expect(error.code).toBe('validation');
    expect(error.fields).toEqual([{ path: 'body', message: 'Malformed JSON' }]);
  });

  it('answers a text/plain body with 415 unsupported_media_type', async () => {
    const answer = await request('POST', `/v1/escalations/${TICKET}/pause`, JSON.stringify({ actor, reason: 'Waiting for the carrier' }), { 'content-type': 'text/plain' });

    expect(answer.status).toBe(415);
    expect(errorOf(answer).code).toBe('unsupported_media_type');
  });

  it('answers a body over 64 KB with 413 payload_too_large', async () => {
    const answer = await post(`/v1/escalations/${TICKET}/pause`, { actor, reason: 'x'.repeat(MAX_BODY_BYTES) });

    expect(answer.status).toBe(413);
    expect(errorOf(answer).code).toBe('payload_too_large');
  });

  it('answers an unknown field with 400 naming the unknown key', async () => {
    const answer = await post(`/v1/escalations/${TICKET}/pause`, { actor, reason: 'Waiting for the carrier', colour: 'red' });

    expect(answer.status).toBe(400);
    const error = errorOf(answer);
    expect(error.code).toBe('validation');
    expect(error.fields).toEqual([{ path: 'body', message: expect.stringContaining('"colour"') as unknown }]);
  });

  it('answers a missing required field with 400 giving its path and a human message', async () => {
    const { diagnosis: _omitted, ...withoutDiagnosis } = handoffRecord;

    const answer = await post(`/v1/escalations/${TICKET}/handoffs`, { ...withoutDiagnosis, actor });

    expect(answer.status).toBe(400);
    const error = errorOf(answer);
    expect(error.code).toBe('validation');
    expect(error.fields).toEqual([{ path: 'diagnosis', message: 'Current diagnosis is required' }]);
  });

  it('answers an unknown route with 404', async () => {
    const answer = await request('GET', '/v1/escalatons');

    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe('not_found');
  });

  it('answers GET on a POST-only path with 405', async () => {
    const answer = await request('GET', `/v1/escalations/${TICKET}/pause`);

    expect(answer.status).toBe(405);
    expect(errorOf(answer).code).toBe('method_not_allowed');
  });

  it('answers a path with bad percent-encoding with 400 naming the parameter', async () => {
    const answer = await request('GET', '/v1/escalations/%E0%A4%A');

    expect(answer.status).toBe(400);
    const error = errorOf(answer);
    expect(error.code).toBe('validation');
    expect(error.fields).toEqual([{ path: 'ticketId', message: expect.stringContaining('Ticket id is letters, digits') }]);
  });

  it('always answers errors as {"error":{"code","message","fields"?}} without a stack trace or internals', async () => {
    const answers = await Promise.all([
      request('POST', '/v1/escalations', '{"ticketId": '),
      request('POST', '/v1/escalations', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'),
      request('POST', '/v1/escalations', 'null'),
      request('POST', '/v1/escalations', JSON.stringify({ ticketId: 'bad id!', incidentType: 7, impactTier: '1', actor: { id: '' }, toString: {} })),
      request('POST', `/v1/escalations/${TICKET}/pause`, 'reason=none', { 'content-type': 'application/x-www-form-urlencoded' }),
      request('POST', `/v1/escalations/${TICKET}/pause`, `{"reason":"${'y'.repeat(70_000)}"}`),
      request('POST', '/v1/webhooks/freshservice', JSON.stringify({ ticketId: TICKET, changes: {} }), { 'x-baton-webhook-secret': 'not-the-secret-at-all' }),
      request('GET', '/v1/escalations', undefined, { authorization: 'Bearer not-a-valid-key-at-all' }),
      request('GET', '/v1/escalations?state=closed'),
      request('GET', '/v1/escalations/NO-SUCH-TICKET'),
      request('GET', '/v1/nothing/here'),
      request('POST', '/v1/escalations/%FF/resolve', '{}'),
    ]);

    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      errorOf(answer);
      expect(answer.text).not.toMatch(/Error:|\bat .+:\d+:\d+|node_modules|\/lambdas\/|\/shared\/|\.ts\b/);
    }
  });
});

interface FuzzedRoute {
  path: () => string;
  schema: z.ZodType;
  bases: JsonObject[];
  headers?: () => Record<string, string>;
}

const actorOnly = { actor: { id: 'agent-ivan' } };
const fuzzedRoutes: Record<string, FuzzedRoute> = {
  'POST /v1/escalations': {
    path: () => '/v1/escalations',
    schema: openEscalationBody,
    bases: [
      { ticketId: 'FUZZ-NEW', subject: 'Printer on fire', incidentType: 'server', impactTier: 2, actor: { id: 'agent-anna', name: 'Anna', email: 'anna@example.com' } },
      { ticketId: TICKET, incidentType: 'network', impactTier: 1, actor },
    ],
  },
  'POST /v1/escalations/{t}/handoffs': {
    path: () => `/v1/escalations/${TICKET}/handoffs`,
    schema: requestHandoffBody,
    bases: [{ ...handoffRecord, evidence: [...handoffRecord.evidence, { label: 'Switch log', url: 'http://logs.example.com/sw' }], actor }],
  },
  'POST /v1/escalations/{t}/handoffs/{h}/acknowledge': {
    path: () => `/v1/escalations/${TICKET}/handoffs/${handoffId}/acknowledge`,
    schema: actorOnlyBody,
    bases: [actorOnly, { actor: { id: 'agent-carla', name: 'Carla', email: 'carla@example.com' } }],
  },
  'POST /v1/escalations/{t}/handoffs/{h}/reject': {
    path: () => `/v1/escalations/${TICKET}/handoffs/${handoffId}/reject`,
    schema: rejectHandoffBody,
    bases: [{ ...actorOnly, reason: 'missing-information', note: 'No switch logs attached' }, { ...actorOnly, reason: 'not-our-scope' }],
  },
  'POST /v1/escalations/{t}/pause': {
    path: () => `/v1/escalations/${TICKET}/pause`,
    schema: pauseBody,
    bases: [{ actor, reason: 'Waiting for the carrier' }],
  },
  'POST /v1/escalations/{t}/resume': {
    path: () => `/v1/escalations/${TICKET}/resume`,
    schema: actorOnlyBody,
    bases: [{ actor }],
  },
  'POST /v1/escalations/{t}/reclassify': {
    path: () => `/v1/escalations/${TICKET}/reclassify`,
    schema: reclassifyBody,
    bases: [{ actor, incidentType: 'server', impactTier: 2, reason: 'It is the firewall' }, { actor, impactTier: 3, reason: 'Only one branch' }],
  },
  'POST /v1/escalations/{t}/resolve': {
    path: () => `/v1/escalations/${TICKET}/resolve`,
    schema: resolveBody,
    bases: [{ actor, resolution: 'Core switch replaced' }],
  },
  'POST /v1/webhooks/freshservice': {
    path: () => '/v1/webhooks/freshservice',
    schema: freshserviceWebhookBody,
    headers: () => ({ 'x-baton-webhook-secret': baton.webhookSecrets.fuzz! }),
    bases: [
      { ticketId: TICKET, changes: { group_id: [2001, 1002] }, actor: { id: 'fs-agent', name: 'Freddie' } },
      { ticketId: 4521, changes: { group_id: [null, 2002], status: [2, 3] } },
    ],
  },
  'POST /v1/dev/clock': {
    path: () => '/v1/dev/clock',
    schema: devClockBody,
    bases: [{ advanceMinutes: 20 }, { set: '2026-11-30T10:00:00Z' }],
  },
};

describe('bad bodies on every mutating route', () => {
  for (const [name, route] of Object.entries(fuzzedRoutes)) {
    it(`refuses ${BODIES_PER_ROUTE} bad bodies on ${name}, each field's every mutation among them, with a 400 or 413 and leaves the store unchanged`, async () => {
      const before = await storeSnapshot();
      const marks = new Set<string>();

      await fc.assert(
        fc.asyncProperty(markedBadBodies(route.schema, route.bases), async ({ text: body, marks: bodyMarks }) => {
          for (const mark of bodyMarks) marks.add(mark);
          const answer = await request('POST', route.path(), body, route.headers?.() ?? {});

          const tooLarge = Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES;
          expect(answer.status).toBe(tooLarge ? 413 : 400);
          expect(errorOf(answer).code).toBe(tooLarge ? 'payload_too_large' : 'validation');
        }),
        { numRuns: BODIES_PER_ROUTE, seed: FUZZ_SEED },
      );

      const after = await storeSnapshot();
      expect(after.version).toBe(before.version);
      expect(after.timelineLength).toBe(before.timelineLength);
      expect(after).toEqual(before);
      expect(everyMark(route.schema, route.bases).filter((mark) => !marks.has(mark))).toEqual([]);
    }, 120_000);
  }
});

/** Any code point (lone surrogates included), any grapheme, and the blanks that trim removes or keeps. */
const freeText = fc.string({
  maxLength: 40,
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.constantFrom(' ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\ufeff', '\u200b', '\u0000', '\u202e') },
    { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)) },
  ),
});

/** Whether a trimmed text field accepts `text`: at most `max` UTF-16 units, and not blank unless optional. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** Accepted: within the limit after trim, required unless optional, no control characters but tab and line breaks, no bidi overrides. */
const fits = (text: string, max: number, optional = false) => (optional || text.trim().length > 0) && text.trim().length <= max && !CONTROL.test(text.trim());

interface FullView {
  subject: string | null;
  sla: { pausedReason: string | null };
  handoffs: Array<{ record: { diagnosis: string; actionsTaken: string; nextAction: string; evidence: Array<{ label: string }> }; note?: string }>;
  resolution: string | null;
}

describe('free text', () => {
  it('keeps unicode free text exactly as sent after trim, or refuses it with a 400, never a 5xx', async () => {
    let run = 0;
    const texts = fc.record({ subject: freeText, diagnosis: freeText, actionsTaken: freeText, nextAction: freeText, label: freeText, note: freeText, reason: freeText, resolution: freeText });

    await fc.assert(
      fc.asyncProperty(texts, async (t) => {
        const ticket = `RT-${++run}`;
        const base = `/v1/escalations/${ticket}`;
        const opened = await post('/v1/escalations', { ticketId: ticket, subject: t.subject, incidentType: 'network', impactTier: 1, actor });
        expect(opened.status).toBe(fits(t.subject, LIMITS.subject, true) ? 201 : 400);
        if (opened.status !== 201) return;

        const record = { ...handoffRecord, diagnosis: t.diagnosis, actionsTaken: t.actionsTaken, nextAction: t.nextAction, evidence: [{ label: t.label, url: 'https://logs.example.com/1' }] };
        const recordFits = fits(t.diagnosis, LIMITS.diagnosis) && fits(t.actionsTaken, LIMITS.actionsTaken) && fits(t.nextAction, LIMITS.nextAction) && fits(t.label, LIMITS.evidenceLabel);
        const requested = await post(`${base}/handoffs`, { ...record, actor });
        expect(requested.status).toBe(recordFits ? 201 : 400);
        if (requested.status === 201) {
          const rejected = await post(`${base}/handoffs/h1/reject`, { actor: { id: 'agent-ivan' }, reason: 'other', note: t.note });
          // "other" needs a note, so a blank one is refused too.
          expect(rejected.status).toBe(fits(t.note, LIMITS.note) ? 200 : 400);
        }
        const paused = await post(`${base}/pause`, { actor, reason: t.reason });
        expect(paused.status).toBe(fits(t.reason, LIMITS.reason) ? 200 : 400);

        const view = await getJson<FullView>(base);
        expect(view.subject).toBe(t.subject.trim() || null);
        if (requested.status === 201) {
          const [handoff] = view.handoffs;
          expect(handoff?.record).toMatchObject({ diagnosis: t.diagnosis.trim(), actionsTaken: t.actionsTaken.trim(), nextAction: t.nextAction.trim(), evidence: [{ label: t.label.trim() }] });
          expect(handoff?.note).toBe(fits(t.note, LIMITS.note) ? t.note.trim() : undefined);
        }
        expect(view.sla.pausedReason).toBe(paused.status === 200 ? t.reason.trim() : null);

        const resolved = await post(`${base}/resolve`, { actor, resolution: t.resolution });
        expect(resolved.status).toBe(fits(t.resolution, LIMITS.resolution) ? 200 : 400);
        expect((await getJson<FullView>(base)).resolution).toBe(resolved.status === 200 ? t.resolution.trim() : null);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
