/** Request bodies a route must refuse: anything at all, right keys with wrong values, one field broken, raw text. */
import fc from 'fast-check';
import type * as z from 'zod';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
type Path = Array<string | number>;

/** The text the server reads: fetch sends UTF-8, so a lone surrogate in a raw body arrives as U+FFFD. */
export const onTheWire = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

/**
 * Whether the route's own schema would accept this body text, exactly as the server parses it.
 * @example acceptedBy(pauseBody, '{"actor":{"id":"a"},"reason":"r"}') // true
 */
export function acceptedBy(schema: z.ZodType, text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  return schema.safeParse(value).success;
}

/** JSON.stringify, except that what it cannot encode (undefined, a function) is sent as an empty body. */
const encode = (value: unknown): string => JSON.stringify(value) ?? '';

/** A string of `length` units, some of them past the 64 KB limit once encoded. */
const huge = fc
  .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }), fc.integer({ min: 1_000, max: 70_000 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

/** `{"a":{"a":[…]}}` built without recursion, `depth` levels down. */
const nested = fc.integer({ min: 20, max: 800 }).map((depth) => {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
});

/** A string of the right type but the wrong content: blank, just over a limit, or not the format asked for. */
const badString = fc.oneof(
  fc.constantFrom('', ' ', '\t\n ', '\u00a0\u2028\ufeff', 'not a date', '2026-13-45T99:00:00Z', '2026-11-30 12:00', 'javascript:alert(1)', 'ftp://files.example.com/x', 'https://', 'anna@', 'bad id!', '../../etc/passwd', 'null', '{}'),
  fc.constantFrom(65, 121, 501, 2001, 2049, 4001).map((length) => 'x'.repeat(length)),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** A number of the right type but out of range, fractional or beyond what JSON keeps exactly. */
const badNumber = fc.oneof(fc.constantFrom(0, -1, 1.5, -0.25, 525_601, 1e308, -1e308, 2 ** 53 + 2), fc.double(), fc.integer());

/** Values of the wrong kind (or the right kind but empty, blank, oversized or malformed) for any field, by kind. */
const WRONG_VALUES: Record<string, { weight: number; arbitrary: fc.Arbitrary<unknown> }> = {
  'bad string': { weight: 4, arbitrary: badString },
  'bad number': { weight: 2, arbitrary: badNumber },
  'huge string': { weight: 1, arbitrary: huge },
  'boolean, null or empty': { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}) },
  array: { weight: 1, arbitrary: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }) },
  object: { weight: 1, arbitrary: fc.object({ maxDepth: 2 }) },
  'deep nesting': { weight: 1, arbitrary: nested },
  anything: { weight: 1, arbitrary: fc.anything() },
};

/** A wrong value for any field, and its kind. */
const wrongValue = fc.oneof(...Object.entries(WRONG_VALUES).map(([kind, { weight, arbitrary }]) => ({ weight, arbitrary: arbitrary.map((value) => ({ kind, value })) })));

function pathsOf(value: Json, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((item, i) => pathsOf(item, [...at, i]))];
  if (value !== null && typeof value === 'object') return [at, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...at, key]))];
  return [at];
}

function valueAt(value: Json, path: Path): unknown {
  return path.reduce<unknown>((here, key) => (here as Record<string | number, unknown>)[key], value);
}

const isObject = (value: unknown): boolean => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A copy of `base` with the value at `path` replaced (or removed when `value` is `removed`). */
const removed = Symbol('removed');
function edited(base: Json, path: Path, value: unknown): unknown {
  const copy = structuredClone(base);
  const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
  const key = path[path.length - 1]!;
  if (value !== removed) (parent as Record<string | number, unknown>)[key] = value;
  else if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return copy;
}

const named = (path: Path): string => (path.length === 0 ? '(body)' : path.join('.'));

/**
 * A bad body as sent, and its marks: what was done to make it (`replaced diagnosis`, `wrong value: huge string`,
 * `truncated`, …). The fuzz counts the marks to show that its bodies met every mutation of every field.
 */
export interface BadBody {
  text: string;
  marks: string[];
}

/** A valid body with one thing wrong: a value replaced, a field removed, or a key added at any depth. */
function oneFieldBroken(base: JsonObject): fc.Arbitrary<BadBody> {
  const paths = pathsOf(base).slice(1);
  const objects = pathsOf(base).filter((path) => isObject(valueAt(base, path)));
  const text = JSON.stringify(base);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom(...paths), wrongValue).map(([path, { kind, value }]) => ({ text: encode(edited(base, path, value)), marks: [`replaced ${named(path)}`, `wrong value: ${kind}`] })),
    },
    { weight: 2, arbitrary: fc.constantFrom(...paths).map((path) => ({ text: encode(edited(base, path, removed)), marks: [`removed ${named(path)}`] })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...objects), fc.string({ unit: 'binary', maxLength: 12 }), fc.anything({ maxDepth: 2 }))
        .map(([path, key, value]) => ({ text: encode(edited(base, [...path, key], value)), marks: [`key added in ${named(path)}`] })),
    },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: text.length - 1 }).map((end) => ({ text: text.slice(0, end), marks: ['truncated'] })) },
  );
}

