/** What one matrix document changes against another: rule by rule, and item by item in the other sections. */
import { describeMatch } from './lint.js';
import type { MatrixDocument, Rule } from './schema.js';

/**
 * JSON with object keys sorted, so two documents compare equal whatever order their keys were written in.
 * @example canonical({b: 1, a: [2]}) // '{"a":[2],"b":1}'
 */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The fields of two versions of an item that differ, in the order of the newer one's keys. */
function changedFields(before: object, after: object): string[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => canonical(a[key]) !== canonical(b[key]));
}

export type Change = 'added' | 'removed' | 'changed';

/**
 * One rule added, removed or changed. Rules are paired by id, or by what they match when they have none.
 * @example {change: 'changed', rule: 'network-major', before: {index: 0, rule}, after: {index: 0, rule}, fields: ['owner']}
 */
export interface RuleChange {
  change: Change;
  /** The rule's id, or its match ("network/[1, 2]") when it has none. */
  rule: string;
  before?: { index: number; rule: Rule };
  after?: { index: number; rule: Rule };
  /** What differs (match, owner, sla, runbook); empty when added or removed. */
  fields: string[];
}

/** One party, team, calendar, SLA policy, incident type, impact tier or governance setting added, removed or changed. */
export interface SectionChange {
  section: 'parties' | 'teams' | 'calendars' | 'slaPolicies' | 'incidentTypes' | 'impactTiers' | 'governance';
  change: Change;
  /** The item's id; the value for incident types and tiers; the setting for governance ("approvers", "coordinators.msp"). */
  id: string;
  fields: string[];
}

export interface MatrixDiff {
  rules: RuleChange[];
  sections: SectionChange[];
}

/**
 * Each rule under a key that pairs it with its other version; a repeated key gets its occurrence number.
 * @example keyedRules(doc).get('network-major') // {index: 0, rule: {id: 'network-major', …}}
 */
export function keyedRules(doc: Pick<MatrixDocument, 'rules'>): Map<string, { index: number; rule: Rule }> {
  const keyed = new Map<string, { index: number; rule: Rule }>();
  doc.rules.forEach((rule, index) => {
    const base = rule.id ?? describeMatch(rule);
    let key = base;
    for (let n = 2; keyed.has(key); n++) key = `${base} (${n})`;
    keyed.set(key, { index, rule });
  });
  return keyed;
}

function pair<T>(before: Map<string, T>, after: Map<string, T>, fields: (b: T, a: T) => string[]): Array<{ key: string; change: Change; before?: T; after?: T; fields: string[] }> {
  const out: Array<{ key: string; change: Change; before?: T; after?: T; fields: string[] }> = [];
  for (const [key, a] of after) {
    const b = before.get(key);
    if (b === undefined) out.push({ key, change: 'added', after: a, fields: [] });
    else {
      const changed = fields(b, a);
      if (changed.length > 0) out.push({ key, change: 'changed', before: b, after: a, fields: changed });
    }
  }
  for (const [key, b] of before) if (!after.has(key)) out.push({ key, change: 'removed', before: b, fields: [] });
  return out;
}

/**
 * The rules a proposal adds, removes or changes (a rule only moved in the list is not a change), newer order first.
 * @example diffRules(active, proposed) // [{change: 'changed', rule: 'network-minor', fields: ['runbook'], …}]
 */
export function diffRules(before: MatrixDocument, after: MatrixDocument): RuleChange[] {
  return pair(keyedRules(before), keyedRules(after), (b, a) => changedFields(b.rule, a.rule)).map((p) => ({
    change: p.change,
    rule: p.key,
    ...(p.before ? { before: p.before } : {}),
    ...(p.after ? { after: p.after } : {}),
    fields: p.fields,
  }));
}

const byId = <T extends { id: string }>(items: readonly T[]) => new Map(items.map((item) => [item.id, item]));
const values = (items: readonly (string | number)[]) => new Map(items.map((v) => [String(v), v]));

/**
 * Everything but the rules that a proposal adds, removes or changes.
 * @example diffSections(active, proposed) // [{section: 'slaPolicies', change: 'changed', id: 'p1', fields: ['resolveMinutes']}]
 */
export function diffSections(before: MatrixDocument, after: MatrixDocument): SectionChange[] {
  const out: SectionChange[] = [];
  const add = (section: SectionChange['section'], pairs: ReturnType<typeof pair>) => {
    for (const p of pairs) out.push({ section, change: p.change, id: p.key, fields: p.fields });
  };
  add('parties', pair(byId(before.parties), byId(after.parties), changedFields));
  add('teams', pair(byId(before.teams), byId(after.teams), changedFields));
  add('calendars', pair(byId(before.calendars), byId(after.calendars), changedFields));
  add('slaPolicies', pair(byId(before.slaPolicies), byId(after.slaPolicies), changedFields));
  add('incidentTypes', pair(values(before.incidentTypes), values(after.incidentTypes), () => []));
  add('impactTiers', pair(values(before.impactTiers), values(after.impactTiers), () => []));
  const settings = (doc: MatrixDocument) => {
    const { coordinators, ...rest } = doc.governance;
    return new Map<string, unknown>([
      ...Object.entries(coordinators).map(([party, team]): [string, unknown] => [`coordinators.${party}`, team]),
      ...Object.entries(rest).filter(([, v]) => v !== undefined),
    ]);
  };
  // A setting is one value: it changed or it did not, with no fields of its own to name.
  for (const p of pair(settings(before), settings(after), (b, a) => (canonical(b) === canonical(a) ? [] : ['value']))) {
    out.push({ section: 'governance', change: p.change, id: p.key, fields: [] });
  }
  return out;
}

/**
 * The whole difference, as a proposal shows it.
 * @example diffMatrices(active.document, proposal.document).rules.length // rules added, removed or changed
 */
export function diffMatrices(before: MatrixDocument, after: MatrixDocument): MatrixDiff {
  return { rules: diffRules(before, after), sections: diffSections(before, after) };
}
