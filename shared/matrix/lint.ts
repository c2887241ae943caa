/** Lints a matrix document (bad references, duplicate ids, gaps, conflicts, unused parts) and holds the rule analysis compileMatrix shares. */
import { lintGovernance } from './lint-governance.js';
import type { MatrixDocument, Rule } from './schema.js';

// ── Rule analysis, shared with compileMatrix so the linter and the runtime can never disagree ──

/** A rule that matches, with its position in `rules` (0-based, as in finding paths) and its specificity. */
export type MatchedRule = { rule: Rule; index: number; specificity: number };

const score = (value: unknown) => (value === '*' ? 0 : Array.isArray(value) ? 1 : 2);
const hits = <T>(value: T | T[] | '*', x: T) => value === '*' || (Array.isArray(value) ? value.includes(x) : value === x);

/**
 * Per dimension a single value scores 2, a list 1, "*" 0; the rule's specificity is the sum.
 * @example ruleSpecificity({match: {incidentType: 'network', impactTier: [1, 2]}, ...}) // 3
 */
export function ruleSpecificity(rule: Rule): number {
  return score(rule.match.incidentType) + score(rule.match.impactTier);
}

/**
 * Whether `rule` matches the combination (exact, case-sensitive values).
 * @example ruleMatches({match: {incidentType: '*', impactTier: [1, 2]}, ...}, 'server', 2) // true
 */
export function ruleMatches(rule: Rule, incidentType: string, impactTier: number): boolean {
  return hits(rule.match.incidentType, incidentType) && hits(rule.match.impactTier, impactTier);
}

/**
 * Every rule of the document with its index and specificity, in file order.
 * @example matchedRules(doc)[3] // {rule: doc.rules[3], index: 3, specificity: 4}
 */
export function matchedRules(doc: MatrixDocument): MatchedRule[] {
  return doc.rules.map((rule, index) => ({ rule, index, specificity: ruleSpecificity(rule) }));
}

/**
 * The matching rules that share the top specificity, in file order; empty when none matches.
 * @example topOf([{index: 0, specificity: 2, …}, {index: 4, specificity: 3, …}]) // [the one with index 4]
 */
export function topOf(matching: readonly MatchedRule[]): MatchedRule[] {
  let best = -1;
  for (const m of matching) if (m.specificity > best) best = m.specificity;
  return matching.filter((m) => m.specificity === best);
}

/**
 * Whether the top rules agree on owner and SLA, so that the first of them decides (false for none).
 * @example rulesAgree(topOf(matching)) ? topOf(matching)[0] : 'conflict'
 */
export function rulesAgree(top: readonly MatchedRule[]): boolean {
  const [first, ...rest] = top;
  return first !== undefined && rest.every((m) => m.rule.owner === first.rule.owner && m.rule.sla === first.rule.sla);
}

/**
 * One declared incidentType × impactTier with the rules that match it and those at the top.
 * @example {incidentType: 'network', impactTier: 1, matching: [r0, r2], top: [r2]}
 */
export interface Combination {
  incidentType: string;
  impactTier: number;
  matching: MatchedRule[];
  top: MatchedRule[];
}

/**
 * The key of a combination in a decision table.
 * @example comboKey('network', 1) // 'network\u00001'
 */
export const comboKey = (incidentType: string, impactTier: number): string => `${incidentType}\u0000${impactTier}`;

/**
 * Every declared combination (duplicates ignored), type-major, resolved against `matched`.
 * Rules are filtered once per incident type, so 1,000 rules × 1,000 combinations stays cheap.
 * @example resolveDeclared(doc, matchedRules(doc)).filter((c) => c.top.length === 0) // the gaps
 */
export function resolveDeclared(doc: MatrixDocument, matched: readonly MatchedRule[]): Combination[] {
  const tiers = [...new Set(doc.impactTiers)];
  return [...new Set(doc.incidentTypes)].flatMap((incidentType) => {
    const candidates = matched.filter((m) => hits(m.rule.match.incidentType, incidentType));
    return tiers.map((impactTier) => {
      const matching = candidates.filter((m) => hits(m.rule.match.impactTier, impactTier));
      return { incidentType, impactTier, matching, top: topOf(matching) };
    });
  });
}

/**
 * How messages name a rule; the index is the one in finding paths (`rules.3`).
 * @example ruleLabel(doc.rules[3], 3) // 'Rule 3 ("net-core")', or 'Rule 3' without an id
 */
export function ruleLabel(rule: Rule, index: number): string {
  return rule.id ? `Rule ${index} ("${rule.id}")` : `Rule ${index}`;
}

/**
 * What a rule matches, as incidentType/impactTier.
 * @example describeMatch({match: {incidentType: 'network', impactTier: [1, 2]}, ...}) // 'network/[1, 2]'
 */
