import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.js';
import { compileMatrix, type MatrixDecision } from '../../shared/matrix/matrix.js';
import { matrixSchema, type MatrixDocument } from '../../shared/matrix/schema.js';

type RuleInput = { id?: string; match: { incidentType?: string | string[]; impactTier?: number | number[] | '*' }; owner: string; sla: string; runbook?: string };

/** A small two-party matrix; `rules` and any top-level field can be replaced. */
function matrixDoc(rules: RuleInput[], overrides: Record<string, unknown> = {}): MatrixDocument {
  return matrixSchema.parse({
    parties: [{ id: 'internal', name: 'Contoso IT' }, { id: 'msp', name: 'Acme MSP' }],
    teams: [
      { id: 'service-desk', name: 'Service Desk', party: 'internal', calendar: 'office', freshserviceGroupId: 1001 },
      { id: 'msp-noc', name: 'MSP NOC', party: 'msp', calendar: 'always', freshserviceGroupId: 2001 },
      { id: 'msp-l2', name: 'MSP L2', party: 'msp', calendar: 'office' },
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
    rules,
    governance: { coordinators: { internal: 'service-desk', msp: 'msp-noc' } },
    ...overrides,
  });
}

const evaluate = (rules: RuleInput[], type: string, tier: number) => compileMatrix(matrixDoc(rules), 'v1').evaluate(type, tier);
const winner = (decision: MatrixDecision) => (decision.kind === 'matched' ? { index: decision.rule.index, owner: decision.owner.id, sla: decision.policy.id } : decision.kind);

describe('evaluating the matrix', () => {
  it('prefers a single value to a list', () => {
    const decision = evaluate([
      { match: { incidentType: 'network', impactTier: [1, 2] }, owner: 'msp-l2', sla: 'p2' },
      { match: { incidentType: 'network', impactTier: 1 }, owner: 'msp-noc', sla: 'p1' },
    ], 'network', 1);

    expect(winner(decision)).toEqual({ index: 1, owner: 'msp-noc', sla: 'p1' });
  });

  it('prefers a list to "*"', () => {
    const decision = evaluate([
      { match: { incidentType: 'network', impactTier: '*' }, owner: 'msp-l2', sla: 'p2' },
      { match: { incidentType: 'network', impactTier: [1, 2] }, owner: 'msp-noc', sla: 'p1' },
    ], 'network', 2);

    expect(winner(decision)).toEqual({ index: 1, owner: 'msp-noc', sla: 'p1' });
  });

  it('sums specificity over both dimensions', () => {
    const decision = evaluate([
      { match: { incidentType: 'network' }, owner: 'msp-l2', sla: 'p2' },
      { match: { incidentType: ['network', 'server'], impactTier: 1 }, owner: 'msp-noc', sla: 'p1' },
    ], 'network', 1);

    expect(decision).toMatchObject({ kind: 'matched', rule: { index: 1, specificity: 3 } });
  });

  it('takes the first of equally specific rules that agree on owner and SLA', () => {
    const decision = evaluate([
      { id: 'first', match: { incidentType: 'network', impactTier: 1 }, owner: 'msp-noc', sla: 'p1', runbook: 'https://kb.example.com/a' },
      { id: 'second', match: { incidentType: 'network', impactTier: 1 }, owner: 'msp-noc', sla: 'p1', runbook: 'https://kb.example.com/b' },
    ], 'network', 1);

    expect(decision).toMatchObject({ kind: 'matched', rule: { index: 0, specificity: 4, rule: { id: 'first' } } });
  });

  it('reports a conflict when equally specific rules name different owners', () => {
    const decision = evaluate([
      { match: { incidentType: 'network', impactTier: [1, 2] }, owner: 'msp-noc', sla: 'p1' },
      { match: { incidentType: 'network' }, owner: 'msp-l2', sla: 'p2' },
      { match: { incidentType: 'network', impactTier: [1] }, owner: 'service-desk', sla: 'p1' },
    ], 'network', 1);

    expect(decision.kind === 'conflict' && decision.rules.map((r) => r.index)).toEqual([0, 2]);
  });

  it('reports a conflict when equally specific rules name different SLA policies', () => {
    const decision = evaluate([
      { match: { incidentType: 'network', impactTier: 1 }, owner: 'msp-noc', sla: 'p1' },
      { match: { incidentType: 'network', impactTier: 1 }, owner: 'msp-noc', sla: 'p2' },
    ], 'network', 1);

    expect(decision.kind).toBe('conflict');
  });

  it('finds no rule for a combination nothing covers', () => {
    const decision = evaluate([{ match: { incidentType: 'network', impactTier: 1 }, owner: 'msp-noc', sla: 'p1' }], 'server', 2);

    expect(decision).toEqual({ kind: 'no-rule' });
  });

  it('scans the rules for an incident type the document does not declare', () => {
    const rules = [
      { match: { incidentType: 'network' }, owner: 'msp-noc', sla: 'p1' },
      { match: { impactTier: 2 }, owner: 'service-desk', sla: 'p2' },
    ];

    expect([winner(evaluate(rules, 'printer', 2)), winner(evaluate(rules, 'printer', 1))]).toEqual([{ index: 1, owner: 'service-desk', sla: 'p2' }, 'no-rule']);
  });

  it('decides every declared combination exactly as a scan of all rules would', () => {
    const types = ['network', 'server'];
    const value = <T>(values: T[]) => fc.oneof(fc.constant('*' as const), fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1 }));
    const rule = fc.record({
      match: fc.record({ incidentType: value(types), impactTier: value([1, 2]) }),
      owner: fc.constantFrom('service-desk', 'msp-noc'),
      sla: fc.constantFrom('p1', 'p2'),
    });
    const score = (v: unknown) => (v === '*' ? 0 : Array.isArray(v) ? 1 : 2);
    const hits = (v: unknown, x: unknown) => v === '*' || (Array.isArray(v) ? v.includes(x) : v === x);

    fc.assert(fc.property(fc.array(rule, { maxLength: 8 }), (rules) => {
      const matrix = compileMatrix(matrixDoc(rules), 'v1');
      for (const type of types) {
        for (const tier of [1, 2]) {
          const matching = rules.map((r, index) => ({ r, index, s: score(r.match.incidentType) + score(r.match.impactTier) }))
            .filter(({ r }) => hits(r.match.incidentType, type) && hits(r.match.impactTier, tier));
          const best = Math.max(...matching.map((m) => m.s));
          const top = matching.filter((m) => m.s === best);
          const agree = top.every((m) => m.r.owner === top[0]?.r.owner && m.r.sla === top[0]?.r.sla);
          const expected = top.length === 0 ? 'no-rule' : agree ? { index: top[0]?.index, owner: top[0]?.r.owner, sla: top[0]?.r.sla } : 'conflict';
          expect(winner(matrix.evaluate(type, tier))).toEqual(expected);
        }
      }
    }));
  });
});

