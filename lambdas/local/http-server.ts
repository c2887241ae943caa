/** A node:http server on 127.0.0.1 that hands each request to the Lambda handler as an API Gateway v2 event. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { errorResponse, HttpError } from '../http/errors.js';
import type { HttpHandler } from '../http/lambda.js';
import { MAX_BODY_BYTES } from '../http/middleware.js';
import type { Log } from '../app/log.js';
import type { PageRoutes } from './fdk/app-pages.js';

/** The longest a request's headers and body may take to arrive. */
export const REQUEST_TIMEOUT_MS = 10_000;

const localContext = { functionName: 'baton-local', awsRequestId: 'local', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

/** Reads at most one byte past the limit, so an oversized body is refused without buffering it whole. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve('too-large');
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function toEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  const query = Object.fromEntries(url.searchParams);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: 'local',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: req.headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(body.length > 0 ? { body: body.toString('utf8') } : {}),
    isBase64Encoded: false,
  };
}

function send(res: ServerResponse, statusCode: number, headers: Record<string, string | number | boolean>, body: string | Buffer): void {
  res.writeHead(statusCode, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Serves `handler` on 127.0.0.1:`port` (0 picks a free port); `pages` (the app's pages under /app/) see each request first.
 * @example const { url, close } = await serveLocally(handler, 8787, log);
 */
export async function serveLocally(handler: HttpHandler, port: number, log: Log, pages?: PageRoutes): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    void (async () => {
      try {
        if (pages && (await pages(req, res))) return;
        const body = await readBody(req);
        if (body === 'too-large') {
          const refused = errorResponse(new HttpError('payload_too_large', `The body is larger than ${MAX_BODY_BYTES / 1024} KB`), log);
          res.setHeader('connection', 'close');
          send(res, refused.statusCode, refused.headers, refused.body);
          return;
        }
        const result = await handler(toEvent(req, body), localContext);
        // A binary answer (an XLSX download) comes base64-encoded, as API Gateway takes it.
        send(res, result.statusCode ?? 200, result.headers ?? {}, result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
      } catch (error) {
        // A client that went away mid-request is not a server failure, and there is nobody to answer.
        if (req.destroyed || res.destroyed) {
          log.info('client disconnected before the answer', { method: req.method, path: req.url?.split('?')[0], reason: error instanceof Error ? error.message : String(error) });
          return;
        }
        const failed = errorResponse(error, log);
        send(res, failed.statusCode, failed.headers, failed.body);
      }
    })();
  });
  server.keepAliveTimeout = 5_000;
  // A request whose headers or body dribble in for longer than this is dropped (408), so slow clients
  // cannot hold connections open; Node checks every connectionsCheckingInterval.
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
