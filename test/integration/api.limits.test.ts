/**
 * The bounds of one escalation through the HTTP API (shared/limits.ts, the README's "Limits"): text per
 * field (400 naming it), counts per escalation (409, nothing recorded), the largest escalation stored
 * within DynamoDB's item size, and the escalation list paged with filters and a cursor.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../lambdas/adapters/dynamodb/table.js';
import type { EscalationSummary } from '../../shared/escalation/summary.js';
import { TIMELINE_PAGE, type EscalationView } from '../../shared/escalation/view.js';
import { LIMITS } from '../../shared/limits.js';
import { START, WEBHOOK_SECRET, handoffBody, openBody, startTestBaton, wholeTimeline, type Answer, type ErrorAnswer, type HandoffAnswer, type TestBaton } from '../support/baton.js';
import { handedOff, opened } from '../support/reliability.js';

/** Text of exactly `length` characters, each 3 bytes in UTF-8 (the worst case for what is stored). */
const wide = (length: number, char = '€') => char.repeat(length);
/** An http(s) URL of exactly `length` characters; with `char` '€' every character of its path is 3 bytes. */
const urlOf = (length: number, char = 'a') => {
  const base = 'https://logs.example.com/';
  return base + char.repeat(length - base.length);
};
const DAY_MS = 86_400_000;
const nick = { id: 'agent-nick' };
const ivan = { id: 'agent-ivan' };

type Page = { items: EscalationSummary[]; cursor: string | null };

