import { describe, expect, it } from 'vitest';
import { DEFAULT_LABELS, readLocalConfig } from '../../lambdas/local/config.js';

const KEY = 'k'.repeat(16);

describe('BATON_API_KEYS', () => {
  it('takes tenant:key entries, and several keys for one tenant', () => {
    const config = readLocalConfig({ BATON_API_KEYS: `acme:${KEY}, acme:${KEY}2,globex:${KEY}3` });

    expect(config.BATON_API_KEYS.map(({ tenant, key }) => ({ tenant, key }))).toEqual([
      { tenant: 'acme', key: KEY },
      { tenant: 'acme', key: `${KEY}2` },
      { tenant: 'globex', key: `${KEY}3` },
    ]);
  });

  it('takes tenant/party:key as a key scoped to that party', () => {
    expect(readLocalConfig({ BATON_API_KEYS: `acme/msp:${KEY}` }).BATON_API_KEYS).toEqual([{ tenant: 'acme', party: 'msp', key: KEY, label: DEFAULT_LABELS.apiKey }]);
    expect(() => readLocalConfig({ BATON_API_KEYS: `acme/:${KEY}` })).toThrow(/entry 1 \("acme\/:…"\)/);
  });

  it('refuses a key that contains ":", naming the entry and never the key', () => {
    expect(() => readLocalConfig({ BATON_API_KEYS: `acme:${KEY},globex:${KEY}:x` })).toThrow(/entry 2 \("globex:…"\): the key contains ":"/);
    expect(() => readLocalConfig({ BATON_API_KEYS: `acme:${KEY},globex:${KEY}:x` })).not.toThrow(new RegExp(KEY));
  });

  it('refuses a key shorter than 16 or longer than the Authorization header allows', () => {
    expect(() => readLocalConfig({ BATON_API_KEYS: 'acme:short' })).toThrow(/entry 1 \("acme:…"\): the key is 16 to 256 characters/);
    expect(() => readLocalConfig({ BATON_API_KEYS: `acme:${'k'.repeat(257)}` })).toThrow(/entry 1/);
    expect(readLocalConfig({ BATON_API_KEYS: `acme:${'k'.repeat(256)}` }).BATON_API_KEYS).toHaveLength(1);
  });

  it('refuses the same key given twice, for one tenant or two', () => {
    expect(() => readLocalConfig({ BATON_API_KEYS: `acme:${KEY},globex:${KEY}` })).toThrow(/BATON_API_KEYS entry 1 and BATON_API_KEYS entry 2 give the same secret/);
  });

  it('refuses a webhook secret that is also an API key (one would take the other\'s scope)', () => {
    expect(() => readLocalConfig({ BATON_API_KEYS: `acme:${KEY}`, BATON_WEBHOOK_SECRETS: `acme:${KEY}` })).toThrow(/BATON_API_KEYS entry 1 and BATON_WEBHOOK_SECRETS "acme" give the same secret/);
  });

  it('takes one webhook secret per tenant, and refuses a short one or a party', () => {
    expect(readLocalConfig({ BATON_WEBHOOK_SECRETS: `acme:${KEY}w, globex:${KEY}x` }).BATON_WEBHOOK_SECRETS).toEqual({
      acme: { secret: `${KEY}w`, label: DEFAULT_LABELS.webhookSecret },
      globex: { secret: `${KEY}x`, label: DEFAULT_LABELS.webhookSecret },
    });
    expect(() => readLocalConfig({ BATON_WEBHOOK_SECRETS: 'acme:short' })).toThrow(/entry 1 \("acme:…"\)/);
    expect(() => readLocalConfig({ BATON_WEBHOOK_SECRETS: `acme/msp:${KEY}` })).toThrow(/entry 1/);
    expect(() => readLocalConfig({ BATON_WEBHOOK_SECRETS: `acme:${KEY}w,acme:${KEY}x` })).toThrow(/entry 2/);
  });

  it('refuses an entry without a tenant', () => {
    expect(() => readLocalConfig({ BATON_API_KEYS: `:${KEY}` })).toThrow(/entry 1/);
  });
});

describe('key labels', () => {
  it('take the rest of an entry after the key and a space, so lists written before labels read as they did', () => {
    const config = readLocalConfig({ BATON_API_KEYS: `acme:${KEY}1 Freshservice app,acme/msp:${KEY}2   MSP PSA integration: tickets ,globex:${KEY}3` });

    expect(config.BATON_API_KEYS).toEqual([
      { tenant: 'acme', key: `${KEY}1`, label: 'Freshservice app' },
      { tenant: 'acme', party: 'msp', key: `${KEY}2`, label: 'MSP PSA integration: tickets' },
      { tenant: 'globex', key: `${KEY}3`, label: 'tenant key from BATON_API_KEYS' },
    ]);
  });

  it('label a webhook secret the same way', () => {
    expect(readLocalConfig({ BATON_WEBHOOK_SECRETS: `acme:${KEY}w Workflow Automator` }).BATON_WEBHOOK_SECRETS).toEqual({ acme: { secret: `${KEY}w`, label: 'Workflow Automator' } });
  });

  it('refuse a label over 100 characters, naming the entry and never the key', () => {
    const start = () => readLocalConfig({ BATON_API_KEYS: `acme:${KEY},globex:${KEY}2 ${'x'.repeat(101)}` });

    expect(start).toThrow(/BATON_API_KEYS: entry 2 \("globex:…"\): The key label is at most 100 characters/);
    expect(start).not.toThrow(new RegExp(KEY));
    expect(readLocalConfig({ BATON_API_KEYS: `acme:${KEY} ${'x'.repeat(100)}` }).BATON_API_KEYS[0]?.label).toHaveLength(100);
  });

  it('refuse a label with control characters, in either list', () => {
    expect(() => readLocalConfig({ BATON_API_KEYS: `acme/msp:${KEY} MSP\u0007 PSA` })).toThrow(/entry 1 \("acme\/msp:…"\): The key label contains control characters/);
    expect(() => readLocalConfig({ BATON_WEBHOOK_SECRETS: `acme:${KEY} hook\u202Eevil` })).toThrow(/BATON_WEBHOOK_SECRETS: entry 1 \("acme:…"\): The key label contains control characters/);
  });
});