export function describeMatch(rule: Rule): string {
  const show = (v: unknown) => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
  return `${show(rule.match.incidentType)}/${show(rule.match.impactTier)}`;
}

// ── Findings ──

/** What kind of problem a finding is; `schema` comes from parseMatrixText (YAML syntax and shape). */
export type LintCode = 'gap' | 'conflict' | 'unknown-reference' | 'duplicate-id' | 'unused' | 'schema' | 'unknown-value' | 'governance';

/**
 * What a finding means for activation:
 * - `error`: the matrix cannot be evaluated (schema, unknown or duplicate references, unknown match values); it is refused.
 * - `risk`: it activates, but some combinations have no single owner (gaps, conflicts); at run time those
 *   escalations go to the fallback owner and record an `ownership.ambiguous` incident. `matrix:lint` fails on them.
 * - `warning`: advice (unused parts, shadowed rules).
 * @example findings.filter((f) => f.severity === 'error').length === 0 // the matrix can be activated
 */
export type LintSeverity = 'error' | 'risk' | 'warning';

/**
 * One problem in a matrix document; `path` names the field.
 * @example {severity: 'error', code: 'unknown-reference', path: ['rules', 3, 'owner'], message: 'Rule 3 sends network/1 to team "msp-noc2", …'}
 */
export interface LintFinding {
  severity: LintSeverity;
  code: LintCode;
  message: string;
  path: (string | number)[];
}

type Path = LintFinding['path'];
const error = (code: LintCode, path: Path, message: string): LintFinding => ({ severity: 'error', code, message, path });
const risk = (code: LintCode, path: Path, message: string): LintFinding => ({ severity: 'risk', code, message, path });
const warning = (code: LintCode, path: Path, message: string): LintFinding => ({ severity: 'warning', code, message, path });

/** `"x", which is not declared in teams (a, b, c)` — names what the editor can pick instead. */
function undeclared(value: string | number, collection: string, declared: Iterable<string | number>): string {
  const all = [...declared].map(String);
  const shown = all.length === 0 ? 'none is declared' : all.length > 8 ? `${all.slice(0, 8).join(', ')}, …` : all.join(', ');
  return `${typeof value === 'string' ? `"${value}"` : value}, which is not declared in ${collection} (${shown})`;
}

function duplicateIds(doc: MatrixDocument): LintFinding[] {
  const findings: LintFinding[] = [];
  const check = (collection: string, label: string, values: (string | number | undefined)[], field: string | null) => {
    const seen = new Map<string | number, number>();
    values.forEach((value, i) => {
      if (value === undefined) return;
      const first = seen.get(value);
      if (first === undefined) return void seen.set(value, i);
      const shown = typeof value === 'string' ? `"${value}"` : value;
      findings.push(error('duplicate-id', field === null ? [collection, i] : [collection, i, field],
        `${label} ${shown} appears twice in ${collection} (items ${first} and ${i}); each must be unique.`));
    });
  };
  check('parties', 'Party id', doc.parties.map((p) => p.id), 'id');
  check('teams', 'Team id', doc.teams.map((t) => t.id), 'id');
  check('teams', 'Freshservice group', doc.teams.map((t) => t.freshserviceGroupId), 'freshserviceGroupId');
  check('calendars', 'Calendar id', doc.calendars.map((c) => c.id), 'id');
  check('slaPolicies', 'SLA policy id', doc.slaPolicies.map((p) => p.id), 'id');
  check('rules', 'Rule id', doc.rules.map((r) => r.id), 'id');
  check('incidentTypes', 'Incident type', doc.incidentTypes, null);
  check('impactTiers', 'Impact tier', doc.impactTiers, null);
  return findings;
}

