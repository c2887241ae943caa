import { describe, expect, it } from 'vitest';
import { decide } from '../../shared/escalation/decide.js';
import type { EscalationCommand } from '../../shared/escalation/commands.js';
import { deadlineChanges, deadlineKey, deadlineSchema, dueDeadlines, type DeadlineRef } from '../../shared/escalation/deadlines.js';
import { evolve } from '../../shared/escalation/state.js';
import { people, testMatrix } from '../fixtures/matrix.js';
import { ack, asOpen, at, given, handoffTo, openNetworkP1 } from '../fixtures/escalation.js';

const fire = (deadline: DeadlineRef): EscalationCommand => ({ type: 'FireDeadline', deadline });

describe('deadline firings', () => {
  it('warns both accountable parties when a warning threshold is reached', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')], [10, ack('h1')]);

    const events = decide(state, fire({ kind: 'sla-warning', generation: 1, fraction: 0.5 }), at(120));

    expect(events).toEqual([
      expect.objectContaining({
        type: 'sla.warning',
        fraction: 0.5,
        elapsedBusinessMinutes: 120,
        owner: { team: 'msp-noc', party: 'msp' },
        notify: [{ team: 'msp-noc', party: 'msp' }, { team: 'service-desk', party: 'internal' }],
      }),
    ]);
  });

  it("warns the other party's coordinators when that party never held the ticket", () => {
    const { state } = given([0, { ...openNetworkP1(), incidentType: 'server', impactTier: 2 }]);

    const breach = decide(state, fire({ kind: 'sla-breach', generation: 1 }), new Date('2026-12-02T12:00:00.000Z')).find((e) => e.type === 'sla.breached');

    expect(breach).toMatchObject({ notify: [{ team: 'infrastructure' }, { team: 'msp-noc', party: 'msp' }] });
  });

  it('acts on the same firing only once', () => {
    const { state } = given([0, openNetworkP1()]);

    const first = decide(state, fire({ kind: 'sla-breach', generation: 1 }), at(240));
    const afterFirst = first.reduce(evolve, state);
    const second = decide(afterFirst, fire({ kind: 'sla-breach', generation: 1 }), at(241));

    expect(first.map((e) => e.type)).toEqual(['sla.warning', 'sla.warning', 'sla.breached']);
    expect(second).toEqual([]);
  });

  it('records nothing of its own for a firing of a stale generation', () => {
    const { state } = given([0, openNetworkP1()], [10, { type: 'PauseClock', reason: 'Vendor', actor: people.anna }], [20, { type: 'ResumeClock', actor: people.anna }]);

    const stale = decide(state, fire({ kind: 'sla-breach', generation: 1 }), at(240));

    // Only the current generation's warnings, due at 130 and 190, are recorded; its breach is due at 250.
    expect(stale.map((e) => (e.type === 'sla.warning' ? `${e.generation}@${e.at}` : e.type))).toEqual([`2@${at(130).toISOString()}`, `2@${at(190).toISOString()}`]);
    expect(decide(state, fire({ kind: 'sla-breach', generation: 2 }), at(250)).map((e) => e.type)).toEqual(['sla.warning', 'sla.warning', 'sla.breached']);
  });

  it('records no breach for a firing that arrives a second before the due instant', () => {
    const { state } = given([0, openNetworkP1()]);

    const early = decide(state, fire({ kind: 'sla-breach', generation: 1 }), new Date(at(240).getTime() - 1000));

    expect(early.map((e) => e.type)).toEqual(['sla.warning', 'sla.warning']);
  });

  it('records nothing for a firing long before anything is due', () => {
    const { state } = given([0, openNetworkP1()]);

    expect(decide(state, fire({ kind: 'sla-breach', generation: 1 }), at(100))).toEqual([]);
  });

  it('records an overdue acknowledgement and tells the sender, the receiving team and the coordinators', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-l2')]);

    const events = decide(state, fire({ kind: 'ack-due', generation: 1, handoffId: 'h1' }), at(20));

    expect(events).toEqual([
      expect.objectContaining({
        type: 'handoff.ack-overdue',
        handoffId: 'h1',
        notify: [
          { team: 'service-desk', party: 'internal' },
          { team: 'msp-l2', party: 'msp' },
          { team: 'msp-noc', party: 'msp' },
        ],
      }),
    ]);
  });

  it('keeps an overdue handoff pending so the receiving team can still acknowledge it', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-l2')], [20, fire({ kind: 'ack-due', generation: 1, handoffId: 'h1' })], [30, ack('h1', people.lee)]);

    expect(asOpen(state).owner.team).toBe('msp-l2');
    expect(asOpen(state).handoffs[0]).toMatchObject({ status: 'acknowledged', overdue: true });
  });

  it('ignores an acknowledgement deadline once the handoff was acknowledged', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')], [10, ack('h1')]);

    expect(decide(state, fire({ kind: 'ack-due', generation: 1, handoffId: 'h1' }), at(20))).toEqual([]);
  });

  it('ignores every firing once the escalation is resolved', () => {
    const { state } = given([0, openNetworkP1()], [10, { type: 'Resolve', resolution: 'Done', actor: people.anna }]);

    expect(decide(state, fire({ kind: 'sla-breach', generation: 1 }), at(240))).toEqual([]);
    expect(dueDeadlines(state)).toEqual([]);
  });
});

