/** The pure rules of governed matrix updates: approvers in the lint, the diff, the risk and the approvals it needs. */
import { describe, expect, it } from 'vitest';
import { checkProposal } from '../../lambdas/app/governance/propose.js';
import type * as z from 'zod';
import type { RecordedEvent } from '../../shared/escalation/events.js';
import { diffMatrices } from '../../shared/matrix/diff.js';
import { approvalStatus, approverParty, mayPropose, partiesWithoutApprover } from '../../shared/matrix/governance.js';
import { decisionChanges } from '../../shared/matrix/impact.js';
import { lintMatrix } from '../../shared/matrix/lint.js';
import { compileMatrix } from '../../shared/matrix/matrix.js';
import { replay, ReplayCases } from '../../shared/matrix/replay.js';
import { assessRisk, opensMore } from '../../shared/matrix/risk.js';
import { matrixSchema, type MatrixDocument } from '../../shared/matrix/schema.js';
import { testMatrixInput } from '../fixtures/matrix.js';

/** The document as written (before defaults), every list present. */
type Input = Required<Pick<z.input<typeof matrixSchema>, 'rules'>> & Omit<z.input<typeof matrixSchema>, 'rules' | 'governance'> & { governance: { coordinators: Record<string, string>; approvers: Array<{ id?: string; party?: string; team?: string }> } };

/** The test matrix with one edit, parsed. Its rules: net-high (network/[1,2] → service-desk p1), server-any (→ infrastructure p3), app-1-a / app-1-b (a conflict). */
function doc(edit: (d: Input) => void = () => {}): MatrixDocument {
  const input = structuredClone(testMatrixInput) as Input;
  edit(input);
  return matrixSchema.parse(input);
}
const compiled = (d: MatrixDocument) => compileMatrix(d, 'v');
const governanceFindings = (d: MatrixDocument) => lintMatrix(d).filter((f) => f.path[0] === 'governance').map((f) => ({ severity: f.severity, code: f.code, path: f.path.join('.') }));

describe('governance.approvers in the lint', () => {
  it('accepts a person of their team’s party and a team, and names the approver team as used', () => {
    const d = doc((i) => void (i.governance.approvers = [{ id: 'nick', party: 'msp' }, { team: 'infrastructure' }]));

    expect(governanceFindings(d)).toEqual([]);
    expect(lintMatrix(d).some((f) => f.path.join('.') === 'teams.1.id')).toBe(false);
  });

  it('refuses an unknown approver team, an approver named twice, and a person who approves for a party none of their teams is in', () => {
    const d = doc((i) => void (i.governance.approvers = [{ team: 'managers' }, { id: 'nick', party: 'internal' }, { id: 'nick', party: 'internal' }]));

    expect(governanceFindings(d)).toEqual([
      { severity: 'error', code: 'unknown-reference', path: 'governance.approvers.0.team' },
      { severity: 'error', code: 'governance', path: 'governance.approvers.1.party' },
      { severity: 'error', code: 'duplicate-id', path: 'governance.approvers.2' },
    ]);
    expect(lintMatrix(d).find((f) => f.path.join('.') === 'governance.approvers.1.party')?.message).toBe(
      'Approver "nick" approves for party "internal" but is a member of msp-noc (msp) only; give the party of their team, or check the id.',
    );
  });

  it('refuses someone whose approval would count for two parties', () => {
    const d = doc((i) => void (i.governance.approvers = [{ id: 'ivan', party: 'internal' }, { team: 'infrastructure' }, { team: 'msp-l2' }, { id: 'lee', party: 'internal' }]));

    expect(lintMatrix(d).filter((f) => f.code === 'governance' && f.severity === 'error').map((f) => f.message)).toEqual([
      'Approver "lee" approves for party "internal" but is a member of msp-l2 (msp) only; give the party of their team, or check the id.',
      '"lee" approves for "msp" and "internal" (through governance.approvers and team membership); an approval counts for one party, so name them for one.',
    ]);
  });

  it('warns of a person approver in no team, since approvals are made by the actor id the API receives', () => {
    expect(governanceFindings(doc())).toEqual([{ severity: 'warning', code: 'governance', path: 'governance.approvers.0.id' }]);
  });

  it('reads an approver as a person or a team, with a message for each half missing', () => {
    const parsed = matrixSchema.safeParse({ ...testMatrixInput, governance: { ...testMatrixInput.governance, approvers: [{ id: 'x' }, { team: 'msp-noc', party: 'msp' }] } });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'governance.approvers.0.party: Approver party is required: the party this person approves for',
      'governance.approvers.1.team: An approver is a person ({id, party}) or a team ({team}), not both',
    ]);
  });
});