describe('limits per field and per escalation', () => {
  let h: TestBaton;
  beforeAll(async () => {
    h = await startTestBaton();
  });
  afterAll(() => h.stop());

  let tickets = 0;
  /** A fresh escalation (network, tier 1 → MSP NOC) for each case. */
  const fresh = async () => {
    const ticketId = `L${++tickets}`;
    await opened(h, ticketId);
    return ticketId;
  };
  const post = <T = EscalationView>(path: string, body: unknown) => h.call<T>('POST', path, body);
  const expectRefused = async (answer: Answer<unknown>, fields: Array<{ path: string; message: string }>) => {
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorAnswer).error).toMatchObject({ code: 'validation', fields });
  };

  /**
   * Each bounded text field: how to prepare an escalation for it, how to send a value, and what the 400
   * says one character over. (`prepare` for the subject opens nothing: the value is sent by opening.)
   */
  const fields: Array<{ name: string; max: number; prepare(): Promise<string>; send(ticketId: string, value: string): Promise<Answer<unknown>>; path: string; message: string }> = [
    {
      name: 'subject',
      max: LIMITS.subject,
      path: 'subject',
      message: `Subject is at most ${LIMITS.subject} characters`,
      prepare: async () => `S${++tickets}`,
      send: (ticketId, value) => post('/v1/escalations', openBody(ticketId, { subject: value })),
    },
    ...(['diagnosis', 'actionsTaken', 'nextAction'] as const).map((field) => ({
      name: field,
      max: LIMITS[field],
      path: field,
      message: `${{ diagnosis: 'Current diagnosis', actionsTaken: 'Actions taken', nextAction: 'Next required action' }[field]} is at most ${LIMITS[field]} characters`,
      prepare: fresh,
      send: (ticketId: string, value: string) => post(`/v1/escalations/${ticketId}/handoffs`, handoffBody({ [field]: value })),
    })),
    {
      name: 'evidence label',
      max: LIMITS.evidenceLabel,
      path: 'evidence.0.label',
      message: `Evidence label is at most ${LIMITS.evidenceLabel} characters`,
      prepare: fresh,
      send: (ticketId, value) => post(`/v1/escalations/${ticketId}/handoffs`, handoffBody({ evidence: [{ label: value, url: 'https://logs.example.com/vpn/1' }] })),
    },
    {
      name: 'evidence URL',
      max: LIMITS.evidenceUrl,
      path: 'evidence.0.url',
      message: `Evidence link is at most ${LIMITS.evidenceUrl} characters`,
      prepare: fresh,
      // The length is the URL's own: `value` only says how long it is.
      send: (ticketId, value) => post(`/v1/escalations/${ticketId}/handoffs`, handoffBody({ evidence: [{ label: 'Tunnel log', url: urlOf(value.length, '€') }] })),
    },
    {
      name: 'rejection note',
      max: LIMITS.note,
      path: 'note',
      message: `Note is at most ${LIMITS.note} characters`,
      async prepare() {
        const ticketId = await fresh();
        await handedOff(h, ticketId);
        return ticketId;
      },
      send: (ticketId, value) => post(`/v1/escalations/${ticketId}/handoffs/h1/reject`, { actor: ivan, reason: 'other', note: value }),
    },
    {
      name: 'resolution',
      max: LIMITS.resolution,
      path: 'resolution',
      message: `Resolution is at most ${LIMITS.resolution} characters`,
      prepare: fresh,
      send: (ticketId, value) => post(`/v1/escalations/${ticketId}/resolve`, { actor: nick, resolution: value }),
    },
    {
      name: 'pause reason',
      max: LIMITS.reason,
      path: 'reason',
      message: `Reason is at most ${LIMITS.reason} characters`,
      prepare: fresh,
      send: (ticketId, value) => post(`/v1/escalations/${ticketId}/pause`, { actor: nick, reason: value }),
    },
    {
      name: 'reclassification reason',
      max: LIMITS.reason,
      path: 'reason',
      message: `Reason is at most ${LIMITS.reason} characters`,
      prepare: fresh,
      send: (ticketId, value) => post(`/v1/escalations/${ticketId}/reclassify`, { actor: nick, impactTier: 2, reason: value }),
    },
  ];
  /** What a refused command must leave unchanged: the escalation's version, or its absence. */
  const versionOf = async (ticketId: string) => {
    await h.baton.tasks.drain();
    const answer = await h.call<EscalationView>('GET', `/v1/escalations/${ticketId}`);
    return answer.status === 404 ? 'none' : answer.body.version;
  };

  it.each(fields)('accepts a $name of $max characters (3 bytes each) and refuses one character more, naming the field', async ({ max, prepare, send, path, message }) => {
    const [a, b] = [await prepare(), await prepare()];
    const before = await versionOf(b);

    const atBound = await send(a, wide(max));
    const over = await send(b, wide(max + 1));

    expect(atBound.status, JSON.stringify(atBound.body)).toBeLessThan(300);
    await expectRefused(over, [{ path, message }]);
    expect(await versionOf(b)).toBe(before);
  });

  it('accepts LIMITS.evidenceLinks evidence links and refuses one more', async () => {
    const [a, b] = [await fresh(), await fresh()];
    const links = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `Log ${i + 1}`, url: `https://logs.example.com/vpn/${i + 1}` }));

    const atBound = await post<HandoffAnswer>(`/v1/escalations/${a}/handoffs`, handoffBody({ evidence: links(LIMITS.evidenceLinks) }));
    const over = await post(`/v1/escalations/${b}/handoffs`, handoffBody({ evidence: links(LIMITS.evidenceLinks + 1) }));

    expect(atBound.status).toBe(201);
    expect(atBound.body.handoff.record?.evidence).toHaveLength(LIMITS.evidenceLinks);
    await expectRefused(over, [{ path: 'evidence', message: `At most ${LIMITS.evidenceLinks} evidence links` }]);
  });

  it('refuses a control character in the diagnosis, and takes tabs and line breaks', async () => {
    const [a, b] = [await fresh(), await fresh()];

    const bell = await post(`/v1/escalations/${a}/handoffs`, handoffBody({ diagnosis: 'Tunnel up,\u0007 but no routes' }));
    const lines = await post<HandoffAnswer>(`/v1/escalations/${b}/handoffs`, handoffBody({ diagnosis: 'Tunnel up,\tbut\r\nno routes' }));

    await expectRefused(bell, [{ path: 'diagnosis', message: 'Current diagnosis contains control characters; remove them' }]);
    expect((await h.view(a)).version).toBe(1);
    expect(lines.status).toBe(201);
    expect(lines.body.handoff.record?.diagnosis).toBe('Tunnel up,\tbut\r\nno routes');
  });

  it('refuses a right-to-left override in a rejection note, which would reorder what the other party reads', async () => {
    const ticketId = await fresh();
    expect((await post(`/v1/escalations/${ticketId}/handoffs`, handoffBody())).status).toBe(201);

    const forged = await post(`/v1/escalations/${ticketId}/handoffs/h1/reject`, { actor: ivan, reason: 'other', note: 'Approved \u202Edesrever' });

    await expectRefused(forged, [{ path: 'note', message: 'Note contains control characters; remove them' }]);
  });

  it('refuses a next-action deadline more than LIMITS.nextActionDays days ahead, and takes one exactly that far', async () => {
    const [a, b] = [await fresh(), await fresh()];
    const ahead = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

    const tooFar = await post(`/v1/escalations/${a}/handoffs`, handoffBody({ nextActionDueAt: ahead(LIMITS.nextActionDays * DAY_MS + 60_000) }));
    const farthest = await post(`/v1/escalations/${b}/handoffs`, handoffBody({ nextActionDueAt: ahead(LIMITS.nextActionDays * DAY_MS) }));

    await expectRefused(tooFar, [{ path: 'nextActionDueAt', message: `Next action deadline must be within ${LIMITS.nextActionDays} days` }]);
    expect(farthest.status).toBe(201);
  });

  /** The 409 of a full escalation: nothing recorded, and the way out named. */
  const expectFull = async (answer: Answer<unknown>, ticketId: string, version: number, limit: number, what: string) => {
    expect(answer.status).toBe(409);
    expect((answer.body as ErrorAnswer).error).toEqual({
      code: 'conflict',
      message: `This escalation is full: it already has ${limit} ${what}, the most one escalation may have. Resolve it and open a follow-up escalation.`,
    });
    expect((await h.view(ticketId)).version).toBe(version);
  };

  it('takes LIMITS.handoffs handoffs, rejected ones included, and refuses the next with a 409 that records nothing', async () => {
    const ticketId = await fresh();
    for (let k = 1; k <= LIMITS.handoffs; k++) {
      expect((await post(`/v1/escalations/${ticketId}/handoffs`, handoffBody({ actor: nick }))).status).toBe(201);
      expect((await post(`/v1/escalations/${ticketId}/handoffs/h${k}/reject`, { actor: ivan, reason: 'missing-information', note: `Round ${k}` })).status).toBe(200);
    }
    await h.baton.tasks.drain();
    const before = await h.view(ticketId);

    const answer = await post(`/v1/escalations/${ticketId}/handoffs`, handoffBody({ actor: nick }));

    await expectFull(answer, ticketId, before.version, LIMITS.handoffs, 'handoffs');
    expect((await h.view(ticketId)).handoffs).toHaveLength(LIMITS.handoffs);
  });

  it('takes LIMITS.pauses pauses and refuses the next with a 409 that records nothing', async () => {
    const ticketId = await fresh();
    for (let k = 1; k <= LIMITS.pauses; k++) {
      expect((await post(`/v1/escalations/${ticketId}/pause`, { actor: nick, reason: `Waiting for the carrier (${k})` })).status).toBe(200);
      expect((await post(`/v1/escalations/${ticketId}/resume`, { actor: nick })).status).toBe(200);
    }
    const before = await h.view(ticketId);

    const answer = await post(`/v1/escalations/${ticketId}/pause`, { actor: nick, reason: 'Once more' });

    await expectFull(answer, ticketId, before.version, LIMITS.pauses, 'pauses');
    expect((await h.view(ticketId)).sla.paused).toBe(false);
  });

  it('takes LIMITS.reclassifications reclassifications and refuses the next with a 409 that records nothing', async () => {
    const ticketId = await fresh();
    for (let k = 1; k <= LIMITS.reclassifications; k++) {
      expect((await post(`/v1/escalations/${ticketId}/reclassify`, { actor: nick, impactTier: k % 2 === 1 ? 2 : 1, reason: `Impact changed (${k})` })).status).toBe(200);
    }
    const before = await h.view(ticketId);

    const answer = await post(`/v1/escalations/${ticketId}/reclassify`, { actor: nick, impactTier: before.impactTier === 1 ? 2 : 1, reason: 'Once more' });

    await expectFull(answer, ticketId, before.version, LIMITS.reclassifications, 'reclassifications');
  });

  it('records LIMITS.silentTransfers silent queue moves and refuses the next with a 409 that records nothing', async () => {
    const ticketId = await fresh();
    const move = () => h.call<{ recorded: number }>('POST', '/v1/webhooks/freshservice', { ticketId, changes: { group_id: [2001, 1001] } }, { headers: { 'x-baton-webhook-secret': WEBHOOK_SECRET } });
    for (let k = 1; k <= LIMITS.silentTransfers; k++) expect(await move()).toMatchObject({ status: 202, body: { recorded: 1 } });
    await h.baton.tasks.drain();
    const before = await h.view(ticketId);

    const answer = await move();

    await expectFull(answer, ticketId, before.version, LIMITS.silentTransfers, 'silent transfers recorded');
  });
});

