/**
 * Governed matrix updates over HTTP on the example matrix: who may propose and approve, how many approvals
 * a change's risk needs, stale bases, rejection, party-scoped keys, and what an activation changes.
 * Example matrix: coordinators service-desk (agent-anna, agent-ben) and msp-noc (agent-nick, agent-lee);
 * approvers agent-carla (internal, in infrastructure) and agent-mia (msp, in msp-l2).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { exampleMatrix, openBody, type ErrorAnswer } from '../support/baton.js';
import { GOV_KEYS, startGovernedBaton, type GovernedBaton, type ProposalAnswer, type VersionAnswer } from '../support/governance.js';

type Doc = Record<string, unknown> & { rules: Array<Record<string, unknown>> };

let h: GovernedBaton;

/** The active matrix with one edit. */
const edited = async (edit: (doc: Doc) => void): Promise<Doc> => {
  const doc = (await h.call<{ matrix: Doc }>('GET', '/v1/matrix')).body.matrix;
  edit(doc);
  return doc;
};
const rule = (doc: Doc, id: string) => doc.rules.find((r) => r.id === id)!;
/** Only a runbook link changes: low risk. */
const runbookOnly = () => edited((d) => void (rule(d, 'network-minor').runbook = 'https://kb.example.com/network-degradation-v2'));
/** network/3 and network/4 move from msp-l2 (msp) to service-desk (internal): high risk. */
const acrossParties = () => edited((d) => void (rule(d, 'network-minor').owner = 'service-desk'));

const propose = (matrix: unknown, actor = 'agent-anna', key?: string) =>
  h.call<ProposalAnswer & ErrorAnswer>('POST', '/v1/matrix/proposals', { matrix, rationale: 'From the weekly review', actor: { id: actor } }, key ? { key } : {});
const decide = (id: string, verdict: 'approve' | 'reject', actor: string, key?: string, note = 'Reviewed in the monthly update') =>
  h.call<ProposalAnswer & ErrorAnswer>('POST', `/v1/matrix/proposals/${id}/${verdict}`, { actor: { id: actor }, note }, key ? { key } : {});
const activeVersion = async () => (await h.call<{ version: number }>('GET', '/v1/matrix')).body.version;

beforeAll(async () => {
  h = await startGovernedBaton(await exampleMatrix());
});
afterAll(() => h.stop());

