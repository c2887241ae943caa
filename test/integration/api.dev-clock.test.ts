/** The manual clock through the HTTP API: it never goes back, stays in 2000–2100, and a restart resumes it after what was recorded. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Log } from '../../lambdas/app/log.js';
import { silentLog } from '../../lambdas/app/log.js';
import { startBaton, type LocalBaton } from '../../lambdas/local/baton.js';
import { readLocalConfig } from '../../lambdas/local/config.js';
import type { EscalationView } from '../../shared/escalation/view.js';
import { API_KEYS, openBody, request, START, startTestBaton, WEBHOOK_SECRET, type ErrorAnswer, type TestBaton } from '../support/baton.js';

type Moved = { now: string; fired: number };
const RANGE = 'Set the clock to a time in the years 2000–2100 (2000-01-01T00:00:00.000Z to 2100-12-31T23:59:59.999Z)';

describe('POST /v1/dev/clock', () => {
  let h: TestBaton;
  beforeEach(async () => {
    h = await startTestBaton();
  });
  afterEach(() => h.stop());

  it('refuses to set the clock back with a 400 naming the time it is at, and leaves it there', async () => {
    await h.advance(60);

    const answer = await h.call<ErrorAnswer>('POST', '/v1/dev/clock', { set: '2026-11-30T09:30:00Z' });

    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 'validation',
      fields: [{ path: 'set', message: 'The clock is at 2026-11-30T10:00:00.000Z and only moves forward' }],
    });
    expect(await h.advance(1)).toMatchObject({ now: '2026-11-30T10:01:00.000Z' });
  });

  it('answers a set to a far-past time with a 400, not a 500, and accepts a set to the time it is at', async () => {
    const back = await h.call<ErrorAnswer>('POST', '/v1/dev/clock', { set: '2000-01-01T00:00:00Z' });
    const same = await h.call<Moved>('POST', '/v1/dev/clock', { set: START });

    expect(back.status).toBe(400);
    expect(back.body.error.fields).toEqual([{ path: 'set', message: 'The clock is at 2026-11-30T09:00:00.000Z and only moves forward' }]);
    expect(same).toMatchObject({ status: 200, body: { now: '2026-11-30T09:00:00.000Z', fired: 0 } });
  });

  it('refuses to set the clock to 1999 or to 2101 with a 400 on the field', async () => {
    const before = await h.call<ErrorAnswer>('POST', '/v1/dev/clock', { set: '1999-06-01T00:00:00Z' });
    const after = await h.call<ErrorAnswer>('POST', '/v1/dev/clock', { set: '2101-01-01T00:00:00Z' });

    for (const answer of [before, after]) {
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'validation', fields: [{ path: 'set', message: RANGE }] });
    }
    expect(await h.advance(1)).toMatchObject({ now: '2026-11-30T09:01:00.000Z' });
  });

  it('refuses with a 400 an advance that would carry the clock past 2100, and leaves it where it was', async () => {
    expect((await h.call('POST', '/v1/dev/clock', { set: '2100-12-31T23:00:00Z' })).status).toBe(200);

    const answer = await h.call<ErrorAnswer>('POST', '/v1/dev/clock', { advanceMinutes: 60 });

    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([
      { path: 'advanceMinutes', message: 'The clock is at 2100-12-31T23:00:00.000Z: 60 minutes on would pass 2100-12-31T23:59:59.999Z, the latest it goes' },
    ]);
    expect(await h.advance(59)).toMatchObject({ now: '2100-12-31T23:59:00.000Z' });
  });
});

describe('a restart on the same data folder', () => {
  let dataDir = '';
  const running: LocalBaton[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-dev-clock-'));
  });
  afterEach(async () => {
    for (const baton of running.splice(0)) await baton.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A Baton on the manual clock from `clockStart`, keeping its data in this suite's folder. */
  const start = async (clockStart: string, log: Log = silentLog) => {
    const config = readLocalConfig({
      BATON_DATA_DIR: dataDir,
      BATON_PORT: '0',
      BATON_CLOCK: 'manual',
      BATON_CLOCK_START: clockStart,
      BATON_API_KEYS: API_KEYS,
      BATON_WEBHOOK_SECRETS: `acme:${WEBHOOK_SECRET}`,
    });
    const baton = await startBaton(config, log);
    running.push(baton);
    return baton;
  };
  const stop = async (baton: LocalBaton) => {
    running.splice(running.indexOf(baton), 1);
    await baton.stop();
  };

  it('with an earlier BATON_CLOCK_START resumes the clock at the latest recorded event, and says so', async () => {
    const first = await start(START);
    expect((await request(first.url, 'POST', '/v1/escalations', openBody('5001'))).status).toBe(201);
    expect((await request<Moved>(first.url, 'POST', '/v1/dev/clock', { advanceMinutes: 90 })).body.now).toBe('2026-11-30T10:30:00.000Z');
    const paused = await request<EscalationView>(first.url, 'POST', '/v1/escalations/5001/pause', { actor: { id: 'agent-nick' }, reason: 'Waiting for the carrier' });
    expect(paused.status).toBe(200);
    const lastAt = paused.body.timeline.at(-1)!.at;
    expect(lastAt).toBe('2026-11-30T10:30:00.000Z');
    await stop(first);

    const said: string[] = [];
    const second = await start(START, { ...silentLog, info: (message) => said.push(message) });
    const moved = await request<Moved>(second.url, 'POST', '/v1/dev/clock', { advanceMinutes: 1 });

    expect(moved.body.now).toBe('2026-11-30T10:31:00.000Z');
    expect(Date.parse(moved.body.now)).toBeGreaterThan(Date.parse(lastAt));
    expect(said).toContain('Manual clock resumes at 2026-11-30T10:30:00.000Z, the latest recorded event (BATON_CLOCK_START 2026-11-30T09:00:00Z is earlier)');
    // Time on the resumed clock counts from the last event: the pause has lasted 1 minute, not -89.
    const resumed = await request<EscalationView>(second.url, 'POST', '/v1/escalations/5001/resume', { actor: { id: 'agent-nick' } });
    expect(resumed.body.timeline.at(-1)).toMatchObject({ type: 'sla.resumed', at: '2026-11-30T10:31:00.000Z', pausedMinutes: 1 });
  }, 30_000);
});
