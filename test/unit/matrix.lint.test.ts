import { describe, expect, it } from 'vitest';
import { lintMatrix, type LintFinding } from '../../shared/matrix/lint.js';
import { matrixSchema } from '../../shared/matrix/schema.js';

/** A clean two-party matrix (no findings); each test breaks one thing in the raw input. */
function input() {
  return {
    parties: [{ id: 'internal', name: 'Contoso IT' }, { id: 'msp', name: 'Acme MSP' }],
    teams: [
      { id: 'service-desk', name: 'Service Desk', party: 'internal', calendar: 'office', freshserviceGroupId: 1001 },
      { id: 'msp-noc', name: 'MSP NOC', party: 'msp', calendar: 'always', freshserviceGroupId: 2001 },
    ],
    calendars: [
      { id: 'office', timezone: 'Europe/London', weekly: { mon: ['08:00-18:00'] } },
      { id: 'always', timezone: 'UTC', alwaysOpen: true },
    ],
    slaPolicies: [
      { id: 'p1', ackMinutes: 15, resolveMinutes: 240, calendar: 'always' },
      { id: 'p2', ackMinutes: 30, resolveMinutes: 480, calendar: 'office' },
    ],
    incidentTypes: ['network', 'server'],
    impactTiers: [1, 2],
    rules: [
      { id: 'net', match: { incidentType: 'network' as string | string[], impactTier: '*' as number | number[] | '*' }, owner: 'msp-noc', sla: 'p1' },
      { id: 'rest', match: { incidentType: '*' as string | string[], impactTier: '*' as number | number[] | '*' }, owner: 'service-desk', sla: 'p2' },
    ],
    governance: {
      coordinators: { internal: 'service-desk', msp: 'msp-noc' } as Record<string, string>,
      approvers: [{ id: 'agent-carla', party: 'internal' }],
      fallbackOwner: undefined as string | undefined,
      fallbackSla: undefined as string | undefined,
    },
  };
}
type Input = ReturnType<typeof input>;

const lint = (edit: (doc: Input) => void): LintFinding[] => {
  const doc = input();
  edit(doc);
  return lintMatrix(matrixSchema.parse(doc));
};
const brief = (findings: LintFinding[]) => findings.map((f) => ({ severity: f.severity, code: f.code, path: f.path.join('.') }));
const at = (severity: LintFinding['severity'], code: LintFinding['code'], path: string) => [{ severity, code, path }];