describe('approving a proposal', () => {
  let base: number;
  beforeEach(async () => {
    base = await activeVersion();
  });

  it('activates a low-risk proposal with one approver, as the next version, for the escalations opened next', async () => {
    const proposed = await propose(stringify(await runbookOnly()));
    expect(proposed.status).toBe(201);
    expect(proposed.body.risk).toEqual({ level: 'low', reasons: [], parties: [], approvals: 1 });

    const approved = await decide(proposed.body.id, 'approve', 'agent-carla');

    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'activated', activatedVersion: base + 1, approvals: [{ id: 'agent-carla', party: 'internal', note: 'Reviewed in the monthly update' }] });
    expect(await activeVersion()).toBe(base + 1);
    const opened = await h.call<{ matrixVersion: string; runbook?: string }>('POST', '/v1/escalations', openBody('GOV-LOW-1', { incidentType: 'network', impactTier: 3, actor: { id: 'agent-lee' } }));
    expect(opened.body).toMatchObject({ matrixVersion: `v${base + 1}`, runbook: 'https://kb.example.com/network-degradation-v2' });
  });

  it('refuses the proposer’s own approval, even from an approver', async () => {
    const proposed = await propose(stringify(await edited((d) => void (rule(d, 'server-other').runbook = 'https://kb.example.com/server-triage-v2'))), 'agent-carla');

    const own = await decide(proposed.body.id, 'approve', 'agent-carla');

    expect(own.status).toBe(403);
    expect(own.body.error.message).toBe(`Nobody approves their own proposal: agent-carla proposed ${proposed.body.id}`);
    expect((await h.call<ProposalAnswer>('GET', `/v1/matrix/proposals/${proposed.body.id}`)).body).toMatchObject({ status: 'open', approvals: [] });
    await decide(proposed.body.id, 'reject', 'agent-mia');
  });

  it('refuses an approval from someone governance.approvers does not name', async () => {
    const proposed = await propose(stringify(await edited((d) => void (rule(d, 'server-down').runbook = 'https://kb.example.com/server-down-v2'))));

    const answer = await decide(proposed.body.id, 'approve', 'agent-ben');

    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toBe(`agent-ben is not an approver in version ${base} of the matrix (governance.approvers)`);
    await decide(proposed.body.id, 'reject', 'agent-carla');
  });

  it('needs one approver from each party for a high-risk proposal, and activates on the second', async () => {
    const proposed = await propose(await acrossParties(), 'agent-nick');
    expect(proposed.body.risk).toMatchObject({ level: 'high', parties: ['internal', 'msp'], approvals: 2 });

    const first = await decide(proposed.body.id, 'approve', 'agent-carla');
    const afterFirst = await activeVersion();
    const again = await decide(proposed.body.id, 'approve', 'agent-carla');
    const second = await decide(proposed.body.id, 'approve', 'agent-mia');

    expect(first.body).toMatchObject({ status: 'open', needs: ['an approver of party msp'] });
    expect(afterFirst).toBe(base);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/^agent-carla approved proposal mp_\w+ already, at /);
    expect(second.body).toMatchObject({ status: 'activated', activatedVersion: base + 1, approvals: [{ id: 'agent-carla', party: 'internal' }, { id: 'agent-mia', party: 'msp' }] });
  });

  it('refuses to activate a proposal whose base is no longer active: it must be proposed again', async () => {
    const first = await propose(stringify(await edited((d) => void (rule(d, 'device-vip').runbook = 'https://kb.example.com/vip-device-v2'))));
    const second = await propose(stringify(await edited((d) => void (rule(d, 'device-other').runbook = 'https://kb.example.com/device-support-v2'))));
    await decide(first.body.id, 'approve', 'agent-mia');

    const stale = await decide(second.body.id, 'approve', 'agent-carla');

    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe(`Proposal ${second.body.id} is stale: it was based on version ${base}, and another version became active first. Propose it again on the active version.`);
    expect((await h.call<ProposalAnswer>('GET', `/v1/matrix/proposals/${second.body.id}`)).body.status).toBe('stale');
    expect((await h.call<{ items: ProposalAnswer[] }>('GET', '/v1/matrix/proposals')).body.items.map((p) => p.id)).not.toContain(second.body.id);
    expect(await activeVersion()).toBe(base + 1);
  });

  it('closes a rejected proposal with the reason, after which it takes no approval', async () => {
    const proposed = await propose(stringify(await edited((d) => void (rule(d, 'catch-all').runbook = 'https://kb.example.com/triage-v2'))));

    const rejected = await decide(proposed.body.id, 'reject', 'agent-mia', undefined, 'Triage moves next month');
    const late = await decide(proposed.body.id, 'approve', 'agent-carla');

    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { id: 'agent-mia', party: 'msp', note: 'Triage moves next month' } });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe(`Proposal ${proposed.body.id} was rejected by agent-mia: Triage moves next month`);
    expect(await activeVersion()).toBe(base);
  });
});

describe('decided proposals', () => {
  it('lists the latest activated, rejected and stale ones, newest first, with the rejection the proposer learns from', async () => {
    // Ids sort by the millisecond they were made in: the earlier proposals share the clock's start.
    expect((await h.call('POST', '/v1/dev/clock', { advanceMinutes: 1 })).status).toBe(200);
    const proposed = await propose(stringify(await edited((d) => void (rule(d, 'server-down').runbook = 'https://kb.example.com/server-down-v2'))), 'agent-nick');
    await decide(proposed.body.id, 'reject', 'agent-carla', undefined, 'Keep the v1 runbook until the new one is reviewed');

    const closed = await h.call<{ items: ProposalAnswer[] }>('GET', '/v1/matrix/proposals?status=closed');
    const latest = await h.call<{ items: ProposalAnswer[] }>('GET', '/v1/matrix/proposals?status=closed&limit=1');
    const open = await h.call<{ items: ProposalAnswer[] }>('GET', '/v1/matrix/proposals');

    expect(closed.body.items[0]).toMatchObject({ id: proposed.body.id, status: 'rejected', proposedBy: { id: 'agent-nick' }, rejection: { id: 'agent-carla', party: 'internal', note: 'Keep the v1 runbook until the new one is reviewed' } });
    expect(closed.body.items[0]!.closedAt).toEqual(expect.any(String));
    expect(new Set(closed.body.items.map((p) => p.status))).toEqual(new Set(['activated', 'rejected', 'stale']));
    expect(latest.body.items.map((p) => p.id)).toEqual([proposed.body.id]);
    expect(open.body.items.map((p) => p.id)).not.toContain(proposed.body.id);
  });

  it('refuses a status or limit it does not know, naming the field', async () => {
    const status = await h.call<ErrorAnswer>('GET', '/v1/matrix/proposals?status=rejected');
    const limit = await h.call<ErrorAnswer>('GET', '/v1/matrix/proposals?status=closed&limit=500');

    expect([status.status, limit.status]).toEqual([400, 400]);
    expect(status.body.error.fields).toEqual([{ path: 'status', message: 'status is open or closed' }]);
    expect(limit.body.error.fields).toEqual([{ path: 'limit', message: 'limit is a whole number from 1 to 50' }]);
  });
});

