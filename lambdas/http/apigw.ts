/**
 * API Gateway HTTP API (v2) events in and out of the Hono app. The WHATWG Request a general adapter builds,
 * and the stream it reads each answer through, cost about 0.1 ms a request (more than the GET route's own
 * work): the request here is the event's fields behind the few members Hono reads, and an answer made by
 * `textResponse` is read from the text it was made of.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const texts = new WeakMap<Response, string>();
/** Answers whose body is bytes (an XLSX download): API Gateway takes them base64-encoded. */
const binaries = new WeakMap<Response, string>();

/** An answer whose body the adapter can hand on without reading it back. */
export function textResponse(status: number, headers: Record<string, string>, body: string): Response {
  const response = new Response(body, { status, headers });
  texts.set(response, body);
  return response;
}

/** An answer whose body is bytes: handed on base64-encoded, as API Gateway wants a binary body. */
export function binaryResponse(status: number, headers: Record<string, string>, body: Uint8Array): Response {
  const response = new Response(body, { status, headers });
  binaries.set(response, Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64'));
  return response;
}

/** An answer's body as text: as it was made, when `textResponse` made it. */
export const responseText = async (response: Response): Promise<string> => texts.get(response) ?? (await response.clone().text());

/** What Hono and the routes read of a request: method, URL, headers and the body as text or JSON. */
class EventRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  private readonly body: string;

  constructor(event: APIGatewayProxyEventV2) {
    this.method = event.requestContext.http.method.toUpperCase();
    const host = event.headers?.host ?? event.requestContext.domainName ?? 'localhost';
    this.url = `https://${host}${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers.set(name, value);
    this.headers = headers;
    this.body = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  }

  text(): Promise<string> {
    return Promise.resolve(this.body);
  }

  json(): Promise<unknown> {
    try {
      return Promise.resolve(JSON.parse(this.body) as unknown);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.body, 'utf8');
    return Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }
}

/** The event as the request `app.fetch` takes (Hono reads only the members EventRequest has). */
export const toRequest = (event: APIGatewayProxyEventV2): Request => new EventRequest(event) as unknown as Request;

/** The app's answer as API Gateway's structured result. */
export async function toResult(response: Response): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  const base64 = binaries.get(response);
  if (base64 !== undefined) return { statusCode: response.status, headers, body: base64, isBase64Encoded: true };
  return { statusCode: response.status, headers, body: await responseText(response), isBase64Encoded: false };
}
