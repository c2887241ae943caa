/** `npm run tenant` arguments: each command's own arguments and options, checked with the stores' schemas before anything is asked of AWS. */
import { describe, expect, it } from 'vitest';
import { parseTenantArguments } from '../../scripts/tenant/arguments.js';

const refusal = (argv: string[]) => {
  try {
    parseTenantArguments(argv);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(argv)}`);
};

describe('a well-formed command', () => {
  it('parses into the command, its arguments with their defaults, and where it acts', () => {
    expect(parseTenantArguments(['rotate', 'acme', 'key_1a2b3c4d', '--stage', 'prod', '--region', 'eu-west-1'])).toEqual({
      command: { command: 'rotate', tenant: 'acme', keyId: 'key_1a2b3c4d', overlapHours: 24 },
      target: { stage: 'prod', region: 'eu-west-1' },
    });
  });

  it('takes an overlap of 0 hours', () => {
    expect(parseTenantArguments(['webhook-secret', 'acme', '--overlap-hours', '0', '--table', 't'])?.command).toEqual({ command: 'webhook-secret', tenant: 'acme', overlapHours: 0 });
  });

  it('labels a first key "Freshservice app" unless told otherwise, and trims a label', () => {
    expect(parseTenantArguments(['create', 'acme', '--table', 't'])?.command).toEqual({ command: 'create', tenant: 'acme', label: 'Freshservice app', smoke: false });
    expect(parseTenantArguments(['add-key', 'acme', '--scope', 'party:msp', '--label', ' MSP PSA ', '--table', 't'])?.command).toMatchObject({ scope: 'party:msp', label: 'MSP PSA' });
  });

  it('reads a pasted URL as its domain', () => {
    expect(parseTenantArguments(['connect-freshservice', 'acme', '--domain', 'https://Acme.freshservice.com/a/tickets', '--stage', 'prod'])?.command).toEqual({
      command: 'connect-freshservice', tenant: 'acme', domain: 'acme.freshservice.com', check: false,
    });
  });

  it('answers null for --help', () => {
    expect(parseTenantArguments(['keys', '--help'])).toBeNull();
  });
});

describe('a mistake', () => {
  it.each([
    [['keys', '--table', 't'], 'keys needs <tenant>'],
    [['create', 'Acme!', '--table', 't'], '<tenant>: a tenant id is 1–40 lowercase letters, digits or hyphens, starting with a letter or digit'],
    [['create', 'a'.repeat(41), '--table', 't'], '<tenant>: a tenant id is 1–40'],
    [['create', '-acme', '--table', 't'], "Unknown option '-a'"],
    [['keys', 'acme'], 'Give either --stage <stage> (reads its outputs file) or --table <name>, not both and not neither'],
    [['keys', 'acme', '--stage', 'prod', '--table', 't'], 'not both and not neither'],
    [['keys', 'acme', '--stage', 'Prod'], '--stage: a stage is 1–20 lowercase letters'],
    [['keys', 'acme', '--smoke', '--table', 't'], '--smoke is not an option of keys'],
    [['revoke', 'acme', 'sk_live_1', '--table', 't'], '<keyId>: a key id is "key_" and 8 hex digits'],
    [['rotate', 'acme', 'key_1a2b3c4d', '--overlap-hours=-1', '--table', 't'], '--overlap-hours is a whole number of hours from 0 to 720'],
    [['rotate', 'acme', 'key_1a2b3c4d', '--overlap-hours', '721', '--table', 't'], '--overlap-hours is a whole number of hours from 0 to 720'],
    [['rotate', 'acme', 'key_1a2b3c4d', '--overlap-hours', '1.5', '--table', 't'], '--overlap-hours is a whole number'],
    [['add-key', 'acme', '--scope', 'webhook', '--label', 'x', '--table', 't'], '--scope is "tenant"'],
    [['add-key', 'acme', '--scope', 'party:', '--label', 'x', '--table', 't'], '--scope is "tenant"'],
    [['add-key', 'acme', '--scope', 'tenant', '--table', 't'], '--label is required'],
    [['connect-freshservice', 'acme', '--table', 't'], '--domain is required'],
    [['connect-freshservice', 'acme', '--domain', 'helpdesk.acme.com', '--table', 't'], "--domain: write the account's *.freshservice.com domain"],
    [['connect-freshservice', 'acme', '--domain', 'acme.freshservice.com', '--api-key=k', '--table', 't'], 'The Freshservice API key is read from stdin, never from the command line'],
    [['matrix', 'acme', '--table', 't'], 'matrix needs <file>'],
    [[], 'Which command?'],
  ])('%j is refused: %s', (argv, message) => {
    expect(refusal(argv)).toContain(message);
  });
});
