/** The end of every `switch` over a union (event, command, deadline kinds): a case left out does not compile. */

/**
 * Closes a `switch` whose cases cover the union: there `value` is `never`, so a member added without
 * its case fails to compile at this call. A value the types did not foresee (data written by a newer
 * version) throws here rather than passing for something else; only its tag is named, never its text.
 * @example default: return unreachable(event);
 */
export function unreachable(value: never): never {
  const tag = typeof value === 'object' && value !== null ? ((value as { type?: unknown }).type ?? (value as { kind?: unknown }).kind) : value;
  throw new TypeError(`No case for ${String(tag)}`);
}
