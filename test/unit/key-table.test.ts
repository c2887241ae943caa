import { describe, expect, it } from 'vitest';
import { keyTable } from '../../lambdas/local/local-keys.js';
import type { ApiKey } from '../../shared/ports.js';

const key = (overrides: Partial<ApiKey>): ApiKey => ({ id: 'key_0000aaaa', tenant: 'acme', scope: 'tenant', label: 'Freshservice app', createdAt: '2026-11-30T09:00:00.000Z', expiresAt: null, ...overrides });

describe("local mode's start-up table of keys", () => {
  it('lists each tenant under its name, one aligned row per key: id, scope, label, created', () => {
    const table = keyTable([
      key({}),
      key({ id: 'key_0000bbbb', scope: 'party:msp', label: 'MSP PSA integration' }),
      key({ id: 'key_0000cccc', tenant: 'globex', scope: 'webhook', label: 'webhook secret' }),
    ], '');

    expect(table.split('\n')).toEqual([
      'acme',
      '  id            scope      label                created',
      '  key_0000aaaa  tenant     Freshservice app     2026-11-30T09:00:00.000Z',
      '  key_0000bbbb  party:msp  MSP PSA integration  2026-11-30T09:00:00.000Z',
      'globex',
      '  id            scope    label           created',
      '  key_0000cccc  webhook  webhook secret  2026-11-30T09:00:00.000Z',
    ]);
  });

  it('shows a key registered before creation times were kept as created "unknown"', () => {
    expect(keyTable([key({ label: '(unlabelled)', createdAt: null })], '')).toContain('key_0000aaaa  tenant  (unlabelled)  unknown');
  });
});