describe('deadline bookkeeping', () => {
  it('names deadlines deterministically', () => {
    expect(deadlineKey({ kind: 'sla-warning', generation: 2, fraction: 0.75 })).toBe('sla-warning-g2-750');
    expect(deadlineKey({ kind: 'sla-breach', generation: 3 })).toBe('sla-breach-g3');
    expect(deadlineKey({ kind: 'ack-due', generation: 1, handoffId: 'h4' })).toBe('ack-due-h4');
  });

  it('reads a deadline stored before each kind had its own fields under the key it was stored with', () => {
    const dueAt = at(20).toISOString();
    const older = [{ kind: 'ack-due', generation: 2, dueAt }, { kind: 'sla-warning', generation: 1, dueAt }, { kind: 'sla-breach', generation: 1, fraction: 0.5, handoffId: 'h1', dueAt }];

    const read = older.map((d) => deadlineSchema.parse(d));

    expect(read).toEqual([{ kind: 'ack-due', generation: 2, handoffId: 'h2', dueAt }, { kind: 'sla-warning', generation: 1, fraction: 0, dueAt }, { kind: 'sla-breach', generation: 1, dueAt }]);
    expect(read.map(deadlineKey)).toEqual(['ack-due-h2', 'sla-warning-g1-0', 'sla-breach-g1']);
  });

  it('reads a deadline stored with its kind\'s fields as it was stored', () => {
    const current = dueDeadlines(given([0, openNetworkP1()], [5, handoffTo('msp-noc')]).state);

    expect(current.map((d) => deadlineSchema.parse(JSON.parse(JSON.stringify(d))))).toEqual(current);
  });

  it('refuses a stored deadline of a kind it does not know', () => {
    expect(deadlineSchema.safeParse({ kind: 'sla-reminder', generation: 1, dueAt: at(20).toISOString() }).success).toBe(false);
  });

  it('replaces every clock deadline of the old generation on a pause and resume', () => {
    const before = given([0, openNetworkP1()]).state;
    const after = given([0, openNetworkP1()], [10, { type: 'PauseClock', reason: 'Vendor', actor: people.anna }], [20, { type: 'ResumeClock', actor: people.anna }]).state;

    const { schedule, cancel } = deadlineChanges(dueDeadlines(before), dueDeadlines(after));

    expect(cancel.map(deadlineKey)).toEqual(['sla-warning-g1-500', 'sla-warning-g1-750', 'sla-breach-g1']);
    expect(schedule.map((d) => `${deadlineKey(d)}@${d.dueAt}`)).toEqual([
      `sla-warning-g2-500@${at(130).toISOString()}`,
      `sla-warning-g2-750@${at(190).toISOString()}`,
      `sla-breach-g2@${at(250).toISOString()}`,
    ]);
  });

  it('adds only the acknowledgement deadline when a handoff is requested', () => {
    const before = given([0, openNetworkP1()]).state;
    const after = given([0, openNetworkP1()], [5, handoffTo('msp-noc')]).state;

    const { schedule, cancel } = deadlineChanges(dueDeadlines(before), dueDeadlines(after));

    expect(cancel).toEqual([]);
    expect(schedule).toEqual([{ kind: 'ack-due', generation: 1, handoffId: 'h1', dueAt: at(20).toISOString() }]);
  });
});

describe('queue moves in the ticket system', () => {
  const move = (fromGroupId: number | null, toGroupId: number | null) => ({ type: 'RecordGroupChange', fromGroupId, toGroupId, matrix: testMatrix }) as const;

  it('records a move to a team that accepted no handoff as a silent transfer', () => {
    const { state } = given([0, openNetworkP1()]);

    const events = decide(state, move(1001, 2002), at(5));

    expect(events).toEqual([
      expect.objectContaining({
        type: 'ownership.silent-transfer',
        fromGroupId: 1001,
        toGroupId: 2002,
        toTeam: { team: 'msp-l2', party: 'msp' },
        owner: { team: 'service-desk', party: 'internal' },
        notify: [{ team: 'service-desk', party: 'internal' }, { team: 'msp-l2', party: 'msp' }, { team: 'msp-noc', party: 'msp' }],
      }),
    ]);
  });

  it('accepts a move to the team a handoff is pending for', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-l2')]);

    expect(decide(state, move(1001, 2002), at(6))).toEqual([]);
  });

  it('accepts a move to the team that already owns the escalation', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')], [6, ack('h1')]);

    expect(decide(state, move(1001, 2001), at(7))).toEqual([]);
  });

  it('records a move to a group the matrix does not know as a silent transfer', () => {
    const { state } = given([0, openNetworkP1()]);

    expect(decide(state, move(1001, 9999), at(5))[0]).toMatchObject({ type: 'ownership.silent-transfer', toTeam: null });
  });
});
