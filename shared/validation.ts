/** Turns zod failures into the domain's ValidationError with one message per bad field. */
import type * as z from 'zod';
import { ValidationError, type FieldIssue } from './errors.js';

/** Flattens zod issues into `{path, message}` pairs; the root is named `body`. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : 'body',
    message: issue.message,
  }));
}

/**
 * Parses `input` with `schema` or throws a ValidationError naming every bad field.
 * @example const body = parseOrThrow(openEscalationBody, json, 'The request has invalid fields');
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, message = 'Invalid input'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(message, fieldIssues(result.error));
  return result.data;
}
