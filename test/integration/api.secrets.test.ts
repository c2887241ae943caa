import { readdir, stat } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../../shared/matrix/redact.js';
import { START, eventually, exampleMatrix, handoffBody, openBody, request, spawnManualBaton, startTestBaton, type TestBaton } from '../support/baton.js';
import { recordingServer } from '../support/recording-server.js';

describe('secrets in the matrix', () => {
  const hook = recordingServer();
  let h: TestBaton;
  let hookUrl = '';
  beforeAll(async () => {
    const base = await hook.start();
    // A Teams Workflows URL carries its secret in `sig`.
    hookUrl = `${base}/workflows/1/invoke?api-version=2016-06-01&sig=s3cr3t-signature&sp=run`;
    const matrix = await exampleMatrix();
    const teams = matrix.teams as Array<{ id: string; channels?: Record<string, string> }>;
    teams.find((t) => t.id === 'infrastructure')!.channels = { teams: hookUrl };
    h = await startTestBaton({ matrix });
  });
  afterAll(async () => {
    await h.stop();
    await hook.stop();
  });

  it('shows every key holder the matrix with the sig parameter masked', async () => {
    const answer = await h.call<{ matrix: { teams: Array<{ id: string; channels?: { teams?: string } }> } }>('GET', '/v1/matrix');

    const shown = answer.body.matrix.teams.find((t) => t.id === 'infrastructure')?.channels?.teams;
    expect(answer.status).toBe(200);
    expect(shown).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/workflows\/1\/invoke\?api-version=2016-06-01&sig=•••&sp=run$/);
    expect(JSON.stringify(answer.body)).not.toContain('s3cr3t');
  });

  it('still notifies the channel at its real URL', async () => {
    expect((await h.call('POST', '/v1/escalations', openBody('7001'))).status).toBe(201);
    expect((await h.call('POST', '/v1/escalations/7001/handoffs', handoffBody())).status).toBe(201);
    await h.baton.tasks.drain();

    expect(hook.requests.map((r) => r.url)).toContain('/workflows/1/invoke?api-version=2016-06-01&sig=s3cr3t-signature&sp=run');
  });

  it('masks credentials before the host; leaves a URL without secrets, and text that is no URL, as they are', () => {
    expect(redactUrl('https://svc:p4ss@hooks.example.com/x?sig=abc&sp=run')).toBe('https://•••@hooks.example.com/x?sig=•••&sp=run');
    expect(redactUrl('https://kb.example.com/network-outage?page=2')).toBe('https://kb.example.com/network-outage?page=2');
    expect(redactUrl('sig=abc and user:pw@host')).toBe('sig=abc and user:pw@host');
    expect(redactUrl('https://a.example.com/x?SIG=abc#frag')).toBe('https://a.example.com/x?SIG=•••#frag');
  });
});

describe('the data folder of npm start', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = join(await mkdtemp(join(tmpdir(), 'baton-modes-')), 'data');
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  /** Every file and folder below `dir`, with its permission bits. */
  async function modes(dir: string): Promise<Array<{ path: string; mode: number; directory: boolean }>> {
    const out = [{ path: dir, mode: (await stat(dir)).mode & 0o777, directory: true }];
    for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
      const path = join(entry.parentPath, entry.name);
      out.push({ path, mode: (await stat(path)).mode & 0o777, directory: entry.isDirectory() });
    }
    return out;
  }

  it('keeps its data readable by its owner only: folders 0700, files 0600', async () => {
    const server = await spawnManualBaton(dataDir, START);
    try {
      expect((await request(server.url, 'POST', '/v1/escalations', openBody('7101'))).status).toBe(201);
      expect((await request(server.url, 'POST', '/v1/escalations/7101/handoffs', handoffBody())).status).toBe(201);
      await eventually('the notifications file', async () => (await readdir(dataDir)).includes('notifications.jsonl'));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }

    const found = await modes(dataDir);

    expect(found.some((f) => f.path.endsWith('notifications.jsonl'))).toBe(true);
    expect(found.some((f) => f.path.includes('dynamodb') && !f.directory)).toBe(true);
    expect(found.filter((f) => f.mode & 0o077)).toEqual([]);
    expect(found.filter((f) => f.directory).every((f) => f.mode === 0o700)).toBe(true);
  }, 60_000);
});
