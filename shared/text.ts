/**
 * Free text as every entry takes it: trimmed, required, bounded, and without control characters.
 * Written with zod's functions and `.check()` only: the app's bundles build it with zod/mini (scripts/app/zod-for-sidebar.ts).
 */
import * as z from 'zod';

/**
 * C0/C1 controls other than tab, line feed and carriage return (invisible, and six bytes each once stored
 * as JSON), and the bidirectional embeddings, overrides and isolates (they reorder what people read).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/**
 * A schema for a required free-text field named `label` of at most `max` characters.
 * @example freeText('Current diagnosis', 3000).parse('  VPN down ') // 'VPN down'
 */
export function freeText(label: string, max: number) {
  return optionalText(label, max).check(z.minLength(1, `${label} is required`));
}

/** The same without the requirement: an empty string passes (callers decide what empty means). */
export function optionalText(label: string, max: number) {
  return z.string({ error: `${label} is required` }).check(
    z.trim(),
    z.maxLength(max, `${label} is at most ${max} characters`),
    z.refine((value) => !CONTROL.test(value), `${label} contains control characters; remove them`),
  );
}
