import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLog } from '../../lambdas/app/log.js';
import { startBaton, type LocalBaton } from '../../lambdas/local/baton.js';
import { readLocalConfig } from '../../lambdas/local/config.js';
import { request } from '../support/baton.js';

const A = 'acme-key-A-0123456789abcdef';
const B = 'acme-key-B-0123456789abcdef';

describe('API keys across restarts', () => {
  let dataDir: string;
  let running: LocalBaton | undefined;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'baton-keys-'));
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A Baton on `dataDir` with these keys (none: the generated demo key). */
  const start = async (apiKeys?: string) => {
    await running?.stop();
    running = await startBaton(readLocalConfig({ BATON_DATA_DIR: dataDir, BATON_PORT: '0', ...(apiKeys ? { BATON_API_KEYS: apiKeys } : {}) }), silentLog);
    return running;
  };
  const status = async (baton: LocalBaton, key: string) => (await request(baton.url, 'GET', '/v1/matrix', undefined, { key })).status;

  it('stops a key removed from BATON_API_KEYS from working after a restart', async () => {
    const first = await start(`acme:${A},acme:${B}`);
    expect([await status(first, A), await status(first, B)]).toEqual([200, 200]);

    const second = await start(`acme:${A}`);

    expect([await status(second, A), await status(second, B)]).toEqual([200, 401]);
  });

  it('stops the generated demo key from working once real keys are configured', async () => {
    const demo = await start();
    const demoKey = (await readFile(join(dataDir, 'demo-api-key'), 'utf8')).trim();
    expect(await status(demo, demoKey)).toBe(200);

    const configured = await start(`acme:${A}`);

    expect([await status(configured, demoKey), await status(configured, A)]).toEqual([401, 200]);
  });
});
