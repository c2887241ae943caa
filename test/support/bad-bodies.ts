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

/** A value of the wrong kind (or the right kind but empty, blank, oversized or malformed) for any field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: badString },
  { weight: 2, arbitrary: badNumber },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}) },
  { weight: 1, arbitrary: fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.object({ maxDepth: 2 }) },
  { weight: 1, arbitrary: nested },
  { weight: 1, arbitrary: fc.anything() },
);

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

/** A valid body with one thing wrong: a value replaced, a field removed, or a key added at any depth. */
function oneFieldBroken(base: JsonObject): fc.Arbitrary<string> {
  const paths = pathsOf(base).slice(1);
  const objects = pathsOf(base).filter((path) => isObject(valueAt(base, path)));
  const text = JSON.stringify(base);
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...paths), wrongValue).map(([path, value]) => encode(edited(base, path, value))) },
    { weight: 2, arbitrary: fc.constantFrom(...paths).map((path) => encode(edited(base, path, removed))) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...objects), fc.string({ unit: 'binary', maxLength: 12 }), fc.anything({ maxDepth: 2 })).map(([path, key, value]) => encode(edited(base, [...path, key], value))) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: text.length - 1 }).map((end) => text.slice(0, end)) },
  );
}

/** The route's keys, each present or not, each holding a wrong value, sometimes with strangers beside them. */
function rightKeysWrongValues(base: JsonObject): fc.Arbitrary<string> {
  const model = Object.fromEntries(Object.keys(base).map((key) => [key, wrongValue]));
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

/**
 * Body texts that `schema` refuses, built around the route's valid `bases`.
 * @example fc.assert(fc.asyncProperty(badBodies(pauseBody, [{ actor: { id: 'a' }, reason: 'r' }]), send))
 */
export function badBodies(schema: z.ZodType, bases: readonly JsonObject[]): fc.Arbitrary<string> {
  const base = fc.constantFrom(...bases);
  return fc
    .oneof(
      { weight: 6, arbitrary: base.chain(oneFieldBroken) },
      { weight: 3, arbitrary: base.chain(rightKeysWrongValues) },
      { weight: 2, arbitrary: fc.anything().map(encode) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
      { weight: 1, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.anything({ maxDepth: 1 }))).map(encode) },
      { weight: 1, arbitrary: deepText },
    )
    .map(onTheWire)
    .filter((text) => !acceptedBy(schema, text));
}
