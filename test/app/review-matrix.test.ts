import { describe, expect, it } from 'vitest';
import { governanceRole, needsText, outcomeOf, proposalActions } from '../../freshservice-app/src/review/governance.js';
import { matrixFindings, matrixRows, policyText } from '../../freshservice-app/src/review/matrix-table.js';
import { namesOf } from '../../freshservice-app/src/review/names.js';
import { checkEdit, draftRuleIndex, formFieldOf, proposedDocument, startEdit, type RuleEdit } from '../../freshservice-app/src/review/proposal-draft.js';
import { decisionLines, replaySummary, ruleLines, sectionLines, type ProposalDiff } from '../../freshservice-app/src/review/proposal-view.js';
import type { Agent } from '../../freshservice-app/src/identity.js';
import { diffMatrices } from '../../shared/matrix/diff.js';
import { decisionChanges } from '../../shared/matrix/impact.js';
import { compileMatrix } from '../../shared/matrix/matrix.js';
import { matrixSchema } from '../../shared/matrix/schema.js';
import { testMatrix, testMatrixInput } from '../fixtures/matrix.js';

/** The test matrix with an approver for each party, and without its deliberate conflict. */
const governed = compileMatrix(
  matrixSchema.parse({
    ...testMatrixInput,
    rules: testMatrixInput.rules.filter((r) => r.id !== 'app-1-b'),
    governance: { ...testMatrixInput.governance, approvers: [{ id: 'ivan', party: 'internal' }, { id: 'lee', party: 'msp' }] },
  }),
  'v3',
);
const names = namesOf(governed);
const agent = (id: string): Agent => ({ actor: { id }, groupIds: null });

describe('the active matrix as a table', () => {
  it('lists each rule with what it matches, its team, party, SLA policy and runbook, then the fallback', () => {
    const rows = matrixRows(governed, names);

    expect(rows[0]).toEqual({ rule: 'net-high', index: 0, match: 'network · tiers 1, 2', team: 'Service Desk', party: 'Contoso IT', sla: 'p1: acknowledge in 15 min, resolve in 4 h (always)', runbook: 'https://kb.example.com/network' });
    expect(rows[1]).toMatchObject({ rule: 'server-any', match: 'server · any tier', team: 'Infrastructure', runbook: null });
    expect(rows.at(-1)).toMatchObject({ rule: 'fallback', index: null, team: 'Service Desk', sla: policyText(governed.fallbackPolicy()) });
  });

  it('shows the lint findings of the same code as matrix:lint, errors and risks first', () => {
    const findings = matrixFindings(testMatrix);

    expect(findings[0]).toMatchObject({ severity: 'risk', where: expect.stringContaining('rules') });
    expect(findings.map((f) => f.severity)).toEqual([...findings.map((f) => f.severity)].sort((a, b) => ['error', 'risk', 'warning'].indexOf(a) - ['error', 'risk', 'warning'].indexOf(b)));
  });
});

