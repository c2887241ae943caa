/** A matrix with risks (a gap, a conflict) activates, and its ambiguous combinations go to the fallback owner; one with errors does not start. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Log } from '../../lambdas/app/log.js';
import type { EscalationView } from '../../shared/escalation/view.js';
import { eventsOf, openBody, spawnManualBaton, START, startTestBaton, type TestBaton } from '../support/baton.js';
import { MSP_NOC, SERVICE_DESK } from '../support/reliability.js';

// network/1 and network/2: rules network-noc and network-l2 conflict. server/2: no rule covers it (a gap).
const risky = `parties:
  - {id: internal, name: Contoso IT}
  - {id: msp, name: Acme MSP}
teams:
  - {id: service-desk, name: Service Desk, party: internal, calendar: always, members: [agent-anna]}
  - {id: msp-noc, name: MSP NOC, party: msp, calendar: always, members: [agent-nick]}
  - {id: msp-l2, name: MSP Second Line, party: msp, calendar: always, members: [agent-mia]}
calendars:
  - {id: always, timezone: UTC, alwaysOpen: true}
slaPolicies:
  - {id: p1, ackMinutes: 15, resolveMinutes: 240, calendar: always}
  - {id: p2, ackMinutes: 30, resolveMinutes: 480, calendar: always}
incidentTypes: [network, server]
impactTiers: [1, 2]
rules:
  - {id: network-noc, match: {incidentType: network, impactTier: "*"}, owner: msp-noc, sla: p1}
  - {id: network-l2, match: {incidentType: network, impactTier: "*"}, owner: msp-l2, sla: p2}
  - {id: server-major, match: {incidentType: server, impactTier: 1}, owner: msp-noc, sla: p1}
governance:
  coordinators: {internal: service-desk, msp: msp-noc}
  fallbackOwner: service-desk
  fallbackSla: p2
`;

/** A Log that keeps what was warned. */
function recordingLog(): Log & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => {}, info: () => {}, warn: (message) => void warnings.push(message), error: () => {} };
}

describe('a matrix with a gap and a conflict', () => {
  let h: TestBaton;
  const log = recordingLog();
  beforeAll(async () => {
    h = await startTestBaton({ matrix: risky, log });
  });
  afterAll(() => h.stop());

  const open = async (ticketId: string, incidentType: string, impactTier: number) => {
    const answer = await h.call<EscalationView>('POST', '/v1/escalations', openBody(ticketId, { incidentType, impactTier }));
    expect(answer.status).toBe(201);
    return answer.body;
  };

  it('is activated, and warns of each risk at start at its file, line and column', async () => {
    const file = join(h.dataDir, 'matrix.yaml');

    const active = await h.call<{ version: number }>('GET', '/v1/matrix');

    expect(active).toMatchObject({ status: 200, body: { version: 1 } });
    expect(log.warnings).toEqual([
      `The matrix ${file} has 2 risk(s) (gaps or conflicts) and is activated anyway: an escalation they decide goes to the fallback owner "service-desk" and records an ownership.ambiguous incident.`,
      expect.stringContaining(`${file}:16:3  risk  gap  No rule covers incident type "server" at impact tier 2;`),
      expect.stringContaining(`${file}:17:5  risk  conflict  Rules 0 and 1 both match network/1, network/2 `),
    ]);
  });

  it('gives an escalation no rule covers to the fallback owner and records a no-rule ambiguity', async () => {
    const view = await open('7001', 'server', 2);

    expect([view.owner, view.sla.policy]).toEqual([SERVICE_DESK, 'p2']);
    expect(eventsOf(view, 'ownership.ambiguous')).toMatchObject([{ cause: 'no-rule', detail: 'No matrix rule covers server at impact tier 2' }]);
  });

  it('gives an escalation two rules claim to the fallback owner and records a rule-conflict ambiguity', async () => {
    const view = await open('7002', 'network', 1);

    expect([view.owner, view.sla.policy]).toEqual([SERVICE_DESK, 'p2']);
    expect(eventsOf(view, 'ownership.ambiguous')).toMatchObject([{ cause: 'rule-conflict', detail: 'Rules network-noc and network-l2 both claim network at impact tier 1' }]);
  });

  it('still decides the combinations a single rule covers by that rule', async () => {
    const view = await open('7003', 'server', 1);

    expect([view.owner, view.sla.policy, eventsOf(view, 'ownership.ambiguous')]).toEqual([MSP_NOC, 'p1', []]);
  });
});

describe('a matrix with an error', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-matrix-error-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses to start, naming the unknown team at its file, line and column', async () => {
    const file = join(dir, 'matrix.yaml');
    await writeFile(file, risky.replace('owner: msp-l2, sla: p2', 'owner: msp-l3, sla: p2'));

    const started = spawnManualBaton(join(dir, 'data'), START, { BATON_MATRIX: file });

    await expect(started).rejects.toThrow(/^Baton exited \(1\) before it started/);
    await expect(started).rejects.toThrow(
      `  ${file}:17:78  error  unknown-reference  Rule 1 ("network-l2") sends network/* to team "msp-l3", which is not declared in teams (service-desk, msp-noc, msp-l2).`,
    );
  });
});
