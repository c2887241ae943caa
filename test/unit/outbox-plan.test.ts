import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../shared/escalation/describe.js';
import type { ChannelKind } from '../../shared/ports.js';
import { planOutbox } from '../../lambdas/app/outbox-plan.js';
import { compileMatrix } from '../../shared/matrix/matrix.js';
import { matrixSchema } from '../../shared/matrix/schema.js';
import { initialState } from '../../shared/escalation/state.js';
import { testMatrix, testMatrixInput } from '../fixtures/matrix.js';
import { given, handoffTo, openNetworkP1 } from '../fixtures/escalation.js';

const deliverer = (...kinds: ChannelKind[]) => ({ has: (k: ChannelKind) => kinds.includes(k), send: async () => {} });
const withChannels = compileMatrix(
  matrixSchema.parse({
    ...testMatrixInput,
    teams: testMatrixInput.teams.map((t) => (t.id === 'msp-noc' ? { ...t, channels: { slack: '#noc', teams: 'https://hooks.example.com/noc' } } : t)),
  }),
  'v2',
);

function handoffCommit(matrix = testMatrix) {
  const before = given([0, openNetworkP1()]);
  const after = given([0, openNetworkP1()], [5, handoffTo('msp-noc')]);
  const recorded = after.events.slice(before.events.length).map((event, i) => ({ ticketId: '42', seq: before.events.length + 1 + i, event }));
  return { before: before.state, after: after.state, recorded, matrix };
}

describe('planning a commit outbox', () => {
  it('schedules the new acknowledgement deadline and nothing else', () => {
    const outbox = planOutbox({ tenant: 't', ticketId: '42', ...handoffCommit(), deliverer: deliverer(), ticketNotes: false });

    expect(outbox.schedule.map((d) => d.kind)).toEqual(['ack-due']);
    expect(outbox.cancel).toEqual([]);
    expect(outbox.deliveries).toEqual([]);
  });

  it("delivers to each recipient team's configured channels, once to the ticket and once to the local file", () => {
    const outbox = planOutbox({ tenant: 't', ticketId: '42', ...handoffCommit(withChannels), deliverer: deliverer('slack', 'teams', 'ticket-note', 'outbox-file'), ticketNotes: true });

    expect(outbox.deliveries.map((d) => d.key)).toEqual(['2:outbox-file:*', '2:ticket-note:*', '2:slack:msp-noc', '2:teams:msp-noc']);
    expect(outbox.deliveries[2]).toMatchObject({ address: { kind: 'slack', channel: '#noc' }, target: 'msp-noc', attempts: 0, status: 'pending', forSeq: 2 });
    expect(outbox.deliveries[0]).toMatchObject({ target: '*' });
  });

  it('skips channels that have no notifier configured', () => {
    const outbox = planOutbox({ tenant: 't', ticketId: '42', ...handoffCommit(withChannels), deliverer: deliverer('teams'), ticketNotes: true });

    expect(outbox.deliveries.map((d) => d.key)).toEqual(['2:teams:msp-noc']);
  });

  it('plans nothing for a commit without deadlines or notices', () => {
    const outbox = planOutbox({ tenant: 't', ticketId: '42', before: initialState, after: initialState, recorded: [], matrix: testMatrix, deliverer: deliverer('outbox-file'), ticketNotes: false });

    expect(outbox).toEqual({ schedule: [], cancel: [], deliveries: [] });
  });
});

describe('wording notifications', () => {
  const ctx = { tenant: 't', ticketId: '42', subject: 'VPN down', runbook: 'https://kb.example.com/vpn', teamName: (id: string) => id.toUpperCase() };

  it('tells the receiving team what the handoff record says, with its evidence and the runbook', () => {
    const { events } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')]);

    const message = describeEvent(events.at(-1)!, 2, ctx);

    expect(message).toMatchObject({
      eventType: 'handoff.requested',
      severity: 'info',
      title: 'Handoff to MSP-NOC (msp): acknowledge by 2026-11-30 10:20 UTC',
      recipients: [{ team: 'msp-noc', party: 'msp', name: 'MSP-NOC' }],
      links: [
        { label: 'Router log', url: 'https://logs.example.com/r/1' },
        { label: 'Runbook', url: 'https://kb.example.com/vpn' },
      ],
    });
    expect(message?.lines).toContain('Diagnosis: WAN link to branch down; ISP circuit shows LOS');
  });

  it('says nothing for events that notify nobody', () => {
    const { events } = given([0, openNetworkP1()]);

    expect(describeEvent(events[0]!, 1, ctx)).toBeNull();
  });
});