describe('who may do what in matrix governance', () => {
  it('knows an approver’s party and that approvers and coordinator members may propose', () => {
    expect(governanceRole(governed, agent('lee'), names)).toMatchObject({ approverFor: 'msp', mayPropose: true });
    expect(governanceRole(governed, agent('anna'), names)).toMatchObject({ approverFor: null, mayPropose: true });
    expect(governanceRole(governed, agent('stranger'), names)).toMatchObject({ approverFor: null, mayPropose: false, approvers: 'ivan (Contoso IT), lee (Acme MSP)' });
  });

  const open = { status: 'open' as const, proposedBy: { id: 'anna' }, approvals: [], needs: ['an approver of party internal', 'an approver of party msp'], activatedVersion: null, rejection: null };

  it('offers an approver approve and reject, and names what the proposal still needs', () => {
    expect(proposalActions(open, governanceRole(governed, agent('lee'), names), 'lee', names)).toEqual({ approve: true, reject: true, note: 'It still needs an approver of party Contoso IT and an approver of party Acme MSP.' });
  });

  it('never offers the proposer an approval of their own proposal', () => {
    const role = governanceRole(governed, agent('lee'), names);

    expect(proposalActions({ ...open, proposedBy: { id: 'lee' } }, role, 'lee', names)).toMatchObject({ approve: false, reject: false, note: expect.stringContaining('nobody approves their own proposal') });
  });

  it('tells a non-approver who may approve', () => {
    expect(proposalActions(open, governanceRole(governed, agent('nick'), names), 'nick', names)).toMatchObject({ approve: false, reject: false, note: expect.stringContaining('Only approvers can approve or reject: ivan (Contoso IT), lee (Acme MSP)') });
  });

  it('does not offer a second approval by the same approver', () => {
    const approved = { ...open, approvals: [{ id: 'lee', party: 'msp', at: '2026-12-01T10:00:00.000Z' }], needs: ['an approver of party internal'] };

    expect(proposalActions(approved, governanceRole(governed, agent('lee'), names), 'lee', names)).toEqual({ approve: false, reject: true, note: 'You approved this for Acme MSP. It still needs an approver of party Contoso IT.' });
  });

  it('names the parties a proposal still needs an approver of', () => {
    expect(needsText(['an approver of party internal', 'one more approver'], names)).toBe('an approver of party Contoso IT and one more approver');
  });

  it('says what became of a closed proposal', () => {
    const role = governanceRole(governed, agent('lee'), names);

    expect(proposalActions({ ...open, status: 'activated', activatedVersion: 4 }, role, 'lee', names).note).toBe('Approved and active as version 4.');
    expect(proposalActions({ ...open, status: 'rejected', rejection: { id: 'ivan', party: 'internal', at: '2026-12-01T10:00:00.000Z', note: 'Keep the NOC' } }, role, 'lee', names).note).toBe('Rejected by ivan: Keep the NOC.');
    expect(proposalActions({ ...open, status: 'stale' }, role, 'lee', names).note).toContain('propose the change again');
  });

  it('names the approver who rejected a proposal by name when Freshservice gave one, with their note', () => {
    const rejection = { id: 'ivan', name: 'Ivan Petrov', party: 'internal', at: '2026-12-01T10:00:00.000Z', note: 'Keep the NOC' };

    expect(outcomeOf({ ...open, status: 'rejected', rejection })).toBe('Rejected by Ivan Petrov: Keep the NOC.');
    expect(outcomeOf(open)).toBeNull();
  });
});

