import { describe, expect, it } from 'vitest';
import type { EscalationCommand } from '../../shared/escalation/commands.js';
import { fold } from '../../lambdas/app/escalations.js';
import { MAX_DELIVERY_ATTEMPTS, outstanding } from '../../lambdas/app/outbox-process.js';
import { planOutbox } from '../../lambdas/app/outbox-plan.js';
import type { Delivery } from '../../lambdas/app/ports.js';
import { ack, given, handoffTo, openNetworkP1, type Step } from '../fixtures/escalation.js';
import { testMatrix } from '../fixtures/matrix.js';

const deliverer = { has: () => true, send: async () => {} };

/** The escalation after `steps`, as the sweeper loads it. */
function loaded(...steps: Step[]) {
  const { events } = given(...steps);
  const recorded = events.map((event, i) => ({ ticketId: '42', seq: i + 1, event }));
  return { history: { version: recorded.length, events: recorded }, state: fold(recorded) };
}

/** The outbox the handoff's commit wrote (open at minute 0, handoff at minute 5): the ack deadline, the local file. */
function handoffOutbox() {
  const before = loaded([0, openNetworkP1()]);
  const after = loaded([0, openNetworkP1()], [5, handoffTo('msp-noc')]);
  const recorded = after.history.events.slice(before.history.events.length);
  return planOutbox({ tenant: 't', ticketId: '42', before: before.state, after: after.state, recorded, matrix: testMatrix, deliverer, ticketNotes: false });
}

const outcome = (delivery: Delivery, outcome: 'sent' | 'failed', attempt: number): EscalationCommand => ({
  type: 'RecordNotification',
  outcome,
  forSeq: delivery.forSeq,
  channel: delivery.address.kind,
  target: delivery.target,
  attempt,
  ...(outcome === 'failed' ? { error: 'HTTP 500' } : {}),
});

describe('what a stored outbox still owes', () => {
  const outbox = handoffOutbox();
  const delivery = outbox.deliveries[0]!;
  const handedOff: Step[] = [[0, openNetworkP1()], [5, handoffTo('msp-noc')]];

  it('owes everything when nothing of it was carried out (a crash right after the commit)', () => {
    expect(outbox.schedule.map((d) => d.kind)).toEqual(['ack-due']);
    expect(delivery).toMatchObject({ address: { kind: 'outbox-file' }, attempts: 0 });

    expect(outstanding(outbox, loaded(...handedOff))).toEqual(outbox);
  });

  it('owes no delivery whose sending the escalation recorded', () => {
    const owed = outstanding(outbox, loaded(...handedOff, [6, outcome(delivery, 'sent', 1)]));

    expect(owed.deliveries).toEqual([]);
  });

  it('resumes a failing delivery at the attempt its events reached, and gives up after the last', () => {
    expect(outstanding(outbox, loaded(...handedOff, [6, outcome(delivery, 'failed', 1)], [8, outcome(delivery, 'failed', 2)])).deliveries).toEqual([{ ...delivery, attempts: 2 }]);

    const exhausted = outstanding(outbox, loaded(...handedOff, [6, outcome(delivery, 'failed', MAX_DELIVERY_ATTEMPTS)]));
    expect(exhausted.deliveries).toEqual([]);
  });

  it('schedules only deadlines the escalation still has, and keeps the cancellation of those it no longer has', () => {
    expect(outstanding(outbox, loaded(...handedOff)).schedule).toEqual(outbox.schedule);

    // Acknowledged since: the acknowledgement deadline is gone, so scheduling it now would be wrong.
    const acknowledged = outstanding(outbox, loaded(...handedOff, [7, ack('h1')]));
    expect(acknowledged.schedule).toEqual([]);

    const cancelling = { ...outbox, schedule: [], cancel: outbox.schedule };
    expect(outstanding(cancelling, loaded(...handedOff, [7, ack('h1')])).cancel).toEqual(outbox.schedule);
    expect(outstanding(cancelling, loaded(...handedOff)).cancel).toEqual([]);
  });
});