function unknownReferences(doc: MatrixDocument): LintFinding[] {
  const findings: LintFinding[] = [];
  const parties = new Set(doc.parties.map((p) => p.id));
  const teams = new Set(doc.teams.map((t) => t.id));
  const calendars = new Set(doc.calendars.map((c) => c.id));
  const policies = new Set(doc.slaPolicies.map((p) => p.id));
  const ref = (ok: boolean, path: Path, message: string) => {
    if (!ok) findings.push(error('unknown-reference', path, message));
  };
  doc.teams.forEach((t, i) => {
    ref(parties.has(t.party), ['teams', i, 'party'], `Team "${t.id}" belongs to party ${undeclared(t.party, 'parties', parties)}.`);
    ref(calendars.has(t.calendar), ['teams', i, 'calendar'], `Team "${t.id}" works on calendar ${undeclared(t.calendar, 'calendars', calendars)}.`);
  });
  doc.slaPolicies.forEach((p, i) => {
    ref(calendars.has(p.calendar), ['slaPolicies', i, 'calendar'], `SLA policy "${p.id}" counts time on calendar ${undeclared(p.calendar, 'calendars', calendars)}.`);
  });
  doc.rules.forEach((r, i) => {
    const what = `${ruleLabel(r, i)} sends ${describeMatch(r)}`;
    ref(teams.has(r.owner), ['rules', i, 'owner'], `${what} to team ${undeclared(r.owner, 'teams', teams)}.`);
    ref(policies.has(r.sla), ['rules', i, 'sla'], `${what} with SLA policy ${undeclared(r.sla, 'slaPolicies', policies)}.`);
  });
  const g = doc.governance;
  for (const [party, team] of Object.entries(g.coordinators)) {
    const path = ['governance', 'coordinators', party];
    ref(parties.has(party), path, `governance.coordinators names party ${undeclared(party, 'parties', parties)}.`);
    ref(teams.has(team), path, `The coordinator of party "${party}" is team ${undeclared(team, 'teams', teams)}.`);
  }
  g.approvers.forEach((a, i) => {
    if (a.party !== undefined) ref(parties.has(a.party), ['governance', 'approvers', i, 'party'], `Approver "${a.id}" belongs to party ${undeclared(a.party, 'parties', parties)}.`);
  });
  if (g.fallbackOwner !== undefined) {
    ref(teams.has(g.fallbackOwner), ['governance', 'fallbackOwner'], `The fallback owner is team ${undeclared(g.fallbackOwner, 'teams', teams)}.`);
  } else {
    const first = doc.parties[0]?.id ?? '';
    ref(Object.hasOwn(g.coordinators, first), ['governance', 'coordinators'],
      `No fallback owner: governance.fallbackOwner is not set and the first party "${first}" has no coordinator; add one of them so unmatched incidents have an owner.`);
  }
  if (g.fallbackSla !== undefined) {
    ref(policies.has(g.fallbackSla), ['governance', 'fallbackSla'], `The fallback SLA is policy ${undeclared(g.fallbackSla, 'slaPolicies', policies)}.`);
  }
  return findings;
}

function unknownValues(doc: MatrixDocument): LintFinding[] {
  const findings: LintFinding[] = [];
  const types = new Set(doc.incidentTypes);
  const tiers = new Set(doc.impactTiers);
  doc.rules.forEach((r, i) => {
    const { incidentType, impactTier } = r.match;
    const check = <T extends string | number>(value: T | '*' | T[], declared: Set<T>, field: string, noun: string, collection: string) => {
      if (value === '*') return;
      const listed: [T, Path][] = Array.isArray(value)
        ? value.map((v, j) => [v, ['rules', i, 'match', field, j]])
        : [[value, ['rules', i, 'match', field]]];
      for (const [v, path] of listed) {
        if (!declared.has(v)) findings.push(error('unknown-value', path, `${ruleLabel(r, i)} matches ${noun} ${undeclared(v, collection, declared)}.`));
      }
    };
    check(incidentType, types, 'incidentType', 'incident type', 'incidentTypes');
    check(impactTier, tiers, 'impactTier', 'impact tier', 'impactTiers');
  });
  return [...findings, ...unknownMappedValues(doc, types, tiers)];
}

/** The ticket mapping may only prefill values the matrix declares: anything else could not be opened as shown. */
function unknownMappedValues(doc: MatrixDocument, types: Set<string>, tiers: Set<number>): LintFinding[] {
  const mapping = doc.ticketMapping;
  if (!mapping) return [];
  const findings: LintFinding[] = [];
  const tierMaps = [['impactToTier', 'impact', mapping.impactToTier], ['priorityToTier', 'priority', mapping.priorityToTier]] as const;
  for (const [field, noun, map] of tierMaps) {
    for (const [level, tier] of Object.entries(map ?? {})) {
      if (!tiers.has(tier)) findings.push(error('unknown-value', ['ticketMapping', field, level], `ticketMapping.${field} maps Freshservice ${noun} ${level} to impact tier ${undeclared(tier, 'impactTiers', tiers)}.`));
    }
  }
  for (const [category, type] of Object.entries(mapping.categoryToIncidentType ?? {})) {
    if (!types.has(type)) {
      findings.push(error('unknown-value', ['ticketMapping', 'categoryToIncidentType', category], `ticketMapping.categoryToIncidentType maps category "${category}" to incident type ${undeclared(type, 'incidentTypes', types)}.`));
    }
  }
  return findings;
}

/**
 * The findings that make a document unusable at runtime (all errors): duplicate ids, unknown references
 * and match values. `compileMatrix` refuses a document with any of them; gaps and conflicts (risks) only fall back.
 * @example lintReferences(doc).map((f) => f.path.join('.')) // ['rules.3.owner']
 */
export function lintReferences(doc: MatrixDocument): LintFinding[] {
  return [...duplicateIds(doc), ...unknownReferences(doc), ...unknownValues(doc)];
}

const andList = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