describe('a proposal drafted from a friction point', () => {
  const draft = { ruleId: 'server-any', ruleIndex: 1, matrixVersion: 'v2', runbook: null, rationale: 'Weeks 2026-W46 to 2026-W49 under rule server-any: 3 handoffs sent back (examples: 7001).' };

  it('finds the draft’s rule by id in the active matrix and starts from its values and rationale', () => {
    expect(startEdit(governed, draft)).toEqual({ ruleIndex: 1, owner: 'infrastructure', sla: 'p3', runbook: '', rationale: draft.rationale });
  });

  it('trusts a rule index only under the version that recorded it', () => {
    expect(draftRuleIndex(governed, { ruleId: null, ruleIndex: 1, matrixVersion: 'v3' })).toBe(1);
    expect(draftRuleIndex(governed, { ruleId: null, ruleIndex: 1, matrixVersion: 'v2' })).toBeNull();
    expect(startEdit(governed, { ...draft, ruleId: 'gone' })).toMatchObject({ ruleIndex: 0, rationale: '' });
  });

  it('proposes the active matrix with only that rule changed, a blank runbook removed', () => {
    const edit: RuleEdit = { ruleIndex: 0, owner: 'msp-noc', sla: 'p3', runbook: ' ', rationale: 'x' };
    const proposed = proposedDocument(governed.document, edit);

    expect(proposed.rules[0]).toEqual({ id: 'net-high', match: { incidentType: 'network', impactTier: [1, 2] }, owner: 'msp-noc', sla: 'p3' });
    expect(proposed.rules.slice(1)).toEqual(governed.document.rules.slice(1));
    expect(governed.document.rules[0]!.owner).toBe('service-desk');
  });

  it('checks the form before anything is sent, by field', () => {
    const base = startEdit(governed, draft);

    expect(checkEdit(governed, { ...base, owner: 'msp-l2' })).toEqual([]);
    expect(checkEdit(governed, { ...base, owner: 'nobody', sla: '', runbook: 'kb/42', rationale: ' ' }).map((i) => i.path)).toEqual(['owner', 'sla', 'runbook', 'rationale']);
    expect(checkEdit(governed, base)).toEqual([{ path: 'rule', message: 'Nothing changes: pick another owner, SLA policy or runbook' }]);
  });

  it('proposes from a matrix whose channel secrets Baton masked, the mask left for Baton to restore', () => {
    const hook = 'https://x.example.com/hook?sig=•••';
    const masked = compileMatrix(matrixSchema.parse({ ...governed.document, teams: governed.document.teams.map((t, i) => (i === 0 ? { ...t, channels: { teams: hook } } : t)) }), 'v3');
    const edit = { ...startEdit(masked, draft), owner: 'msp-l2' };

    expect(checkEdit(masked, edit)).toEqual([]);
    expect(proposedDocument(masked.document, edit).teams[0]!.channels).toEqual({ teams: hook });
  });

  it('places the API’s issues about the changed rule on the form’s fields', () => {
    expect([formFieldOf('matrix.rules.1.owner', 1), formFieldOf('rationale', 1), formFieldOf('matrix.rules.2.owner', 1), formFieldOf('matrix.teams.0', 1)]).toEqual(['owner', 'rationale', null, null]);
  });
});

describe('a proposal in words', () => {
  const proposed = matrixSchema.parse({ ...governed.document, rules: governed.document.rules.map((r) => (r.id === 'server-any' ? { ...r, owner: 'msp-l2', runbook: 'https://kb.example.com/server' } : r)) });
  const diff: ProposalDiff = { ...diffMatrices(governed.document, proposed), decisions: decisionChanges(governed, compileMatrix(proposed, 'proposal')) };

  it('says which rule changes, field by field, with team names', () => {
    expect(ruleLines(diff, names)).toEqual([{ change: 'changed', what: 'Rule server-any', detail: 'owner: Infrastructure → MSP L2; runbook: none → https://kb.example.com/server' }]);
    expect(sectionLines(diff)).toEqual([]);
  });

  it('lists each incident type and tier that another team and party would own', () => {
    expect(decisionLines(diff, names)[0]).toEqual({ what: 'server · tier 1', before: 'Infrastructure (Contoso IT), p3', after: 'MSP L2 (Acme MSP), p3', changed: 'owner, party, runbook' });
    expect(decisionLines(diff, names)).toHaveLength(3);
  });

  it('sums the impact replay up in one sentence', () => {
    const replay = { from: '', to: '', weeks: 4, escalations: 23, changed: { owner: 6, party: 6, sla: 0, target: 0, any: 6 }, ambiguous: { before: 2, after: 2 }, undeclared: 0, items: [], more: 0 };

    expect(replaySummary(replay)).toBe('Of 23 escalations opened in the last 4 weeks, 6 would have gone differently: 6 another owner, 6 another party, 0 another SLA policy, 0 another target.');
    expect(replaySummary({ ...replay, changed: { owner: 0, party: 0, sla: 0, target: 0, any: 0 }, ambiguous: { before: 2, after: 0 } })).toBe('Of 23 escalations opened in the last 4 weeks, 0 would have gone differently. Without a single deciding rule: 2 now, 0 under the proposal.');
  });
});