describe('linting the matrix', () => {
  it('finds nothing wrong with a matrix that covers everything once', () => {
    expect(lint(() => {})).toEqual([]);
  });

  it('reports a combination no rule covers as a risk (a gap), naming it', () => {
    const findings = lint((d) => {
      d.rules = [{ id: 'net', match: { incidentType: 'network', impactTier: '*' }, owner: 'msp-noc', sla: 'p1' }, { id: 'rest', match: { incidentType: 'server', impactTier: 1 }, owner: 'service-desk', sla: 'p2' }];
    });

    expect(brief(findings)).toEqual(at('risk', 'gap', 'rules'));
    expect(findings[0]?.message).toContain('incident type "server" at impact tier 2');
  });

  it('reports a conflict as a risk, naming both rules and their owners', () => {
    const findings = lint((d) => {
      d.rules.push({ id: 'net-l2', match: { incidentType: 'network', impactTier: '*' }, owner: 'service-desk', sla: 'p1' });
    });

    expect(brief(findings)).toEqual(at('risk', 'conflict', 'rules.2'));
    expect(findings[0]?.message).toMatch(/Rules 0 and 2 both match network\/1, network\/2 .*Rule 0 \("net"\) → team "msp-noc".*Rule 2 \("net-l2"\) → team "service-desk"/);
  });

  it('names the unknown team a rule sends incidents to', () => {
    const findings = lint((d) => {
      d.rules[0] = { id: 'net', match: { incidentType: 'network', impactTier: 1 }, owner: 'msp-noc2', sla: 'p1' };
    });

    expect(brief(findings.filter((f) => f.code === 'unknown-reference'))).toEqual(at('error', 'unknown-reference', 'rules.0.owner'));
    expect(findings.find((f) => f.code === 'unknown-reference')?.message).toBe('Rule 0 ("net") sends network/1 to team "msp-noc2", which is not declared in teams (service-desk, msp-noc).');
  });

  it.each<[string, (d: Input) => void, string]>([
    ['a rule SLA policy', (d) => void ((d.rules[0] as Input['rules'][number]).sla = 'p9'), 'rules.0.sla'],
    ['a team party', (d) => void ((d.teams[0] as Input['teams'][number]).party = 'contoso'), 'teams.0.party'],
    ['a team calendar', (d) => void ((d.teams[1] as Input['teams'][number]).calendar = '24x7'), 'teams.1.calendar'],
    ['an SLA policy calendar', (d) => void ((d.slaPolicies[1] as Input['slaPolicies'][number]).calendar = 'weekdays'), 'slaPolicies.1.calendar'],
    ['a coordinator team', (d) => void (d.governance.coordinators.msp = 'noc'), 'governance.coordinators.msp'],
    ['a coordinator party', (d) => void (d.governance.coordinators.vendor = 'msp-noc'), 'governance.coordinators.vendor'],
    ['an approver party', (d) => void ((d.governance.approvers[0] as Input['governance']['approvers'][number]).party = 'it'), 'governance.approvers.0.party'],
    ['the fallback owner', (d) => void (d.governance.fallbackOwner = 'nobody'), 'governance.fallbackOwner'],
    ['the fallback SLA policy', (d) => void (d.governance.fallbackSla = 'p0'), 'governance.fallbackSla'],
  ])('reports an unknown reference in %s at its path', (_, edit, path) => {
    expect(brief(lint(edit))).toEqual(at('error', 'unknown-reference', path));
  });

  it('reports a missing fallback owner when the first party has no coordinator', () => {
    expect(brief(lint((d) => void (d.governance.coordinators = { msp: 'msp-noc' })))).toEqual(at('error', 'unknown-reference', 'governance.coordinators'));
  });

  it('reports a match value that incidentTypes or impactTiers do not declare, at its position in the list', () => {
    const findings = lint((d) => {
      d.rules.unshift({ id: 'typo', match: { incidentType: ['network', 'netwrok'], impactTier: 5 }, owner: 'msp-noc', sla: 'p1' });
    });

    expect(brief(findings.filter((f) => f.code === 'unknown-value'))).toEqual([
      { severity: 'error', code: 'unknown-value', path: 'rules.0.match.incidentType.1' },
      { severity: 'error', code: 'unknown-value', path: 'rules.0.match.impactTier' },
    ]);
  });

  it.each<[string, (d: Input) => void, string]>([
    ['party ids', (d) => void d.parties.push({ id: 'msp', name: 'Other MSP' }), 'parties.2.id'],
    ['team ids', (d) => void d.teams.push({ id: 'msp-noc', name: 'NOC 2', party: 'msp', calendar: 'always', freshserviceGroupId: 3001 }), 'teams.2.id'],
    ['Freshservice groups', (d) => void ((d.teams[1] as Input['teams'][number]).freshserviceGroupId = 1001), 'teams.1.freshserviceGroupId'],
    ['calendar ids', (d) => void d.calendars.push({ id: 'always', timezone: 'UTC', alwaysOpen: true }), 'calendars.2.id'],
    ['SLA policy ids', (d) => void d.slaPolicies.push({ id: 'p2', ackMinutes: 1, resolveMinutes: 2, calendar: 'office' }), 'slaPolicies.2.id'],
    ['rule ids', (d) => void ((d.rules[1] as Input['rules'][number]).id = 'net'), 'rules.1.id'],
  ])('reports duplicate %s at the second one', (_, edit, path) => {
    expect(brief(lint(edit))).toEqual(at('error', 'duplicate-id', path));
  });

  it.each<[string, (d: Input) => void, string]>([
    ['a team nothing routes to', (d) => void d.teams.push({ id: 'msp-l2', name: 'L2', party: 'msp', calendar: 'office', freshserviceGroupId: 2002 }), 'teams.2.id'],
    ['an SLA policy no rule uses', (d) => void d.slaPolicies.push({ id: 'p3', ackMinutes: 60, resolveMinutes: 960, calendar: 'office' }), 'slaPolicies.2.id'],
    ['a calendar nothing uses', (d) => void d.calendars.push({ id: 'weekend', timezone: 'UTC', alwaysOpen: true }), 'calendars.2.id'],
  ])('warns about %s', (_, edit, path) => {
    expect(brief(lint(edit))).toEqual(at('warning', 'unused', path));
  });

  it('warns about a rule that more specific rules fully shadow', () => {
    const findings = lint((d) => {
      d.rules.splice(1, 0, { id: 'net-again', match: { incidentType: ['network'], impactTier: [1, 2] }, owner: 'service-desk', sla: 'p1' });
      d.rules.unshift({ id: 'net-exact', match: { incidentType: 'network', impactTier: [1, 2] }, owner: 'msp-noc', sla: 'p1' });
    });

    expect(brief(findings)).toEqual([...at('warning', 'unused', 'rules.1'), ...at('warning', 'unused', 'rules.2')]);
    expect(findings[0]?.message).toContain('Rule 1 ("net") (network/*) never decides an incident: everything it matches goes to rule 0');
  });
});
