/** How the tenant commands print: aligned tables, secrets shown once, and what a person must know about them. */
import type { ApiKey } from '../../shared/ports.js';

/** Said under the secrets a command prints: nothing keeps them but the reader. */
export const shownOnce = (count: number) =>
  count === 1
    ? 'This secret is shown once: Baton stores only its hash, so it cannot be shown again. Put it where it is needed now.'
    : 'These secrets are shown once: Baton stores only their hashes, so they cannot be shown again. Put them where they are needed now.';

/** The API remembers each key lookup for 60 s (lambdas/http/auth.ts), in every running function: a key stopped now is refused within a minute. */
export const lookupCacheNote = (what: 'it' | 'them', when: 'now' | 'after') =>
  `${when === 'after' ? 'After that, the' : 'The'} API may still accept ${what} for up to a minute more: each function remembers a key it has looked up for 60 s.`;

/**
 * Rows as aligned columns (two spaces apart, the last one not padded).
 * @example textTable([['id', 'scope'], ['key_1a2b3c4d', 'tenant']]) // ['id            scope', 'key_1a2b3c4d  tenant']
 */
export function textTable(rows: string[][], indent = ''): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `${indent}${row.map((cell, column) => (column < row.length - 1 ? cell.padEnd(widths[column]!) : cell)).join('  ')}`.trimEnd());
}

/** A key in words: `key_1a2b3c4d (scope party:msp, "MSP PSA integration")`. */
export const describeKey = (key: Pick<ApiKey, 'id' | 'scope' | 'label'>) => `${key.id} (scope ${key.scope}, "${key.label}")`;

/** A new secret with its id: the id on one line, the secret indented alone on the next (easy to copy), then the warning. */
export const secretLines = (what: string, key: Pick<ApiKey, 'id' | 'scope' | 'label'>, secret: string) => [`${what} ${describeKey(key)}:`, `    ${secret}`];
