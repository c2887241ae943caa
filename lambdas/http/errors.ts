/** The one place errors become HTTP answers: `{"error": {"code", "message", "fields"?}}`. */
import * as z from 'zod';
import { DomainError, ValidationError, type FieldIssue } from '../../shared/errors.js';
import type { Log } from '../app/log.js';
import { describeError } from '../app/log.js';

export type HttpErrorCode = 'unauthorized' | 'payload_too_large' | 'unsupported_media_type' | 'validation' | 'not_found' | 'method_not_allowed';

/** Every error code the API answers with, and its status: the one list (the OpenAPI document shows it too). */
export const ERROR_STATUS = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The body of every error answer. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      fields: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('One entry per bad field (validation errors)'),
    }),
  })
  .meta({ id: 'Error' });

/** A transport-level refusal (auth, size, media type) raised before the domain is asked. */
export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly fields?: FieldIssue[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

function errorBody(code: ErrorCode, message: string, fields?: FieldIssue[]) {
  return json(ERROR_STATUS[code], { error: { code, message, ...(fields && fields.length > 0 ? { fields } : {}) } });
}

/**
 * Maps any thrown value to an answer; anything unexpected is a 500 that says nothing of the internals.
 * @example catch (error) { return errorResponse(error, log); }
 */
export function errorResponse(error: unknown, log: Log): HttpResponse {
  if (error instanceof HttpError) return errorBody(error.code, error.message, error.fields);
  if (error instanceof ValidationError) return errorBody('validation', error.message, error.fields);
  if (error instanceof DomainError) {
    if (error.code === 'unavailable') log.error('store unavailable', describeError(error));
    return errorBody(error.code, error.code === 'unavailable' ? 'The service is briefly unavailable; nothing was changed. Try again.' : error.message);
  }
  log.error('unhandled error', describeError(error));
  return errorBody('internal', 'Something went wrong on our side; nothing was changed.');
}