/** The route's keys, each present or not, each holding a wrong value, sometimes with strangers beside them. */
function rightKeysWrongValues(base: JsonObject): fc.Arbitrary<string> {
  const model = Object.fromEntries(Object.keys(base).map((key) => [key, wrongValue.map(({ value }) => value)]));
  return fc
    .tuple(fc.record(model, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 1 }), { maxKeys: 2 }))
    .map(([known, extra]) => encode({ ...extra, ...known }));
}

/** Deep nesting as raw text, far past what a recursive walk would like, closed or not, alone or under a real key. */
const deepText = fc
  .tuple(fc.constantFrom('', '{"actor":', '{"ticketId":'), fc.constantFrom('[', '{"a":'), fc.integer({ min: 100, max: 20_000 }), fc.boolean())
  .map(([prefix, open, depth, closed]) => {
    const close = open === '[' ? ']' : '}';
    return `${prefix}${open.repeat(depth)}1${closed ? close.repeat(depth) : ''}${prefix && closed ? '}' : ''}`;
  });

const WHOLE_BODIES = ['right keys, wrong values', 'any JSON', 'raw text', 'scalar or array', 'deep text'] as const;

/**
 * Bad bodies with their marks: what `schema` refuses, built around the route's valid `bases`.
 * @example fc.assert(fc.asyncProperty(markedBadBodies(pauseBody, [{ actor: { id: 'a' }, reason: 'r' }]), ({ text }) => send(text)))
 */
export function markedBadBodies(schema: z.ZodType, bases: readonly JsonObject[]): fc.Arbitrary<BadBody> {
  const base = fc.constantFrom(...bases);
  const whole = (mark: (typeof WHOLE_BODIES)[number], text: fc.Arbitrary<string>) => text.map((t) => ({ text: t, marks: [mark] }));
  return fc
    .oneof(
      { weight: 6, arbitrary: base.chain(oneFieldBroken) },
      { weight: 3, arbitrary: whole('right keys, wrong values', base.chain(rightKeysWrongValues)) },
      { weight: 2, arbitrary: whole('any JSON', fc.anything().map(encode)) },
      { weight: 1, arbitrary: whole('raw text', fc.string({ unit: 'binary' })) },
      { weight: 1, arbitrary: whole('scalar or array', fc.oneof(fc.double(), fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.anything({ maxDepth: 1 }))).map(encode)) },
      { weight: 1, arbitrary: whole('deep text', deepText) },
    )
    .map(({ text, marks }) => ({ text: onTheWire(text), marks }))
    .filter(({ text }) => !acceptedBy(schema, text));
}

/**
 * Body texts that `schema` refuses, built around the route's valid `bases`.
 * @example fc.assert(fc.asyncProperty(badBodies(pauseBody, [{ actor: { id: 'a' }, reason: 'r' }]), send))
 */
export function badBodies(schema: z.ZodType, bases: readonly JsonObject[]): fc.Arbitrary<string> {
  return markedBadBodies(schema, bases).map(({ text }) => text);
}

/** Plain wrong values, one or two of each kind: whether any of them makes a body bad tells whether a mutation can. */
const PROBES: unknown[] = ['', ' ', 'x'.repeat(4001), 'not a date', -1, 1.5, true, null, [], {}, [1], { a: { a: 1 } }];

/**
 * Every mark `markedBadBodies` can give for these bases: each field replaced and each field removed, and a key added
 * in each object, where that can make a body `schema` refuses (an optional field may go; a loose object takes any
 * key); each kind of wrong value; truncation; each whole-body kind.
 */
export function everyMark(schema: z.ZodType, bases: readonly JsonObject[]): string[] {
  const marks = new Set<string>();
  const refused = (body: unknown) => !acceptedBy(schema, encode(body));
  for (const base of bases) {
    for (const path of pathsOf(base).slice(1)) {
      if (PROBES.some((value) => refused(edited(base, path, value)))) marks.add(`replaced ${named(path)}`);
      if (refused(edited(base, path, removed))) marks.add(`removed ${named(path)}`);
    }
    for (const path of pathsOf(base).filter((p) => isObject(valueAt(base, p)))) {
      if (PROBES.some((value) => refused(edited(base, [...path, 'unexpected'], value)))) marks.add(`key added in ${named(path)}`);
    }
  }
  for (const kind of Object.keys(WRONG_VALUES)) marks.add(`wrong value: ${kind}`);
  return [...marks, 'truncated', ...WHOLE_BODIES];
}