describe('who proposes and approves', () => {
  const d = doc((i) => void (i.governance.approvers = [{ id: 'carla', party: 'internal' }, { team: 'msp-l2' }]));

  it('lets coordinator team members and approvers propose, and nobody else', () => {
    expect([mayPropose(d, 'anna', ['service-desk']), mayPropose(d, 'carla', []), mayPropose(d, 'lee', ['msp-l2']), mayPropose(d, 'ivan', ['infrastructure'])]).toEqual([true, true, true, false]);
  });

  it('gives each approver one party, through their entry or their approver team', () => {
    expect(approverParty(d, 'carla', [])).toEqual({ party: 'internal' });
    expect(approverParty(d, 'lee', ['msp-l2'])).toEqual({ party: 'msp' });
    expect(approverParty(d, 'anna', ['service-desk'])).toEqual({ refused: 'not-an-approver', parties: [] });
    expect(approverParty(d, 'carla', ['msp-l2'])).toEqual({ refused: 'ambiguous', parties: ['internal', 'msp'] });
  });

  it('counts distinct approvers and the parties they cover', () => {
    const high = { parties: ['internal', 'msp'], approvals: 2 };
    const oneParty = { parties: ['msp'], approvals: 2 };

    expect(approvalStatus(high, [{ id: 'carla', party: 'internal' }])).toEqual({ satisfied: false, missing: ['an approver of party msp'] });
    expect(approvalStatus(high, [{ id: 'carla', party: 'internal' }, { id: 'ivan', party: 'internal' }])).toEqual({ satisfied: false, missing: ['an approver of party msp'] });
    expect(approvalStatus(high, [{ id: 'carla', party: 'internal' }, { id: 'lee', party: 'msp' }])).toEqual({ satisfied: true, missing: [] });
    expect(approvalStatus(oneParty, [{ id: 'lee', party: 'msp' }])).toEqual({ satisfied: false, missing: ['one more approver'] });
    expect(approvalStatus({ parties: [], approvals: 1 }, [])).toEqual({ satisfied: false, missing: ['one more approver'] });
    expect(partiesWithoutApprover(doc(), ['internal', 'msp'])).toEqual(['msp']);
  });
});

describe('the diff', () => {
  it('pairs rules by id and names what changed, added and removed, and the combinations that decide differently', () => {
    const before = doc();
    const after = doc((i) => {
      i.rules[0] = { ...i.rules[0]!, runbook: 'https://kb.example.com/network-v2' };
      i.rules[1] = { ...i.rules[1]!, owner: 'msp-l2' };
      i.rules.splice(3, 1);
      i.rules.push({ id: 'app-rest', match: { incidentType: 'application', impactTier: [2, 3] }, owner: 'msp-l2', sla: 'p3' });
      i.slaPolicies[1] = { ...i.slaPolicies[1]!, resolveMinutes: 480 };
    });

    const diff = diffMatrices(before, after);
    const decisions = decisionChanges(compiled(before), compiled(after));

    expect(diff.rules.map((r) => [r.change, r.rule, r.fields])).toEqual([
      ['changed', 'net-high', ['runbook']],
      ['changed', 'server-any', ['owner']],
      ['added', 'app-rest', []],
      ['removed', 'app-1-b', []],
    ]);
    expect(diff.sections).toEqual([{ section: 'slaPolicies', change: 'changed', id: 'p3', fields: ['resolveMinutes'] }]);
    expect(decisions.map((d) => `${d.incidentType}/${d.impactTier} ${d.before.owner}→${d.after.owner} ${d.changed.join(',')}`)).toEqual([
      'network/1 service-desk→service-desk runbook',
      'network/2 service-desk→service-desk runbook',
      'server/1 infrastructure→msp-l2 owner,party',
      'server/2 infrastructure→msp-l2 owner,party',
      'server/3 infrastructure→msp-l2 owner,party',
      // app-1-b is gone: application/1 is decided by app-1-a instead of falling back on the conflict.
      'application/1 service-desk→service-desk ambiguous',
      'application/2 service-desk→msp-l2 owner,party,sla,ambiguous',
      'application/3 service-desk→msp-l2 owner,party,sla,ambiguous',
    ]);
  });
});

