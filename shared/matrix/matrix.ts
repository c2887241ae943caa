/** The compiled escalation matrix: lookups by id, and a decision precomputed for every declared combination. */
import type { CalendarSpec } from '../calendar/spec.js';
import { ValidationError } from '../errors.js';
import { comboKey, lintReferences, matchedRules, resolveDeclared, ruleMatches, rulesAgree, type MatchedRule } from './lint.js';
import type { MatrixDocument, SlaPolicy, Team } from './schema.js';

export type { MatchedRule } from './lint.js';

/** What the matrix says for one incident type and impact tier. */
export type MatrixDecision =
  | { kind: 'matched'; rule: MatchedRule; owner: Team; policy: SlaPolicy }
  | { kind: 'no-rule' }
  /** Equal top specificity with a different owner or SLA; `rules` are all the top rules, in file order. */
  | { kind: 'conflict'; rules: MatchedRule[] };

/** A matrix version ready to decide: every reference in it resolves. */
export interface Matrix {
  readonly version: string;
  readonly document: MatrixDocument;
  team(id: string): Team | undefined;
  policy(id: string): SlaPolicy | undefined;
  calendar(id: string): CalendarSpec | undefined;
  teamByGroupId(freshserviceGroupId: number): Team | undefined;
  /** governance.coordinators' teams, deduplicated, in party order. */
  coordinatorTeams(): Team[];
  /** governance.fallbackOwner, or the first party's coordinator team. */
  fallbackOwner(): Team;
  /** governance.fallbackSla, or the first SLA policy. */
  fallbackPolicy(): SlaPolicy;
  /**
   * The decision for a combination. Declared combinations come from a table built at compile time;
   * an undeclared type or tier is decided by scanning the rules (so "*" rules still apply to it).
   */
  evaluate(incidentType: string, impactTier: number): MatrixDecision;
}

const NO_RULE: MatrixDecision = Object.freeze({ kind: 'no-rule' });

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Bug: ${what} should have been caught by lintReferences`);
  return value;
}

/**
 * Compiles a parsed document. Refuses (ValidationError) a document with lint errors (duplicate ids,
 * unknown references or match values); its `fields` then list each of them by path (`rules.3.owner`).
 * Risks do not block: a gap evaluates to `no-rule` and a conflict to `conflict`, and the caller gives
 * the escalation to the fallback owner with an `ownership.ambiguous` incident. Warnings are ignored.
 * Compile once per version and reuse the Matrix; do not mutate `doc` afterwards.
 * @example const matrix = compileMatrix(matrixSchema.parse(YAML.parse(text)), 'v7');
 *          matrix.evaluate('network', 1) // {kind: 'matched', owner: {id: 'msp-noc', …}, policy: {id: 'p1', …}, rule}
 */
export function compileMatrix(doc: MatrixDocument, version: string): Matrix {
  const blocking = lintReferences(doc).filter((f) => f.severity === 'error');
  if (blocking.length > 0) {
    const fields = blocking.map((f) => ({ path: f.path.length > 0 ? f.path.join('.') : 'body', message: f.message }));
    throw new ValidationError(`Matrix ${version} has ${blocking.length} bad reference(s) or duplicate id(s)`, fields, { version, blocking: blocking.length });
  }
  const teams = new Map(doc.teams.map((t) => [t.id, t]));
  const policies = new Map(doc.slaPolicies.map((p) => [p.id, p]));
  const calendars = new Map(doc.calendars.map((c) => [c.id, c]));
  const groups = new Map(doc.teams.flatMap((t) => (t.freshserviceGroupId === undefined ? [] : [[t.freshserviceGroupId, t] as const])));
  const { coordinators, fallbackOwner, fallbackSla } = doc.governance;
  const coordinatorOf = (party: string) => (Object.hasOwn(coordinators, party) ? coordinators[party] : undefined);
  const coordinatorTeams = [...new Set(doc.parties.flatMap((p) => teams.get(coordinatorOf(p.id) ?? '') ?? []))];
  const owner = must(teams.get(fallbackOwner ?? coordinatorOf(doc.parties[0]?.id ?? '') ?? ''), 'the fallback owner');
  const policy = must(fallbackSla === undefined ? doc.slaPolicies[0] : policies.get(fallbackSla), 'the fallback SLA');

  const matched = matchedRules(doc);
  // One frozen decision per rule, shared by every combination that rule wins.
  const wins = matched.map((rule): MatrixDecision => Object.freeze({
    kind: 'matched' as const,
    rule: Object.freeze(rule),
    owner: must(teams.get(rule.rule.owner), `team ${rule.rule.owner}`),
    policy: must(policies.get(rule.rule.sla), `policy ${rule.rule.sla}`),
  }));
  const decide = (top: MatchedRule[]): MatrixDecision => {
    const first = top[0];
    if (first === undefined) return NO_RULE;
    if (rulesAgree(top)) return must(wins[first.index], 'a winning rule');
    return Object.freeze({ kind: 'conflict', rules: top });
  };
  // Undeclared values are not cached: callers could grow the table without bound.
  const scan = (incidentType: string, impactTier: number): MatchedRule[] => {
    let top: MatchedRule[] = [];
    for (const m of matched) {
      if (top.length > 0 && m.specificity < (top[0] as MatchedRule).specificity) continue;
      if (!ruleMatches(m.rule, incidentType, impactTier)) continue;
      if (top.length > 0 && m.specificity === (top[0] as MatchedRule).specificity) top.push(m);
      else top = [m];
    }
    return top;
  };
  const table = new Map<string, MatrixDecision>();
  for (const c of resolveDeclared(doc, matched)) table.set(comboKey(c.incidentType, c.impactTier), decide(c.top));

  return {
    version,
    document: doc,
    team: (id) => teams.get(id),
    policy: (id) => policies.get(id),
    calendar: (id) => calendars.get(id),
    teamByGroupId: (groupId) => groups.get(groupId),
    coordinatorTeams: () => [...coordinatorTeams],
    fallbackOwner: () => owner,
    fallbackPolicy: () => policy,
    evaluate: (incidentType, impactTier) => table.get(comboKey(incidentType, impactTier)) ?? decide(scan(incidentType, impactTier)),
  };
}
