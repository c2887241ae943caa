/** The HTTP request as the routes see it, built from an API Gateway HTTP API (v2) event. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError } from './errors.js';

/** Bodies above this are refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: string | undefined;
}

export function fromApiGateway(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  const raw = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) query[name] = value;
  return { method: event.requestContext.http.method.toUpperCase(), path: event.rawPath, headers, query, body: raw };
}

/**
 * The JSON body of a mutating request: 415 unless it is JSON, 413 when too large, 400 when malformed.
 * @example const body = jsonBody(request); parseOrThrow(schema, body)
 */
export function jsonBody(request: HttpRequest): unknown {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new HttpError('unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json"');
  const body = request.body ?? '';
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw new HttpError('payload_too_large', `The body is larger than ${MAX_BODY_BYTES / 1024} KB`);
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new HttpError('validation', 'The body is not valid JSON', [{ path: 'body', message: 'Malformed JSON' }]);
  }
}
