/** Why an outbound fetch failed, in words safe to log: never the URL (it may hold a secret) or credentials. */

/**
 * @example failureReason(error, 5000) // "no answer within 5000 ms", "ECONNREFUSED", "TypeError"
 */
export function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.name : 'unknown error';
}
