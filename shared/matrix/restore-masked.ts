/**
 * Masked secrets in a proposed matrix given back their real values. GET /v1/matrix shows URL secrets as
 * `•••`, so a proposal built from it carries the mask; activating it would send notifications to `•••`.
 */
import { ValidationError, type FieldIssue } from '../errors.js';
import { keyedRules } from './diff.js';
import { MASK, redactUrl } from './redact.js';
import type { MatrixDocument, Rule } from './schema.js';

type Json = unknown;
type Path = ReadonlyArray<string | number>;

/** The base's item that pairs with each proposed array item: rules as the diff pairs them, items with an id by id, the rest by place. */
function counterparts(path: Path, proposed: Json[], base: Json): Array<Json | undefined> {
  if (!Array.isArray(base)) return proposed.map(() => undefined);
  if (path.length === 1 && path[0] === 'rules') {
    const before = keyedRules({ rules: base as Rule[] });
    const keys = new Map([...keyedRules({ rules: proposed as Rule[] })].map(([key, { index }]) => [index, key]));
    return proposed.map((_, i) => before.get(keys.get(i) ?? '')?.rule);
  }
  const withId = (items: Json[]) => items.every((item) => item !== null && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string');
  if (withId(proposed) && withId(base)) {
    const byId = new Map(base.map((item) => [(item as { id: string }).id, item]));
    return proposed.map((item) => byId.get((item as { id: string }).id));
  }
  return proposed.map((_, i) => base[i]);
}

/** The field in words, for its message: "The teams channel of team msp-noc", "The runbook of rule network-major". */
function fieldName(path: Path, doc: MatrixDocument): string {
  const [section, index, field, sub] = path;
  if (section === 'teams' && typeof index === 'number' && field === 'channels') return `The ${String(sub)} channel of team ${doc.teams[index]?.id ?? index}`;
  if (section === 'rules' && typeof index === 'number' && field === 'runbook') return `The runbook of rule ${doc.rules[index]?.id ?? index}`;
  return `matrix.${path.join('.')}`;
}

/**
 * The proposed document with every masked string replaced by the base's value at the same place (the same
 * team, rule or item), when the base's value masks to exactly that string. A masked string with no such
 * counterpart is a field issue: the real value cannot be guessed. The issues never hold a real value.
 * @throws ValidationError naming each masked field under `matrix` that has no value to keep
 * @example restoreMasked(proposed, active.document).teams[1].channels.teams // 'https://…&sig=<the real signature>'
 */
export function restoreMasked(proposed: MatrixDocument, base: MatrixDocument): MatrixDocument {
  const issues: FieldIssue[] = [];
  const walk = (value: Json, counterpart: Json, path: Path): Json => {
    if (typeof value === 'string') {
      if (!value.includes(MASK)) return value;
      if (typeof counterpart === 'string' && redactUrl(counterpart) === value) return counterpart;
      const differs = typeof counterpart === 'string' && redactUrl(counterpart) !== counterpart;
      issues.push({
        path: ['matrix', ...path].join('.'),
        message: differs
          ? `${fieldName(path, proposed)} is masked (${MASK}) and differs from the active value in more than its secret; give the real value`
          : `${fieldName(path, proposed)} is masked (${MASK}) but the active matrix has no value to keep; give the real value`,
      });
      return value;
    }
    if (Array.isArray(value)) {
      const pairs = counterparts(path, value, counterpart);
      return value.map((item, i) => walk(item, pairs[i], [...path, i]));
    }
    if (value !== null && typeof value === 'object') {
      const from = counterpart !== null && typeof counterpart === 'object' && !Array.isArray(counterpart) ? (counterpart as Record<string, Json>) : {};
      return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, walk(v, Object.hasOwn(from, key) ? from[key] : undefined, [...path, key])]));
    }
    return value;
  };
  const restored = walk(proposed, base, []) as MatrixDocument;
  if (issues.length > 0) throw new ValidationError(`The proposed matrix holds ${issues.length} masked value(s) Baton cannot restore; nothing was stored`, issues);
  return restored;
}