function coverage(doc: MatrixDocument): LintFinding[] {
  const findings: LintFinding[] = [];
  const matched = matchedRules(doc);
  const conflicts = new Map<string, { top: MatchedRule[]; combos: string[] }>();
  const decides = new Set<number>();
  const beatenBy = matched.map(() => new Set<number>());
  for (const { incidentType, impactTier, matching, top } of resolveDeclared(doc, matched)) {
    if (top.length === 0) {
      findings.push(risk('gap', ['rules'],
        `No rule covers incident type "${incidentType}" at impact tier ${impactTier}; add a rule for ${incidentType}/${impactTier} or a catch-all rule (incidentType "*", impactTier "*").`));
      continue;
    }
    const deciders = rulesAgree(top) ? top.slice(0, 1) : top;
    for (const d of deciders) decides.add(d.index);
    for (const m of matching) {
      if (!deciders.includes(m)) for (const d of deciders) beatenBy[m.index]?.add(d.index);
    }
    if (deciders.length > 1) {
      const id = top.map((m) => m.index).join(',');
      const group = conflicts.get(id) ?? { top, combos: [] };
      group.combos.push(`${incidentType}/${impactTier}`);
      conflicts.set(id, group);
    }
  }
  for (const { top, combos } of conflicts.values()) {
    const last = top[top.length - 1] as MatchedRule;
    const shown = combos.length > 6 ? `${combos.slice(0, 6).join(', ')} and ${combos.length - 6} more` : combos.join(', ');
    const who = top.map((m) => `${ruleLabel(m.rule, m.index)} → team "${m.rule.owner}", SLA "${m.rule.sla}"`).join('; ');
    findings.push(risk('conflict', ['rules', last.index],
      `Rules ${andList(top.map((m) => String(m.index)))} ${top.length === 2 ? 'both' : 'all'} match ${shown} with the same specificity (${last.specificity}) but disagree: ${who}. Make one of them more specific, or give them the same owner and SLA.`));
  }
  matched.forEach((m, i) => {
    const beaten = beatenBy[i];
    if (decides.has(i) || !beaten || beaten.size === 0) return;
    const by = andList([...beaten].sort((a, b) => a - b).map((j) => `rule ${j}`));
    findings.push(warning('unused', ['rules', i],
      `${ruleLabel(m.rule, i)} (${describeMatch(m.rule)}) never decides an incident: everything it matches goes to ${by} (more specific, or earlier with the same owner and SLA). Remove it or narrow the others.`));
  });
  return findings;
}

function unused(doc: MatrixDocument): LintFinding[] {
  const g = doc.governance;
  const approverTeams = g.approvers.flatMap((a) => (a.team === undefined ? [] : [a.team]));
  const teams = new Set([...doc.rules.map((r) => r.owner), ...Object.values(g.coordinators), ...(g.fallbackOwner ? [g.fallbackOwner] : []), ...approverTeams]);
  const policies = new Set([...doc.rules.map((r) => r.sla), g.fallbackSla ?? doc.slaPolicies[0]?.id]);
  const calendars = new Set([...doc.teams.map((t) => t.calendar), ...doc.slaPolicies.map((p) => p.calendar)]);
  const findings: LintFinding[] = [];
  doc.teams.forEach((t, i) => {
    if (!teams.has(t.id)) findings.push(warning('unused', ['teams', i, 'id'], `Team "${t.id}" owns no rule and is neither a coordinator, an approver team nor the fallback owner; route something to it or remove it.`));
  });
  doc.slaPolicies.forEach((p, i) => {
    if (!policies.has(p.id)) findings.push(warning('unused', ['slaPolicies', i, 'id'], `SLA policy "${p.id}" is used by no rule and is not the fallback SLA; use it or remove it.`));
  });
  doc.calendars.forEach((c, i) => {
    if (!calendars.has(c.id)) findings.push(warning('unused', ['calendars', i, 'id'], `Calendar "${c.id}" is used by no team and no SLA policy; use it or remove it.`));
  });
  return findings;
}

/**
 * Every problem in a matrix document, errors first by kind, each with the path of the field to fix.
 * Errors (block activation): duplicate ids, unknown references and match values, approvers whose approval
 * would not count for exactly one party (lint-governance.ts). Risks (activate; the fallback owner decides
 * and an `ownership.ambiguous` incident is recorded): gaps, conflicts. Warnings (advice): unused teams,
 * policies and calendars, rules that never decide anything (shadowed), a person approver in no team.
 * @example lintMatrix(doc).filter((f) => f.severity === 'error') // [] for a matrix that can be activated
 */
export function lintMatrix(doc: MatrixDocument): LintFinding[] {
  const governance = lintGovernance(doc);
  return [...lintReferences(doc), ...governance.filter((f) => f.severity === 'error'), ...coverage(doc), ...unused(doc), ...governance.filter((f) => f.severity !== 'error')];
}
