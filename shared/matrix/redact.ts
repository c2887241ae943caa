/** Secrets that ride in matrix URLs (a Teams Workflows `sig`, credentials before the host), masked for display. */

export const MASK = '•••';

/**
 * A URL with its credentials and `sig` parameter masked; any other string as it is.
 * @example redactUrl('https://prod.westus.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sig=abc') // '…&sig=•••'
 */
export function redactUrl(value: string): string {
  if (!/^https?:\/\//i.test(value)) return value;
  return value.replace(/^(https?:\/\/)[^/?#@]*@/i, `$1${MASK}@`).replace(/([?&]sig=)[^&#]*/gi, `$1${MASK}`);
}

/**
 * A copy of a JSON document (the matrix as stored) with every URL redacted, for answers to key holders.
 * @example redactDocument({teams: [{channels: {teams: 'https://…?sig=abc'}}]}) // {teams: [{channels: {teams: 'https://…?sig=•••'}}]}
 */
export function redactDocument(document: unknown): unknown {
  if (typeof document === 'string') return redactUrl(document);
  if (Array.isArray(document)) return document.map(redactDocument);
  if (document !== null && typeof document === 'object') {
    return Object.fromEntries(Object.entries(document).map(([key, value]) => [key, redactDocument(value)]));
  }
  return document;
}
