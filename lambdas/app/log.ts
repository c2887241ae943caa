/** The one logger shape the application uses; Powertools' Logger satisfies it, tests may pass a silent one. */
export interface Log {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export const silentLog: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Error details safe to log: name and message, never request bodies or secrets. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  return { error: error.name, message: error.message, ...(error.cause instanceof Error ? { cause: `${error.cause.name}: ${error.cause.message}` } : {}) };
}