describe('the largest escalation the limits allow', () => {
  let h: TestBaton;
  let documents: DynamoDBDocumentClient | undefined;
  beforeAll(async () => {
    // The store's own document client, captured through the harness's fault seam (it wraps nothing).
    h = await startTestBaton({
      faults: {
        wrapDynamoDb: (client) => {
          documents = client;
          return client;
        },
      },
    });
  });
  afterAll(() => h.stop());

  /** The embedded store's table (lambdas/local/embedded-dynamodb.ts). */
  const TABLE = 'baton';
  /** Every item of one escalation's partition: its commits and its summary. */
  const itemsOf = async (ticketId: string) => {
    const items: Array<Record<string, unknown>> = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documents!.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.escalation('acme', ticketId) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  };
  /**
   * DynamoDB's item size is the UTF-8 length of attribute names and values; the JSON of the item is an
   * approximation of it (a little larger: quotes, colons, commas). DynamoDB's bound is 400 KB: 300,000
   * bytes leaves room to spare.
   */
  const weigh = (items: Array<Record<string, unknown>>) =>
    items.map((item) => ({ sk: item.sk as string, bytes: Buffer.byteLength(JSON.stringify(item)) }));

  /** The teams of the example matrix that have members, with their Freshservice groups. */
  const TEAMS = [
    { id: 'msp-noc', member: 'agent-nick', group: 2001 },
    { id: 'infrastructure', member: 'agent-ivan', group: 1002 },
    { id: 'msp-l2', member: 'agent-mia', group: 2002 },
    { id: 'service-desk', member: 'agent-anna', group: 1001 },
  ];
  const actorOf = (id: string) => ({ id, name: wide(200, '中') });
  const longestHandoff = (toTeam: string, actor: string) => ({
    toTeam,
    diagnosis: wide(LIMITS.diagnosis),
    actionsTaken: wide(LIMITS.actionsTaken, '中'),
    evidence: Array.from({ length: LIMITS.evidenceLinks }, () => ({ label: wide(LIMITS.evidenceLabel), url: urlOf(LIMITS.evidenceUrl, '€') })),
    nextAction: wide(LIMITS.nextAction),
    nextActionDueAt: new Date(Date.parse(START) + DAY_MS).toISOString(),
    actor: actorOf(actor),
  });

  it('stores every commit and the summary far within DynamoDB item size, answers it, and lists it by state once resolved', async () => {
    const ticketId = 'largest';
    // The summary item is rewritten by every commit (with the cached events while they fit their budget):
    // it is weighed after each step, so its heaviest moment is seen, not only its last.
    let heaviestSummary = 0;
    const ok = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
      const answer = await h.call<EscalationView>('POST', path, body, { headers });
      if (answer.status >= 300) throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
      await h.baton.tasks.drain();
      const summary = await documents!.send(new GetCommand({ TableName: TABLE, Key: { pk: keys.escalation('acme', ticketId), sk: keys.summary }, ConsistentRead: true }));
      heaviestSummary = Math.max(heaviestSummary, ...weigh([summary.Item!]).map((i) => i.bytes));
      return answer.body;
    };
    await ok('/v1/escalations', openBody(ticketId, { subject: wide(LIMITS.subject, '中'), actor: actorOf('agent-nick') }));
    let owner = TEAMS[0]!;
    let next = 1;
    for (let k = 1; k <= LIMITS.handoffs; k++) {
      let to = TEAMS[next++ % TEAMS.length]!;
      if (to.id === owner.id) to = TEAMS[next++ % TEAMS.length]!;
      await ok(`/v1/escalations/${ticketId}/handoffs`, longestHandoff(to.id, owner.member));
      if (k % 2 === 1) {
        await ok(`/v1/escalations/${ticketId}/handoffs/h${k}/acknowledge`, { actor: actorOf(to.member) });
        owner = to;
      } else {
        await ok(`/v1/escalations/${ticketId}/handoffs/h${k}/reject`, { actor: actorOf(to.member), reason: 'other', note: wide(LIMITS.note, '中') });
      }
    }
    // Pauses, reclassifications and the resolution are the coordinators' too: agent-nick (MSP NOC) may always.
    for (let k = 1; k <= LIMITS.pauses; k++) {
      await ok(`/v1/escalations/${ticketId}/pause`, { actor: actorOf('agent-nick'), reason: wide(LIMITS.reason) });
      await ok(`/v1/escalations/${ticketId}/resume`, { actor: actorOf('agent-nick') });
    }
    for (let k = 1; k <= LIMITS.reclassifications; k++) {
      await ok(`/v1/escalations/${ticketId}/reclassify`, { actor: actorOf('agent-nick'), impactTier: k % 2 === 1 ? 2 : 1, reason: wide(LIMITS.reason, '中') });
    }
    const elsewhere = TEAMS.find((t) => t.id !== owner.id)!;
    for (let k = 1; k <= LIMITS.silentTransfers; k++) {
      await ok('/v1/webhooks/freshservice', { ticketId, changes: { group_id: [owner.group, elsewhere.group] }, actor: { id: 'automator', name: wide(200) } }, { 'x-baton-webhook-secret': WEBHOOK_SECRET });
    }
    const full = await h.view(ticketId);
    const timeline = await wholeTimeline(h, ticketId);
    expect(full.handoffs).toHaveLength(LIMITS.handoffs);
    expect(timeline.filter((e) => e.type === 'ownership.silent-transfer')).toHaveLength(LIMITS.silentTransfers);
    expect(timeline.filter((e) => e.type === 'sla.paused')).toHaveLength(LIMITS.pauses);
    expect(timeline.filter((e) => e.type === 'escalation.reclassified')).toHaveLength(LIMITS.reclassifications);

    await ok(`/v1/escalations/${ticketId}/resolve`, { actor: actorOf('agent-nick'), resolution: wide(LIMITS.resolution, '中') });

    const items = weigh(await itemsOf(ticketId));
    const commits = items.filter((i) => i.sk.startsWith('C#'));
    expect(items.filter((i) => i.sk === keys.summary)).toHaveLength(1);
    expect(commits.length).toBeGreaterThan(2 * LIMITS.handoffs + 2 * LIMITS.pauses + LIMITS.reclassifications + LIMITS.silentTransfers);
    expect(items.filter((i) => i.bytes >= 300_000)).toEqual([]);
    // The heaviest commit (a handoff's: its record and the notification owed for it) is far heavier than an empty one.
    expect(Math.max(...commits.map((i) => i.bytes))).toBeGreaterThan(3 * (LIMITS.diagnosis + LIMITS.actionsTaken));
    expect(heaviestSummary).toBeLessThan(300_000);
    const answer = await h.call<EscalationView>('GET', `/v1/escalations/${ticketId}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ state: 'resolved', resolution: wide(LIMITS.resolution, '中'), subject: wide(LIMITS.subject, '中') });
    // The view carries the latest handoff's record; every one of them is at GET …/handoffs/{id}.
    expect(answer.body.handoffs.map((x) => x.record !== undefined)).toEqual(answer.body.handoffs.map((_, i) => i === answer.body.handoffs.length - 1));
    expect(answer.body.timeline.some((e) => 'record' in e)).toBe(false);
    const first = await h.call<EscalationView['handoffs'][number]>('GET', `/v1/escalations/${ticketId}/handoffs/h1`);
    expect(first).toMatchObject({ status: 200, body: { id: 'h1', record: { diagnosis: wide(LIMITS.diagnosis) } } });
    expect((await h.call('GET', `/v1/escalations/${ticketId}/handoffs/h99`)).status).toBe(404);
    // The view carries the latest TIMELINE_PAGE events; the rest page back from timelineBefore, every event once.
    expect(answer.body.timeline).toHaveLength(TIMELINE_PAGE);
    const whole = await wholeTimeline(h, ticketId);
    expect(whole.length).toBeGreaterThan(TIMELINE_PAGE);
    expect(whole.map((e) => e.seq)).toEqual(Array.from({ length: whole.length }, (_, i) => i + 1));
    expect(whole[0]!.type).toBe('escalation.opened');
    expect(whole.slice(-TIMELINE_PAGE)).toEqual(answer.body.timeline);
    expect((await h.call('GET', `/v1/escalations/${ticketId}/timeline?before=0`)).status).toBe(400);
    const listed = async (state: string) => (await h.call<Page>('GET', `/v1/escalations?state=${state}`)).body.items.map((i) => i.ticketId);
    expect(await listed('open')).not.toContain(ticketId);
    expect(await listed('resolved')).toContain(ticketId);
  });
});

describe('the escalation list, paged', () => {
  const COUNT = 1000;
  const BATCH = 25;
  /** Incident type and tier → the owner the example matrix gives them. */
  const KINDS = [
    { incidentType: 'network', impactTier: 1, owner: { team: 'msp-noc', party: 'msp' } },
    { incidentType: 'network', impactTier: 3, owner: { team: 'msp-l2', party: 'msp' } },
    { incidentType: 'server', impactTier: 2, owner: { team: 'msp-l2', party: 'msp' } },
    { incidentType: 'application', impactTier: 2, owner: { team: 'infrastructure', party: 'internal' } },
    { incidentType: 'end-user-device', impactTier: 3, owner: { team: 'service-desk', party: 'internal' } },
    { incidentType: 'security', impactTier: 1, owner: { team: 'infrastructure', party: 'internal' } },
  ];
  interface Expected {
    state: 'open' | 'resolved';
    team: string;
    party: string;
    updatedAt: string;
  }
  const expected = new Map<string, Expected>();
  let h: TestBaton;
  /** When the second half of the escalations started to be opened. */
  let midway: string;

  beforeAll(async () => {
    h = await startTestBaton();
    // Opened BATCH at a time, a minute apart (the clock moves without firing: nothing falls due in 40 minutes).
    for (let first = 0; first < COUNT; first += BATCH) {
      if (first === COUNT / 2) midway = h.clock().now().toISOString();
      await Promise.all(
        Array.from({ length: BATCH }, async (_, j) => {
          const i = first + j;
          const ticketId = `T${String(i).padStart(4, '0')}`;
          const { incidentType, impactTier } = KINDS[i % KINDS.length]!;
          const answer = await h.call<EscalationView>('POST', '/v1/escalations', openBody(ticketId, { incidentType, impactTier }));
          if (answer.status !== 201) throw new Error(`open ${ticketId} answered ${answer.status}`);
          expected.set(ticketId, { state: 'open', team: answer.body.owner.team, party: answer.body.owner.party, updatedAt: h.clock().now().toISOString() });
        }),
      );
      h.clock().advance(1);
    }
    // Every seventh is resolved a minute later: those are the most recently updated.
    const resolving = [...expected.keys()].filter((_, i) => i % 7 === 0);
    for (let k = 0; k < resolving.length; k += BATCH) {
      await Promise.all(
        resolving.slice(k, k + BATCH).map(async (ticketId) => {
          const answer = await h.call('POST', `/v1/escalations/${ticketId}/resolve`, { actor: nick, resolution: 'Fixed' });
          if (answer.status !== 200) throw new Error(`resolve ${ticketId} answered ${answer.status}`);
          expected.set(ticketId, { ...expected.get(ticketId)!, state: 'resolved', updatedAt: h.clock().now().toISOString() });
        }),
      );
    }
    await h.baton.tasks.drain();
  }, 60_000);
  afterAll(() => h.stop());

  /** Follows the cursor from the first page to the last; the pages in order. */
  const pageThrough = async (query: string) => {
    const pages: EscalationSummary[][] = [];
    let cursor: string | null = null;
    do {
      const answer: Answer<Page> = await h.call<Page>('GET', `/v1/escalations?${query}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      pages.push(answer.body.items);
      cursor = answer.body.cursor;
    } while (cursor !== null && pages.length <= COUNT);
    return pages;
  };
  const expectExactly = (pages: EscalationSummary[][], matches: (e: Expected) => boolean, limit: number) => {
    const items = pages.flat();
    const ids = items.map((i) => i.ticketId);
    const wanted = [...expected].filter(([, e]) => matches(e)).map(([id]) => id);
    expect(wanted.length).toBeGreaterThan(0);
    expect(new Set(ids).size, 'no escalation listed twice').toBe(ids.length);
    expect([...ids].sort()).toEqual(wanted.sort());
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(limit);
    // Most recently updated first, across pages (ties in ticket order, descending, as the index keeps them).
    const order = items.map((i) => `${i.updatedAt}#${i.ticketId}`);
    expect(order).toEqual([...order].sort().reverse());
    for (const item of items) {
      const e = expected.get(item.ticketId)!;
      expect(item).toMatchObject({ state: e.state, owner: { team: e.team, party: e.party }, updatedAt: e.updatedAt });
      expect(item).not.toHaveProperty('timeline');
    }
  };

  it('lists every escalation exactly once, most recently updated first, 100 a page, with no timelines', async () => {
    const pages = await pageThrough('limit=100');

    expect(pages.map((p) => p.length)).toEqual(Array.from({ length: COUNT / 100 }, () => 100));
    expectExactly(pages, () => true, 100);
  });

  it.each([
    { filter: 'state=open', matches: (e: Expected) => e.state === 'open' },
    { filter: 'state=resolved', matches: (e: Expected) => e.state === 'resolved' },
    { filter: 'party=msp', matches: (e: Expected) => e.party === 'msp' },
    { filter: 'team=infrastructure', matches: (e: Expected) => e.team === 'infrastructure' },
    { filter: 'state=open&party=internal', matches: (e: Expected) => e.state === 'open' && e.party === 'internal' },
    { filter: 'state=resolved&team=msp-l2', matches: (e: Expected) => e.state === 'resolved' && e.team === 'msp-l2' },
  ])('lists exactly the escalations that match $filter, each once, following the cursor', async ({ filter, matches }) => {
    const pages = await pageThrough(`${filter}&limit=100`);

    expectExactly(pages, matches, 100);
  });

  it('lists exactly the escalations updated since an instant, each once', async () => {
    const pages = await pageThrough(`updatedSince=${encodeURIComponent(midway)}&limit=100`);

    expectExactly(pages, (e) => e.updatedAt >= midway, 100);
    expect(pages.flat().length).toBeLessThan(COUNT);
  });

  it('lists open escalations of one team updated since an instant, 7 a page', async () => {
    const pages = await pageThrough(`state=open&team=msp-noc&updatedSince=${encodeURIComponent(midway)}&limit=7`);

    expectExactly(pages, (e) => e.state === 'open' && e.team === 'msp-noc' && e.updatedAt >= midway, 7);
  });

  it.each([
    { query: 'limit=101', path: 'limit' },
    { query: 'limit=0', path: 'limit' },
    { query: 'limit=ten', path: 'limit' },
    { query: 'cursor=not-a-cursor!', path: 'cursor' },
    { query: `cursor=${Buffer.from('{"u":1}').toString('base64url')}`, path: 'cursor' },
    { query: 'state=closed', path: 'state' },
    { query: 'updatedSince=yesterday', path: 'updatedSince' },
  ])('answers 400 naming the parameter for $query', async ({ query, path }) => {
    const answer = await h.call<ErrorAnswer>('GET', `/v1/escalations?${query}`);

    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation');
    expect(answer.body.error.fields?.map((f) => f.path)).toEqual([path]);
  });

  it('answers 400 for an unknown query parameter, rather than listing without the filter it meant', async () => {
    const answer = await h.call<ErrorAnswer>('GET', '/v1/escalations?owner=msp-noc');

    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation');
    expect(JSON.stringify(answer.body.error)).toContain('owner');
  });

  // DynamoDB refuses a starting key outside the range predicate; the store answers the empty last page instead.
  it('answers a cursor that lies before updatedSince with an empty last page, not a 5xx', async () => {
    const first = await h.call<Page>('GET', '/v1/escalations?limit=100');
    const later = new Date(Date.parse(first.body.items.at(-1)!.updatedAt) + 60_000).toISOString();

    const answer = await h.call<ErrorAnswer>('GET', `/v1/escalations?updatedSince=${encodeURIComponent(later)}&cursor=${first.body.cursor!}`);

    expect(answer).toMatchObject({ status: 200, body: { items: [], cursor: null } });
  });

  // Past LIST_READ_BUDGET (1,000) items read, a filtered page comes back short with a cursor built from
  // the index's LastEvaluatedKey (keys only). Last in this suite: it opens more escalations.
  it('pages through a filter that matches few of more than 1,000 escalations', async () => {
    h.clock().advance(1);
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const ticketId = `U${String(i).padStart(4, '0')}`;
        expect((await h.call('POST', '/v1/escalations', openBody(ticketId))).status).toBe(201);
        expected.set(ticketId, { state: 'open', team: 'msp-noc', party: 'msp', updatedAt: h.clock().now().toISOString() });
      }),
    );

    const pages = await pageThrough('state=resolved&team=msp-l2&limit=100');

    expectExactly(pages, (e) => e.state === 'resolved' && e.team === 'msp-l2', 100);
  });
});
