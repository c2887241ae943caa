/** `npm run tenant -- matrix` and `create --smoke`: the tenant's first matrix, linted as matrix:lint lints it; replacing one is explicit. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addKey } from '../../lambdas/admin/keys.js';
import { activateMatrix } from '../../lambdas/admin/matrix.js';
import { createTenant } from '../../lambdas/admin/tenants.js';
import { parseMatrixText } from '../../shared/matrix/load.js';
import { MONDAY, startAdmin, type AdminFixture } from '../support/tenant-admin.js';

const EXAMPLE = 'examples/matrix.example.yaml';
const SMOKE = 'examples/matrix.smoke.yaml';

/** Two parties, one team each; `rules` decides what is covered. */
const matrixText = (rules: string, parties = '  - {id: internal, name: Contoso IT}\n  - {id: msp, name: Acme MSP}') => `parties:
${parties}
teams:
  - {id: service-desk, name: Service Desk, party: internal, calendar: always}
  - {id: msp-noc, name: MSP NOC, party: msp, calendar: always}
calendars:
  - {id: always, timezone: UTC, alwaysOpen: true}
slaPolicies:
  - {id: p1, ackMinutes: 15, resolveMinutes: 240, calendar: always}
incidentTypes: [network, server]
impactTiers: [1]
rules:
${rules}
governance:
  coordinators: {internal: service-desk, msp: msp-noc}
`;

let admin: AdminFixture;
let dir: string;
beforeEach(async () => {
  admin = await startAdmin();
  dir = await mkdtemp(join(tmpdir(), 'baton-tenant-matrix-'));
  await createTenant(admin.deps, { tenant: 'acme', label: 'Freshservice app', smoke: false });
});
afterEach(async () => {
  await admin.close();
  await rm(dir, { recursive: true, force: true });
});

const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};

describe("activating a tenant's first matrix", () => {
  it('activates a clean file as version 1, recorded as made by tenant-admin', async () => {
    const output = await activateMatrix(admin.deps, { tenant: 'acme', file: EXAMPLE, replace: false });

    const active = await admin.deps.matrices.active('acme');
    expect(active).toMatchObject({ version: 1, createdBy: 'tenant-admin', createdAt: MONDAY, document: parseMatrixText(await readFile(EXAMPLE, 'utf8')).document });
    expect(output).toContain(`Activated ${EXAMPLE} as version 1 of tenant acme's matrix.`);
  });

  it('refuses a file with errors, naming each at FILE:LINE:COL as matrix:lint does, and activates nothing', async () => {
    const path = await file('broken.yaml', matrixText('  - {match: {incidentType: "*"}, owner: nobody, sla: p1}'));

    const refusal = activateMatrix(admin.deps, { tenant: 'acme', file: path, replace: false });

    await expect(refusal).rejects.toThrow(`has errors and cannot be activated (nothing was changed):\n  ${path}:14:41  error  unknown-reference  Rule 0 sends */* to team "nobody"`);
    expect(await admin.deps.matrices.active('acme')).toBeNull();
  });

  it('activates a file with risks, printing each and what becomes of the escalations they decide', async () => {
    const path = await file('gap.yaml', matrixText('  - {match: {incidentType: network}, owner: msp-noc, sla: p1}'));

    const output = await activateMatrix(admin.deps, { tenant: 'acme', file: path, replace: false });

    expect(output.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${path}:\\d+:\\d+  risk  gap  No rule covers incident type "server" at impact tier 1`)),
      '0 errors, 1 risk, 0 warnings',
      '1 risk(s) (gaps or conflicts): an escalation they decide goes to the fallback owner "service-desk" and records an ownership.ambiguous incident.',
      `Activated ${path} as version 1 of tenant acme's matrix.`,
    ]);
    expect(await admin.deps.matrices.active('acme')).toMatchObject({ version: 1 });
  });

  it('refuses a tenant that was never created', async () => {
    await expect(activateMatrix(admin.deps, { tenant: 'initech', file: EXAMPLE, replace: false })).rejects.toThrow('There is no tenant initech');
  });
});

describe('a tenant that has a matrix already', () => {
  beforeEach(() => activateMatrix(admin.deps, { tenant: 'acme', file: EXAMPLE, replace: false }));

  it('refuses another, saying changes go through governed proposals, and keeps the active one', async () => {
    const refusal = activateMatrix(admin.deps, { tenant: 'acme', file: SMOKE, replace: false });

    await expect(refusal).rejects.toThrow('Tenant acme has an active matrix already (version 1, by tenant-admin at 2026-11-30T09:00:00.000Z). Later changes go through governed proposals');
    expect(await admin.deps.matrices.active('acme')).toMatchObject({ version: 1, note: `npm run tenant -- matrix ${EXAMPLE}` });
  });

  it('with --replace, activates the next version and says it bypassed governance', async () => {
    const output = await activateMatrix(admin.deps, { tenant: 'acme', file: SMOKE, replace: true });

    expect(await admin.deps.matrices.active('acme')).toMatchObject({ version: 2, createdBy: 'tenant-admin', note: `npm run tenant -- matrix ${SMOKE} --replace` });
    expect(output).toContain('It replaced version 1 without a governed proposal: recorded as createdBy: tenant-admin.');
  });

  it('warns of a party-scoped key whose party the new matrix does not have', async () => {
    await addKey(admin.deps, { tenant: 'acme', scope: 'party:msp', label: 'MSP PSA integration' });
    const path = await file('internal-only.yaml', matrixText('  - {match: {incidentType: "*"}, owner: service-desk, sla: p1}', '  - {id: internal, name: Contoso IT}').replace('  - {id: msp-noc, name: MSP NOC, party: msp, calendar: always}\n', '').replace(', msp: msp-noc', ''));

    const output = await activateMatrix(admin.deps, { tenant: 'acme', file: path, replace: true });

    expect(output).toMatch(/Warning: key_[0-9a-f]{8} \("MSP PSA integration"\) is scoped to party:msp, a party this matrix does not have/);
  });
});

describe('creating the smoke-test tenant', () => {
  it('activates the smoke matrix (a 1-minute acknowledgement target) and says how to run the smoke test', async () => {
    const output = await createTenant(admin.deps, { tenant: 'smoke', label: 'smoke test', smoke: true, apiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/' });

    const active = await admin.deps.matrices.active('smoke');
    expect(active?.document).toMatchObject({ slaPolicies: [{ id: 'smoke', ackMinutes: 1 }] });
    expect(output).toContain('BATON_SMOKE_KEY=<the API key> npm run smoke -- --url https://abc.execute-api.eu-west-1.amazonaws.com/ --deadline');
  });
});