describe('a party-scoped key', () => {
  it('approves only for its own party, and proposes only for its party’s people', async () => {
    const proposed = await propose(stringify(await edited((d) => void (rule(d, 'application-other').runbook = 'https://kb.example.com/app-v2'))), 'agent-nick', GOV_KEYS.msp);
    const asInternal = await decide(proposed.body.id, 'approve', 'agent-carla', GOV_KEYS.msp);
    const internalProposer = await propose(stringify(await runbookOnly()), 'agent-anna', GOV_KEYS.msp);

    const asMsp = await decide(proposed.body.id, 'approve', 'agent-mia', GOV_KEYS.msp);

    expect(proposed.status).toBe(201);
    expect(proposed.body.proposedBy).toMatchObject({ id: 'agent-nick', via: { scope: 'party:msp' } });
    expect(asInternal.status).toBe(403);
    expect(asInternal.body.error.message).toMatch(/scope party:msp\) acts only for msp's approvers; agent-carla approves for internal$/);
    expect(internalProposer.status).toBe(403);
    expect(internalProposer.body.error.message).toMatch(/scope party:msp\) acts only for members of msp's teams and msp's approvers; agent-anna is neither$/);
    expect(asMsp.body).toMatchObject({ status: 'activated', approvals: [{ id: 'agent-mia', party: 'msp', via: { scope: 'party:msp' } }] });
  });
});

describe('another tenant', () => {
  it('finds none of the tenant’s proposals, and has its own history', async () => {
    const proposed = await propose(stringify(await edited((d) => void (rule(d, 'security-major').runbook = 'https://kb.example.com/security-v2'))));

    const read = await h.call<ErrorAnswer>('GET', `/v1/matrix/proposals/${proposed.body.id}`, undefined, { key: GOV_KEYS.globex });
    const approved = await decide(proposed.body.id, 'approve', 'agent-carla', GOV_KEYS.globex);
    const listed = await h.call<{ items: unknown[] }>('GET', '/v1/matrix/proposals', undefined, { key: GOV_KEYS.globex });
    const history = await h.call<{ items: VersionAnswer[] }>('GET', '/v1/matrix/versions', undefined, { key: GOV_KEYS.globex });

    expect([read.status, approved.status]).toEqual([404, 404]);
    expect(listed.body.items).toEqual([]);
    expect(history.body.items.map((v) => [v.version, v.origin])).toEqual([[1, 'local-start']]);
    await decide(proposed.body.id, 'reject', 'agent-carla');
  });
});

describe('the version history', () => {
  it('lists every version, newest first, with who proposed and approved it, why, and whether it was governed', async () => {
    const { body } = await h.call<{ items: VersionAnswer[] }>('GET', '/v1/matrix/versions');

    const first = body.items.at(-1)!;
    const latest = body.items[0]!;
    expect(first).toMatchObject({ version: 1, origin: 'local-start', governed: false, proposedBy: { id: 'local-start' }, approvedBy: [], basedOn: null });
    expect(latest).toMatchObject({ active: true, origin: 'proposal', governed: true, proposedBy: { id: 'agent-nick' }, why: 'From the weekly review', approvedBy: [{ id: 'agent-mia', party: 'msp' }] });
    expect(body.items.map((v) => v.version)).toEqual(body.items.map((_, i) => body.items.length - i));
    expect(body.items.filter((v) => v.active)).toHaveLength(1);
  });
});