function refusal(doc: MatrixDocument): ValidationError | undefined {
  try {
    compileMatrix(doc, 'v2');
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  return undefined;
}

describe('compiling the matrix', () => {
  it('refuses bad references with a ValidationError naming each field', () => {
    const doc = matrixDoc([{ match: {}, owner: 'msp-noc2', sla: 'p9' }]);

    const thrown = refusal(doc);

    expect(thrown).toBeInstanceOf(ValidationError);
    expect(thrown?.fields.map((f) => f.path)).toEqual(['rules.0.owner', 'rules.0.sla']);
  });

  it('names only the errors when it refuses a matrix, not its gaps and conflicts (risks)', () => {
    const doc = matrixDoc([
      { match: { incidentType: 'network' }, owner: 'msp-noc2', sla: 'p1' },
      { match: { incidentType: 'network' }, owner: 'msp-l2', sla: 'p1' },
    ]);

    expect(refusal(doc)?.fields.map((f) => f.path)).toEqual(['rules.0.owner']);
  });

  it('compiles a matrix with gaps and conflicts so the runtime can fall back', () => {
    const doc = matrixDoc([
      { match: { incidentType: 'network', impactTier: 1 }, owner: 'msp-noc', sla: 'p1' },
      { match: { incidentType: 'network', impactTier: 1 }, owner: 'msp-l2', sla: 'p1' },
    ]);

    expect(compileMatrix(doc, 'v3').evaluate('server', 1)).toEqual({ kind: 'no-rule' });
  });

  it('finds a team by its Freshservice group id', () => {
    const matrix = compileMatrix(matrixDoc([]), 'v1');

    expect([matrix.teamByGroupId(2001)?.id, matrix.teamByGroupId(9999)]).toEqual(['msp-noc', undefined]);
  });

  it('looks up teams, SLA policies and calendars by id', () => {
    const matrix = compileMatrix(matrixDoc([]), 'v1');

    expect([matrix.team('msp-l2')?.name, matrix.policy('p2')?.resolveMinutes, matrix.calendar('always')?.timezone, matrix.team('nobody')]).toEqual(['MSP L2', 480, 'UTC', undefined]);
  });

  it('falls back to the first party\'s coordinator and the first SLA policy by default', () => {
    const matrix = compileMatrix(matrixDoc([]), 'v1');

    expect([matrix.fallbackOwner().id, matrix.fallbackPolicy().id]).toEqual(['service-desk', 'p1']);
  });

  it('falls back to the owner and SLA policy that governance names', () => {
    const governance = { coordinators: { internal: 'service-desk', msp: 'msp-noc' }, fallbackOwner: 'msp-l2', fallbackSla: 'p2' };
    const matrix = compileMatrix(matrixDoc([], { governance }), 'v1');

    expect([matrix.fallbackOwner().id, matrix.fallbackPolicy().id]).toEqual(['msp-l2', 'p2']);
  });

  it('lists coordinator teams once each, in party order', () => {
    const governance = { coordinators: { msp: 'msp-noc', internal: 'service-desk' } };
    const shared = { coordinators: { msp: 'service-desk', internal: 'service-desk' } };

    expect([
      compileMatrix(matrixDoc([], { governance }), 'v1').coordinatorTeams().map((t) => t.id),
      compileMatrix(matrixDoc([], { governance: shared }), 'v1').coordinatorTeams().map((t) => t.id),
    ]).toEqual([['service-desk', 'msp-noc'], ['service-desk']]);
  });
});
