/** The domain's error family: one base, a few kinds; the HTTP layer maps `code` to a status in one place. */

/** One bad input field, named by its dotted path, with a message a person can act on. */
export interface FieldIssue {
  path: string;
  message: string;
}

export type ErrorCode = 'validation' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable';

/** Base of every error the domain raises on purpose; anything else is a bug. */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string, readonly context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The input is wrong; `fields` says where and how.
 * @example throw new ValidationError('Invalid handoff', [{ path: 'diagnosis', message: 'Current diagnosis is required' }])
 */
export class ValidationError extends DomainError {
  readonly code = 'validation' as const;
  constructor(message: string, readonly fields: FieldIssue[] = [], context: Record<string, unknown> = {}) {
    super(message, context);
  }
}

/** The actor may not do this (e.g. not a member of the team that must act). */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden' as const;
}

/** The thing does not exist — or belongs to another tenant, which must look the same. */
export class NotFoundError extends DomainError {
  readonly code = 'not_found' as const;
}

/** The request clashes with the current state (a pending handoff, a lost race, a closed escalation). */
export class ConflictError extends DomainError {
  readonly code = 'conflict' as const;
}

/** A dependency (the store) failed; nothing was written, and the client may retry. */
export class UnavailableError extends DomainError {
  readonly code = 'unavailable' as const;
}

/**
 * An item read back from the store is not in the shape the store writes (corrupted, or written by
 * something else). It is named by its key and the failing field, never by its content: the content
 * may be anyone's free text. Nothing was changed; the request fails until the item is repaired.
 * @example throw new CorruptItemError({ pk: 'T#acme#E#4521', sk: 'C#0000000002' }, 'events.0.event.at', 'Invalid ISO datetime')
 */
export class CorruptItemError extends DomainError {
  readonly code = 'unavailable' as const;
  constructor(
    readonly key: { pk: string; sk: string },
    readonly field: string,
    problem: string,
  ) {
    super(`Stored item ${key.pk} ${key.sk} is unreadable at ${field}: ${problem}`, { ...key, field });
  }
}
