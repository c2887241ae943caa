/** A real HTTP server on 127.0.0.1 that records each request and answers what the test sets. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
}

export function recordingServer(defaultReply: Reply = { body: {} }) {
  const requests: Recorded[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let reply: Reply = defaultReply;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw === '' ? undefined : JSON.parse(raw) });
      const { status = 200, headers = {}, body, delayMs = 0 } = reply;
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body === undefined ? '' : JSON.stringify(body));
      }, delayMs);
      timers.add(timer);
    });
  });
  return {
    requests,
    answer(next: Reply) {
      reply = next;
    },
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    reset() {
      requests.length = 0;
      reply = defaultReply;
    },
    async stop() {
      timers.forEach(clearTimeout);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
