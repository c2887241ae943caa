/**
 * Activation: exactly once under 20 concurrent approvals (real HTTP, real dynalite), finished after a crash
 * between its writes, and the paths that activate without a proposal (a changed BATON_MATRIX file at start,
 * the platform team's `tenant -- matrix --replace`), each recorded as what it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { activateMatrix } from '../../lambdas/admin/matrix.js';
import { createTenant } from '../../lambdas/admin/tenants.js';
import { versionView } from '../../lambdas/app/governance/versions.js';
import { exampleMatrix, type ErrorAnswer } from '../support/baton.js';
import { startGovernedBaton, type GovernedBaton, type ProposalAnswer, type VersionAnswer } from '../support/governance.js';
import { startAdmin, type AdminFixture } from '../support/tenant-admin.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Doc = Record<string, unknown> & { rules: Array<Record<string, unknown>>; governance: Record<string, unknown> };

const managers = (party: string) => Array.from({ length: 10 }, (_, i) => ({ id: `mgr-${party}-${i + 1}`, party }));
const withRule = async (h: GovernedBaton, id: string, change: Record<string, unknown>): Promise<Doc> => {
  const doc = (await h.call<{ matrix: Doc }>('GET', '/v1/matrix')).body.matrix;
  Object.assign(doc.rules.find((r) => r.id === id)!, change);
  return doc;
};
const propose = (h: GovernedBaton, matrix: unknown) => h.call<ProposalAnswer>('POST', '/v1/matrix/proposals', { matrix, rationale: 'Monthly update', actor: { id: 'agent-anna' } });
const approve = (h: GovernedBaton, id: string, actor: string) => h.call<ProposalAnswer & ErrorAnswer>('POST', `/v1/matrix/proposals/${id}/approve`, { actor: { id: actor } });
const versions = async (h: GovernedBaton) => (await h.call<{ items: VersionAnswer[] }>('GET', '/v1/matrix/versions')).body.items;

describe('twenty approvers at once', () => {
  let h: GovernedBaton;
  beforeAll(async () => {
    const doc = (await exampleMatrix()) as Doc;
    doc.governance.approvers = [...managers('internal'), ...managers('msp')];
    h = await startGovernedBaton(doc);
  });
  afterAll(() => h.stop());

  it('activate a high-risk proposal exactly once, with the approvals that completed it', async () => {
    const proposed = await propose(h, await withRule(h, 'network-minor', { owner: 'service-desk' }));
    expect(proposed.body.risk).toMatchObject({ level: 'high', parties: ['internal', 'msp'] });

    const answers = await Promise.all([...managers('internal'), ...managers('msp')].map((m) => approve(h, proposed.body.id, m.id)));

    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    expect(answers.filter((a) => a.status === 200 && a.body.status === 'activated')).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body.error.message).toBe(`Proposal ${proposed.body.id} is already active, as version 2`);
    const final = (await h.call<ProposalAnswer>('GET', `/v1/matrix/proposals/${proposed.body.id}`)).body;
    expect(final).toMatchObject({ status: 'activated', activatedVersion: 2 });
    expect(new Set(final.approvals.map((a) => a.party))).toEqual(new Set(['internal', 'msp']));
    expect(answers.filter((a) => a.status === 200).length).toBe(final.approvals.length);
    const history = await versions(h);
    expect(history.map((v) => v.version)).toEqual([2, 1]);
    expect(history[0]!.approvedBy).toEqual(final.approvals);
  });

  it('activate a low-risk proposal exactly once: one approval counts, the others are told it is active', async () => {
    const proposed = await propose(h, await withRule(h, 'server-down', { runbook: 'https://kb.example.com/server-down-v2' }));

    const answers = await Promise.all([...managers('msp'), ...managers('internal')].map((m) => approve(h, proposed.body.id, m.id)));

    expect(answers.filter((a) => a.status === 200).map((a) => a.body.status)).toEqual(['activated']);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(19);
    expect((await versions(h)).map((v) => v.version)).toEqual([3, 2, 1]);
  });
});

describe('an activation interrupted between its writes', () => {
  let h: GovernedBaton;
  beforeAll(async () => {
    h = await startGovernedBaton(await exampleMatrix());
  });
  afterAll(() => h.stop());

  /** A low-risk proposal, then the write a crashed approval left: the proposal marked approved, nothing activated yet. */
  const approvedButNotActive = async (runbook: string) => {
    const { body } = await propose(h, await withRule(h, 'device-other', { runbook }));
    const { proposals } = h.baton.deps;
    const stored = (await proposals.get('acme', body.id))!;
    const approved = { ...stored, status: 'approved' as const, approvals: [{ id: 'agent-mia', party: 'msp', at: '2026-11-30T09:00:00.000Z' }], rev: stored.rev + 1 };
    await proposals.replace('acme', approved);
    return approved;
  };

  it('leaves the active version as it was, and whoever reads the proposal next activates it', async () => {
    const approved = await approvedButNotActive('https://kb.example.com/device-support-v2');
    const before = (await h.call<{ version: number }>('GET', '/v1/matrix')).body.version;

    const read = await h.call<ProposalAnswer>('GET', `/v1/matrix/proposals/${approved.id}`);

    expect(before).toBe(approved.baseVersion);
    expect(read.body).toMatchObject({ status: 'activated', activatedVersion: approved.baseVersion + 1 });
    expect((await h.call<{ version: number }>('GET', '/v1/matrix')).body.version).toBe(approved.baseVersion + 1);
  });

  it('after the version was stored, marks the proposal activated without a second version', async () => {
    const approved = await approvedButNotActive('https://kb.example.com/device-support-v3');
    const { matrices } = h.baton.deps;
    const proposal = { id: approved.id, rationale: approved.rationale, proposedBy: approved.proposedBy, proposedAt: approved.proposedAt, approvals: approved.approvals };
    await matrices.activate('acme', { document: approved.document, createdAt: approved.proposedAt, createdBy: 'agent-anna', origin: 'proposal', note: approved.rationale, proposal }, approved.baseVersion);

    const listed = await h.call<{ items: ProposalAnswer[] }>('GET', '/v1/matrix/proposals');
    const read = await h.call<ProposalAnswer>('GET', `/v1/matrix/proposals/${approved.id}`);

    expect(listed.body.items.map((p) => p.id)).not.toContain(approved.id);
    expect(read.body).toMatchObject({ status: 'activated', activatedVersion: approved.baseVersion + 1 });
    expect((await versions(h)).map((v) => v.version)).toEqual([approved.baseVersion + 1, ...Array.from({ length: approved.baseVersion }, (_, i) => approved.baseVersion - i)]);
  });

  it('finds the proposal stale when another version took its place before it was activated', async () => {
    const approved = await approvedButNotActive('https://kb.example.com/device-support-v4');
    const active = (await h.baton.deps.matrices.active('acme'))!;
    await h.baton.deps.matrices.activate('acme', { document: active.document, createdAt: active.createdAt, createdBy: 'tenant-admin', origin: 'tenant-admin', note: 'npm run tenant -- matrix x.yaml --replace' });

    const read = await h.call<ProposalAnswer>('GET', `/v1/matrix/proposals/${approved.id}`);

    expect(read.body.status).toBe('stale');
    expect((await versions(h))[0]).toMatchObject({ version: approved.baseVersion + 1, origin: 'tenant-admin', governed: false });
  });
});

