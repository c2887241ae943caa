/**
 * Making proposals over HTTP: YAML and JSON, findings and refusals by field, who may propose, and the impact
 * replay over the week index against a hand-computed scenario on the example matrix.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { MAX_BODY_BYTES } from '../../lambdas/http/middleware.js';
import { approveBody, proposeBody, rejectBody } from '../../shared/matrix/proposal-api.js';
import { badBodies } from '../support/bad-bodies.js';
import { exampleMatrix, openBody, type ErrorAnswer } from '../support/baton.js';
import { GOV_KEYS, startGovernedBaton, type GovernedBaton, type ProposalAnswer } from '../support/governance.js';

type Doc = Record<string, unknown> & { rules: Array<Record<string, unknown>> };

let h: GovernedBaton;
let example: Doc;

const withRule = (id: string, change: Record<string, unknown>): Doc => {
  const doc = structuredClone(example);
  Object.assign(doc.rules.find((r) => r.id === id)!, change);
  return doc;
};
const propose = (matrix: unknown, actor = 'agent-anna', query = '') =>
  h.call<ProposalAnswer & ErrorAnswer>('POST', `/v1/matrix/proposals${query}`, { matrix, rationale: 'Tier 3 and 4 network incidents bounce between the MSP and us', actor: { id: actor } });
const open = (ticketId: string, incidentType: string, impactTier: number, key?: string) =>
  h.call('POST', '/v1/escalations', openBody(ticketId, { incidentType, impactTier }), key ? { key } : {});

beforeAll(async () => {
  example = (await exampleMatrix()) as Doc;
  h = await startGovernedBaton(example);
});
afterAll(() => h.stop());

describe('a proposal', () => {
  it('is read the same from YAML text and from a JSON document: same diff, risk and findings (positions only in text)', async () => {
    const change = withRule('server-other', { runbook: 'https://kb.example.com/server-triage-v2' });

    const fromYaml = await propose(stringify(change));
    const fromJson = await propose(change);

    expect([fromYaml.status, fromJson.status]).toEqual([201, 201]);
    expect(fromYaml.headers.get('location')).toBe(`/v1/matrix/proposals/${fromYaml.body.id}`);
    for (const answer of [fromYaml, fromJson]) {
      expect(answer.body).toMatchObject({ status: 'open', baseVersion: 1, risk: { level: 'low' }, needs: ['one more approver'], findings: [] });
      expect(answer.body.diff).toEqual({
        rules: [{ change: 'changed', rule: 'server-other', before: expect.anything(), after: expect.anything(), fields: ['runbook'] }],
        sections: [],
        decisions: [2, 3, 4].map((tier) => expect.objectContaining({ incidentType: 'server', impactTier: tier, changed: ['runbook'] })),
      });
    }
  });

  it('refuses errors by field, with their place in the text, storing nothing', async () => {
    const text = stringify(withRule('network-minor', { owner: 'msp-l3' }));
    const ownerLine = text.split('\n').findIndex((line) => line.includes('owner: msp-l3')) + 1;
    const before = (await h.call<{ items: unknown[] }>('GET', '/v1/matrix/proposals')).body.items.length;

    const refused = await propose(text);
    const refusedJson = await propose(parse(text));

    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('The proposed matrix has 1 error(s) and cannot be activated; nothing was stored');
    expect(refused.body.error.fields).toEqual([
      { path: 'matrix.rules.1.owner', message: `Rule 1 ("network-minor") sends network/[3, 4] to team "msp-l3", which is not declared in teams (service-desk, infrastructure, msp-noc, msp-l2). (line ${ownerLine}, column 12)` },
    ]);
    expect(refusedJson.body.error.fields).toEqual([{ path: 'matrix.rules.1.owner', message: expect.stringMatching(/not declared in teams \(service-desk, infrastructure, msp-noc, msp-l2\)\.$/) }]);
    expect((await h.call<{ items: unknown[] }>('GET', '/v1/matrix/proposals')).body.items).toHaveLength(before);
  });

  it('names the risk findings a proposal would activate with', async () => {
    const doc = structuredClone(example);
    doc.rules = doc.rules.filter((r) => r.id !== 'catch-all' && r.id !== 'security-major');

    const answer = await propose(stringify(doc));

    expect(answer.status).toBe(201);
    expect(answer.body.findings.filter((f) => f.severity === 'risk').map((f) => [f.code, f.message, typeof f.line])).toEqual(
      [1, 2, 3, 4].map((tier) => ['gap', expect.stringContaining(`incident type "security" at impact tier ${tier}`), 'number']),
    );
  });

  it('is refused when nothing changes, and from someone neither in a coordinator team nor an approver', async () => {
    const same = await propose(stringify(example));
    const outsider = await propose(withRule('server-down', { runbook: 'https://kb.example.com/x' }), 'agent-ivan');

    expect(same.status).toBe(400);
    expect(same.body.error.fields).toEqual([{ path: 'matrix', message: 'This is the active matrix (version 1): change something first' }]);
    expect(outsider.status).toBe(403);
    expect(outsider.body.error.message).toBe('Only members of a coordinator team (service-desk, msp-noc) and approvers may propose a matrix change; agent-ivan is neither');
  });

  it('refuses bad bodies and bad parameters with 400 naming each field, and stores nothing', async () => {
    const before = (await h.call<{ items: unknown[] }>('GET', '/v1/matrix/proposals')).body.items.length;
    const routes = [
      { path: '/v1/matrix/proposals', schema: proposeBody, bases: [{ matrix: 'parties: []', rationale: 'r', actor: { id: 'agent-anna' } }, { matrix: { parties: [] }, rationale: 'r', actor: { id: 'agent-anna' } }] },
      { path: '/v1/matrix/proposals/mp_00000000000/approve', schema: approveBody, bases: [{ actor: { id: 'agent-carla' }, note: 'ok' }] },
      { path: '/v1/matrix/proposals/mp_00000000000/reject', schema: rejectBody, bases: [{ actor: { id: 'agent-carla' }, note: 'no' }] },
    ];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(badBodies(route.schema, route.bases), async (body) => {
          const answer = await h.call<ErrorAnswer>('POST', route.path, body);
          const tooLarge = Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES;
          expect(answer.status).toBe(tooLarge ? 413 : 400);
          if (!tooLarge) expect(answer.body.error.fields?.length).toBeGreaterThan(0);
        }),
        { numRuns: 60 },
      );
    }
    const explicit = await h.call<ErrorAnswer>('POST', '/v1/matrix/proposals?weeks=13', { matrix: 42, actor: { id: '' } });
    const badId = await h.call<ErrorAnswer>('GET', '/v1/matrix/proposals/not-an-id');

    expect(explicit.status).toBe(400);
    expect(explicit.body.error.fields).toEqual([{ path: 'weeks', message: 'weeks is a whole number from 1 to 12' }]);
    const body = await h.call<ErrorAnswer>('POST', '/v1/matrix/proposals', { matrix: 42, actor: { id: '' } });
    expect(body.body.error.fields).toEqual([
      { path: 'matrix', message: 'matrix is the proposed matrix: its YAML or JSON text, or the document itself as a JSON object' },
      { path: 'rationale', message: 'Rationale is required' },
      { path: 'actor.id', message: 'Actor id is required' },
    ]);
    expect(badId.status).toBe(400);
    expect(badId.body.error.fields).toEqual([{ path: 'proposalId', message: 'A proposal id is "mp_" and letters and digits, as POST /v1/matrix/proposals answered it' }]);
    expect((await h.call<ErrorAnswer>('GET', '/v1/matrix/proposals/mp_00000000000')).body.error).toMatchObject({ code: 'not_found', message: 'Proposal mp_00000000000 does not exist' });
    expect((await h.call<{ items: unknown[] }>('GET', '/v1/matrix/proposals')).body.items).toHaveLength(before);
  }, 60_000);
});

describe('the impact replay', () => {
  it('re-decides the escalations opened in the last N weeks, by their latest classification, and names those that would change', async () => {
    // Five weeks and a day before the proposal: outside a 4-week replay.
    await open('R-OLD', 'network', 3);
    await h.call('POST', '/v1/dev/clock', { advanceMinutes: 5 * 7 * 24 * 60 });
    for (const [id, type, tier] of [['R-N1', 'network', 1], ['R-N2', 'network', 3], ['R-N3', 'network', 4], ['R-N4', 'network', 4], ['R-S1', 'server', 2], ['R-A1', 'application', 2]] as const) {
      expect((await open(id, type, tier)).status).toBe(201);
    }
    // R-N3 is a tier 1 incident after all: its latest classification is network/1, which the proposal leaves with the NOC.
    expect((await h.call('POST', '/v1/escalations/R-N3/reclassify', { actor: { id: 'agent-nick' }, impactTier: 1, reason: 'The whole branch is down' })).status).toBe(200);
    await open('G-N1', 'network', 3, GOV_KEYS.globex);
    await h.call('POST', '/v1/dev/clock', { advanceMinutes: 24 * 60 });
    const change = withRule('network-minor', { owner: 'service-desk', sla: 'p2' });
    Object.assign(change.rules.find((r) => r.id === 'server-other')!, { runbook: 'https://kb.example.com/server-triage-v3' });

    const { body } = await propose(stringify(change), 'agent-anna', '?weeks=4');

    const network = (owner: string, party: string, sla: string) => ({ owner, party, sla, runbook: 'https://kb.example.com/network-degradation', rule: 'network-minor', ambiguous: false });
    expect(body.replay).toEqual({
      weeks: 4,
      from: '2026-12-08T09:00:00.000Z',
      to: '2027-01-05T09:00:00.000Z',
      escalations: 6,
      changed: { owner: 2, party: 2, sla: 2, target: 2, any: 2 },
      ambiguous: { before: 0, after: 0 },
      undeclared: 0,
      items: [
        { ticketId: 'R-N2', openedAt: '2027-01-04T09:00:00.000Z', incidentType: 'network', impactTier: 3, decidedBy: 'v1', before: network('msp-l2', 'msp', 'p3'), after: network('service-desk', 'internal', 'p2'), changed: ['owner', 'party', 'sla', 'target'] },
        { ticketId: 'R-N4', openedAt: '2027-01-04T09:00:00.000Z', incidentType: 'network', impactTier: 4, decidedBy: 'v1', before: network('msp-l2', 'msp', 'p3'), after: network('service-desk', 'internal', 'p2'), changed: ['owner', 'party', 'sla', 'target'] },
      ],
      more: 0,
    });
    expect(body.risk).toEqual({
      level: 'high',
      reasons: [
        'Ownership moves from party msp to party internal for network/3, network/4',
        'The resolution target gets shorter (1440 → 480 minutes) for network/3, network/4',
        'The acknowledgement target gets shorter (60 → 30 minutes) for network/3, network/4',
        'The resolution clock\'s new calendar "msp-hours" (was "contoso-hours") is open for more time, so the target can fall due sooner for network/3, network/4',
      ],
      parties: ['internal', 'msp'],
      approvals: 2,
    });
    expect(body.diff?.rules.map((r) => [r.rule, r.fields])).toEqual([['network-minor', ['owner', 'sla']], ['server-other', ['runbook']]]);
  });
});
