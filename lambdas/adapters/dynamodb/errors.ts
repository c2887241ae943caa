/** Maps DynamoDB failures onto the domain's errors in one place. */
import { ConflictError, DomainError, UnavailableError } from '../../../shared/errors.js';

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * Runs a store call: a failed condition becomes ConflictError (or `onCondition`'s value), any other
 * store failure UnavailableError, so the API answers 409 or 503 and never leaks internals.
 */
export async function storeCall<T>(what: string, run: () => Promise<T>, onCondition?: () => T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (isConditionFailure(error)) {
      if (onCondition) return onCondition();
      throw new ConflictError(`${what}: someone else changed it first`, {}, { cause: error });
    }
    throw new UnavailableError(`The store is unavailable (${what})`, {}, { cause: error });
  }
}
