import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Log } from '../../lambdas/app/log.js';
import { REQUEST_TIMEOUT_MS } from '../../lambdas/local/http-server.js';
import { KEYS, eventually, startTestBaton, type TestBaton } from '../support/baton.js';

describe('the local HTTP server and clients that misbehave', () => {
  const logged: Array<{ level: keyof Log; message: string }> = [];
  const log: Log = {
    debug: () => {},
    info: (message) => void logged.push({ level: 'info', message }),
    warn: (message) => void logged.push({ level: 'warn', message }),
    error: (message) => void logged.push({ level: 'error', message }),
  };
  let h: TestBaton;
  let port = 0;
  beforeAll(async () => {
    h = await startTestBaton({ log });
    port = Number(new URL(h.url).port);
  });
  afterAll(() => h.stop());

  /** A raw connection that sends `text` and then whatever the test does with it. */
  const socket = (text: string): Promise<{ socket: Socket; closed: Promise<string> }> =>
    new Promise((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.write(text);
        let received = '';
        s.on('data', (chunk) => (received += chunk.toString('utf8')));
        resolve({ socket: s, closed: new Promise((done) => s.on('close', () => done(received))) });
      });
    });

  it('logs a client that disconnects mid-body at info, not as a server error', async () => {
    const { socket: s, closed } = await socket(
      `POST /v1/escalations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${KEYS.acme}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"ticketId":`,
    );

    s.destroy();
    await closed;

    await eventually('the disconnect logged', async () => logged.some((l) => l.message === 'client disconnected before the answer'));
    expect(logged.filter((l) => l.level === 'error')).toEqual([]);
  });

  it(`drops a request whose body takes longer than ${REQUEST_TIMEOUT_MS / 1000} s to arrive`, async () => {
    const { closed } = await socket(`POST /v1/escalations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{`);

    const answer = await closed;

    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }, REQUEST_TIMEOUT_MS + 10_000);
});