describe('activations without a proposal', () => {
  it('keep a governed version across restarts while the BATON_MATRIX file is unchanged, and record a changed file as loaded at start', async () => {
    const example = (await exampleMatrix()) as Doc;
    const h = await startGovernedBaton(example);
    try {
      const proposed = await propose(h, await withRule(h, 'catch-all', { runbook: 'https://kb.example.com/triage-v2' }));
      await approve(h, proposed.body.id, 'agent-carla');

      await h.restart();
      const kept = (await h.call<{ version: number }>('GET', '/v1/matrix')).body.version;
      const changed = structuredClone(example);
      Object.assign(changed.rules.find((r) => r.id === 'catch-all')!, { runbook: 'https://kb.example.com/triage-v3' });
      await h.restart(changed);
      await h.restart(changed);

      expect(kept).toBe(2);
      const history = await versions(h);
      expect(history.map((v) => [v.version, v.origin, v.governed])).toEqual([[3, 'local-start', false], [2, 'proposal', true], [1, 'local-start', false]]);
      expect(history[0]!.why).toMatch(/^loaded from .*matrix\.yaml at start, replacing version 2 without a governed proposal \(the file changed since it was last loaded\)$/);
    } finally {
      await h.stop();
    }
  });

  describe("the platform team's --replace", () => {
    let admin: AdminFixture;
    let dir: string;
    beforeAll(async () => {
      admin = await startAdmin();
      dir = await mkdtemp(join(tmpdir(), 'baton-gov-admin-'));
      await createTenant(admin.deps, { tenant: 'acme', label: 'Freshservice app', smoke: false });
    });
    afterAll(async () => {
      await admin.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('is recorded as the tenant command, not governed, with the command as the reason', async () => {
      const doc = (await exampleMatrix()) as Doc;
      await activateMatrix(admin.deps, { tenant: 'acme', file: 'examples/matrix.example.yaml', replace: false });
      Object.assign(doc.rules[0]!, { runbook: 'https://kb.example.com/network-outage-v2' });
      const path = join(dir, 'next.yaml');
      await writeFile(path, stringify(doc));

      await activateMatrix(admin.deps, { tenant: 'acme', file: path, replace: true });

      const history = await admin.deps.matrices.versions('acme');
      expect(history.map((v) => versionView(v, 2))).toMatchObject([
        { version: 1, origin: 'tenant-admin', governed: false, basedOn: null, why: 'npm run tenant -- matrix examples/matrix.example.yaml' },
        { version: 2, active: true, origin: 'tenant-admin', governed: false, basedOn: 1, why: `npm run tenant -- matrix ${path} --replace`, how: expect.stringContaining('--replace: not governed') },
      ]);
    });
  });
});
