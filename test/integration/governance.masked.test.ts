/**
 * Proposals built from GET /v1/matrix, which shows channel secrets as •••: the backend keeps the real values
 * of the version the proposal is based on, stores and diffs them, and never shows or logs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Log } from '../../lambdas/app/log.js';
import { exampleMatrix, type ErrorAnswer } from '../support/baton.js';
import { startGovernedBaton, type GovernedBaton, type ProposalAnswer } from '../support/governance.js';

type Team = { id: string; channels?: Record<string, string> };
type Doc = Record<string, unknown> & { teams: Team[]; rules: Array<Record<string, unknown>> };

const SECRET = 's3cr3t-signature';
const HOOK = `https://hooks.example.com/workflows/1/invoke?api-version=2016-06-01&sig=${SECRET}&sp=run`;
const MASKED_HOOK = 'https://hooks.example.com/workflows/1/invoke?api-version=2016-06-01&sig=•••&sp=run';

/** Every line logged while the tests run, with its details. */
const logged: string[] = [];
const recordingLog: Log = Object.fromEntries(
  (['debug', 'info', 'warn', 'error'] as const).map((level) => [level, (message: string, extra?: Record<string, unknown>) => logged.push(`${level} ${message} ${JSON.stringify(extra ?? {})}`)]),
) as unknown as Log;

let h: GovernedBaton;

/** The active matrix as GET /v1/matrix shows it (masked), with `change` applied: what the review page proposes. */
async function shownWith(change: (doc: Doc) => void): Promise<Doc> {
  const doc = (await h.call<{ matrix: Doc }>('GET', '/v1/matrix')).body.matrix;
  change(doc);
  return doc;
}
const team = (doc: Doc, id: string) => doc.teams.find((t) => t.id === id)!;
const propose = (matrix: unknown) => h.call<ProposalAnswer & ErrorAnswer>('POST', '/v1/matrix/proposals', { matrix, rationale: 'A new runbook for servers that are down', actor: { id: 'agent-anna' } });
const stored = async (id: string) => (await h.baton.deps.proposals.get('acme', id))!.document as Doc;

beforeAll(async () => {
  const matrix = (await exampleMatrix()) as Doc;
  team(matrix, 'msp-noc').channels = { teams: HOOK };
  h = await startGovernedBaton(matrix, recordingLog);
});
afterAll(() => h.stop());

describe('a proposal made from the masked matrix', () => {
  it('keeps the active channel secret: stored and activated with the real value, shown masked in every answer', async () => {
    const matrix = await shownWith((doc) => Object.assign(doc.rules.find((r) => r.id === 'server-down')!, { runbook: 'https://kb.example.com/server-down-v2' }));
    expect(team(matrix, 'msp-noc').channels?.teams).toBe(MASKED_HOOK);

    const proposed = await propose(matrix);

    expect(proposed.status).toBe(201);
    expect(proposed.body.diff).toMatchObject({ rules: [{ change: 'changed', rule: 'server-down', fields: ['runbook'] }], sections: [] });
    expect(team(proposed.body.matrix as Doc, 'msp-noc').channels?.teams).toBe(MASKED_HOOK);
    expect(team(await stored(proposed.body.id), 'msp-noc').channels?.teams).toBe(HOOK);

    const approved = await h.call<ProposalAnswer>('POST', `/v1/matrix/proposals/${proposed.body.id}/approve`, { actor: { id: 'agent-carla' } });
    const read = await h.call<ProposalAnswer>('GET', `/v1/matrix/proposals/${proposed.body.id}`);
    const versions = await h.call('GET', '/v1/matrix/versions');

    expect(approved.body.status).toBe('activated');
    const active = await h.baton.deps.matrices.version('acme', approved.body.activatedVersion!);
    expect(team(active!.document as Doc, 'msp-noc').channels?.teams).toBe(HOOK);
    for (const answer of [proposed, approved, read, versions]) expect(JSON.stringify(answer.body)).not.toContain(SECRET);
  });

  it('takes a new real value as given, and its diff names the change without the secret', async () => {
    const hook = 'https://hooks.example.com/workflows/2/invoke?api-version=2016-06-01&sig=n3w-signature&sp=run';
    const matrix = await shownWith((doc) => (team(doc, 'msp-noc').channels = { teams: hook }));

    const proposed = await propose(matrix);

    expect(proposed.status).toBe(201);
    expect(proposed.body.diff?.sections).toEqual([{ section: 'teams', change: 'changed', id: 'msp-noc', fields: ['channels'] }]);
    expect(team(await stored(proposed.body.id), 'msp-noc').channels?.teams).toBe(hook);
    expect(JSON.stringify(proposed.body)).not.toContain('n3w-signature');
    expect(team(proposed.body.matrix as Doc, 'msp-noc').channels?.teams).toBe(hook.replace('n3w-signature', '•••'));
  });

  it('refuses a masked value the active matrix has no value for, by field, storing nothing', async () => {
    const before = (await h.call<{ items: unknown[] }>('GET', '/v1/matrix/proposals')).body.items.length;
    const matrix = await shownWith((doc) => (team(doc, 'msp-l2').channels = { teams: MASKED_HOOK }));

    const refused = await propose(matrix);

    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([{ path: 'matrix.teams.3.channels.teams', message: 'The teams channel of team msp-l2 is masked (•••) but the active matrix has no value to keep; give the real value' }]);
    expect((await h.call<{ items: unknown[] }>('GET', '/v1/matrix/proposals')).body.items).toHaveLength(before);
  });

  it('never logs a secret, whatever it logged on the way', () => {
    expect(logged.filter((line) => line.includes(SECRET) || line.includes('n3w-signature'))).toEqual([]);
  });
});