describe('the risk of a change', () => {
  it('is low for a runbook link, and needs one approver', () => {
    const after = doc((i) => void (i.rules[0] = { ...i.rules[0]!, runbook: 'https://kb.example.com/network-v2' }));

    expect(assessRisk(compiled(doc()), compiled(after))).toEqual({ level: 'low', reasons: [], parties: [], approvals: 1 });
  });

  it('is high when ownership crosses parties: both parties approve', () => {
    const after = doc((i) => void (i.rules[1] = { ...i.rules[1]!, owner: 'msp-l2' }));

    expect(assessRisk(compiled(doc()), compiled(after))).toEqual({
      level: 'high',
      reasons: ['Ownership moves from party internal to party msp for server/1, server/2, server/3'],
      parties: ['internal', 'msp'],
      approvals: 2,
    });
  });

  it('is high when a target gets shorter, for the owning party, and still needs two approvers', () => {
    const after = doc((i) => void (i.slaPolicies[1] = { ...i.slaPolicies[1]!, ackMinutes: 30 }));

    expect(assessRisk(compiled(doc()), compiled(after))).toEqual({
      level: 'high',
      reasons: ['The acknowledgement target gets shorter (60 → 30 minutes) for server/1, server/2, server/3'],
      parties: ['internal'],
      approvals: 2,
    });
  });

  it('is not high for a longer target or a calendar with fewer hours', () => {
    const after = doc((i) => {
      i.slaPolicies[1] = { ...i.slaPolicies[1]!, resolveMinutes: 1920 };
      i.calendars[1] = { ...i.calendars[1]!, weekly: { ...i.calendars[1]!.weekly, fri: ['09:00-13:00'] }, holidays: ['2026-12-25', '2026-12-26'] };
    });

    expect(assessRisk(compiled(doc()), compiled(after)).level).toBe('low');
  });

  it('is high when a calendar opens for more time: acknowledgements to its teams and the targets counted on it come sooner', () => {
    const after = doc((i) => void (i.calendars[1] = { ...i.calendars[1]!, weekly: { ...i.calendars[1]!.weekly, sat: ['10:00-12:00'] } }));

    expect(assessRisk(compiled(doc()), compiled(after))).toEqual({
      level: 'high',
      reasons: [
        'The resolution clock\'s calendar "london-hours" is open for more time, so the target can fall due sooner for server/1, server/2, server/3',
        'Acknowledgements of handoffs to team "infrastructure" can fall due sooner: its calendar is open for more time',
        'Acknowledgements of handoffs to team "msp-l2" can fall due sooner: its calendar is open for more time',
      ],
      parties: ['internal', 'msp'],
      approvals: 2,
    });
  });

  it('is high when who governs changes, for the parties whose approvers change', () => {
    const after = doc((i) => void i.governance.approvers.push({ id: 'nick', party: 'msp' }));

    expect(assessRisk(compiled(doc()), compiled(after))).toMatchObject({ level: 'high', reasons: ['Who governs changes (approvers or coordinators of party msp)'], parties: ['msp'], approvals: 2 });
  });

  it('compares calendars by the time they are open', () => {
    const office = { id: 'o', timezone: 'Europe/London', weekly: { mon: ['09:00-12:00', '12:00-17:00'] }, holidays: ['2026-12-25'] };

    expect(opensMore(office, { ...office, weekly: { mon: ['09:00-17:00'] } })).toBe(false);
    expect(opensMore(office, { ...office, weekly: { mon: ['08:59-17:00'] } })).toBe(true);
    expect(opensMore(office, { ...office, holidays: [] })).toBe(true);
    expect(opensMore(office, { ...office, timezone: 'Europe/Paris' })).toBe(true);
    expect(opensMore(office, { ...office, alwaysOpen: true })).toBe(true);
    expect(opensMore({ ...office, alwaysOpen: true }, office)).toBe(false);
  });
});

