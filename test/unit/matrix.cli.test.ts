import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `node --import tsx scripts/matrix-lint.ts FILE` from the repository root. */
function matrixLint(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/matrix-lint.ts', file], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const broken = `parties:
  - {id: internal, name: Contoso IT}
teams:
  - {id: service-desk, name: Service Desk, party: internal, calendar: always}
calendars:
  - {id: always, timezone: UTC, alwaysOpen: true}
slaPolicies:
  - {id: p1, ackMinutes: 15, resolveMinutes: 240, calendar: always}
incidentTypes: [network, server]
impactTiers: [1, 2]
rules:
  - {match: {incidentType: network}, owner: service-desk, sla: p1}
  - {match: {incidentType: network, impactTier: 1}, owner: msp-noc2, sla: p1}
  - {match: {incidentType: server, impactTier: 2}, owner: service-desk, sla: p1}
governance:
  coordinators: {internal: service-desk}
`;

describe('the matrix:lint command', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-matrix-lint-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints each finding at FILE:LINE:COL with its severity and exits 1 when there is an error', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(file, broken);

    const { code, stdout } = await matrixLint(file);

    expect(code).toBe(1);
    expect(stdout.trimEnd().split('\n')).toEqual([
      `${file}:12:3  risk  gap  No rule covers incident type "server" at impact tier 1; add a rule for server/1 or a catch-all rule (incidentType "*", impactTier "*").`,
      `${file}:13:60  error  unknown-reference  Rule 1 sends network/1 to team "msp-noc2", which is not declared in teams (service-desk).`,
      '1 error, 1 risk, 0 warnings',
    ]);
  });

  it('exits 1 on a matrix whose only findings are risks, so CI can refuse it', async () => {
    const file = join(dir, 'risky.yaml');
    await writeFile(file, broken.replace('owner: msp-noc2', 'owner: service-desk'));

    const { code, stdout } = await matrixLint(file);

    expect([code, stdout.trimEnd().split('\n').at(-1)]).toEqual([1, '0 errors, 1 risk, 0 warnings']);
  });

  it('exits 0 on a matrix whose only findings are warnings, counting them', async () => {
    const file = join(dir, 'advice.yaml');
    const covered = broken.replace('owner: msp-noc2', 'owner: service-desk').replace('impactTier: 2}', 'impactTier: "*"}');
    await writeFile(file, covered.replace('calendars:\n', 'calendars:\n  - {id: weekend, timezone: UTC, alwaysOpen: true}\n'));

    const { code, stdout } = await matrixLint(file);

    expect([code, stdout.trimEnd().split('\n').at(-1)]).toEqual([0, '0 errors, 0 risks, 1 warning']);
  });

  it('exits 0 on the example matrix', async () => {
    const { code, stdout } = await matrixLint('examples/matrix.example.yaml');

    expect([code, stdout.trim()]).toEqual([0, '0 errors, 0 risks, 0 warnings']);
  });

  it('exits 1 with a clear message when the file cannot be read', async () => {
    const { code, stderr } = await matrixLint(join(dir, 'missing.yaml'));

    expect([code, stderr.trim()]).toEqual([1, `matrix-lint: cannot read ${join(dir, 'missing.yaml')}: no such file`]);
  });
});