describe('the replay', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 9, minute)).toISOString();
  const opened = (ticketId: string, minute: number, incidentType: string, impactTier: number, seq = 1) =>
    ({ ticketId, seq, event: { type: 'escalation.opened', at: at(minute), ticketId, incidentType, impactTier, matrixVersion: 'v1' } }) as unknown as RecordedEvent;
  const reclassified = (ticketId: string, minute: number, incidentType: string, impactTier: number) =>
    ({ ticketId, seq: 2, event: { type: 'escalation.reclassified', at: at(minute), incidentType, impactTier, matrixVersion: 'v2' } }) as unknown as RecordedEvent;

  it('takes each escalation opened in the period by its latest classification, whatever order the pages come in', () => {
    const cases = new ReplayCases(at(0), at(60));
    cases.add([reclassified('B', 30, 'server', 1), opened('C', 60, 'network', 1)]);
    cases.add([opened('B', 10, 'network', 1), opened('A', 20, 'application', 2), reclassified('A', 5, 'server', 3)]);

    expect(cases.list()).toEqual([
      { ticketId: 'B', openedAt: at(10), incidentType: 'server', impactTier: 1, decidedBy: 'v2' },
      { ticketId: 'A', openedAt: at(20), incidentType: 'application', impactTier: 2, decidedBy: 'v1' },
    ]);
  });

  it('counts what would change, the fallbacks before and after, and classifications the proposal no longer declares', () => {
    // The test matrix: application/1 is a conflict (fallback: service-desk, p1); server/* goes to infrastructure (p3).
    const active = compiled(doc());
    const proposed = compiled(doc((i) => {
      i.rules.splice(3, 1);
      i.rules[1] = { ...i.rules[1]!, sla: 'p1' };
      i.impactTiers = [1, 2];
      i.rules[0] = { ...i.rules[0]!, match: { incidentType: 'network', impactTier: [1, 2] } };
    }));
    const cases = new ReplayCases(at(0), at(60));
    cases.add([opened('APP', 1, 'application', 1), opened('SRV', 2, 'server', 2), opened('NET', 3, 'network', 1), opened('OLD', 4, 'server', 3)]);

    const report = replay(cases.list(), active, proposed, { from: at(0), to: at(60) }, 1);

    expect(report).toMatchObject({
      escalations: 4,
      // SRV: p3 → p1 (policy and target); APP: the fallback (service-desk, p1) → app-1-a (service-desk, p1): nothing an escalation notices.
      changed: { owner: 0, party: 0, sla: 1, target: 1, any: 1 },
      ambiguous: { before: 1, after: 0 },
      undeclared: 1,
      more: 1,
    });
    expect(report.items.map((i) => [i.ticketId, i.changed, i.after?.sla])).toEqual([['SRV', ['sla', 'target'], 'p1']]);
  });
});

describe('a proposal the active matrix could never approve', () => {
  it('is refused when a party it affects has no approver, or when nobody approves at all', () => {
    const active = compiled(doc());
    const crossing = doc((i) => void (i.rules[1] = { ...i.rules[1]!, owner: 'msp-l2' }));
    const runbook = doc((i) => void (i.rules[0] = { ...i.rules[0]!, runbook: 'https://kb.example.com/network-v2' }));
    const nobody = compiled(doc((i) => void (i.governance.approvers = [])));
    const runbookOfNobody = doc((i) => {
      i.governance.approvers = [];
      i.rules[0] = { ...i.rules[0]!, runbook: 'https://kb.example.com/network-v2' };
    });

    expect(() => checkProposal(active, 4, crossing, { id: 'anna', teams: ['service-desk'] })).toThrow(
      "This high-risk change needs an approver of party msp, and the active matrix (version 4) names none in governance.approvers, so it could never be approved. Name one first (through the platform team's `npm run tenant -- matrix --replace`).",
    );
    expect(() => checkProposal(nobody, 4, runbookOfNobody, { id: 'anna', teams: ['service-desk'] })).toThrow('This low-risk change needs an approver, and the active matrix (version 4) names none');
    expect(checkProposal(active, 4, runbook, { id: 'anna', teams: ['service-desk'] }).risk.level).toBe('low');
  });
});
