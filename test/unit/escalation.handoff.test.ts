import { describe, expect, it } from 'vitest';
import { decide } from '../../shared/escalation/decide.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../shared/errors.js';
import { people, testMatrix } from '../fixtures/matrix.js';
import { ack, asOpen, at, given, handoffTo, openNetworkP1, record } from '../fixtures/escalation.js';

function fieldsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('requesting a handoff', () => {
  it('records the mandatory record, a deadline on the receiving team calendar, and tells the receiving team', () => {
    const { state } = given([0, openNetworkP1()]);

    const [event] = decide(state, handoffTo('msp-l2'), at(5));

    // msp-l2 works London hours: 10:05 Monday + 15 business minutes.
    expect(event).toMatchObject({
      type: 'handoff.requested',
      handoffId: 'h1',
      from: { team: 'service-desk', party: 'internal' },
      to: { team: 'msp-l2', party: 'msp' },
      record: { diagnosis: 'WAN link to branch down; ISP circuit shows LOS' },
      ackDueAt: '2026-11-30T10:20:00.000Z',
      notify: [{ team: 'msp-l2', party: 'msp' }],
    });
  });

  it('counts the acknowledgement deadline from the next opening when the receiving team is closed', () => {
    const { state } = given([0, openNetworkP1()]);

    // Friday 4 December 16:55 London; msp-l2 closes at 17:00 and reopens Monday 09:00.
    const friday = new Date('2026-12-04T16:55:00.000Z');
    const requested = decide(state, handoffTo('msp-l2'), friday).find((e) => e.type === 'handoff.requested');

    expect(requested).toMatchObject({ ackDueAt: '2026-12-07T09:10:00.000Z' });
  });

  it('names every missing or bad field of the record', () => {
    const { state } = given([0, openNetworkP1()]);
    const bad = { ...record(), diagnosis: '  ', actionsTaken: undefined, evidence: [{ label: 'x', url: 'ftp://x' }], nextAction: '', nextActionDueAt: '2026-11-30T09:00:00Z' };

    const fields = fieldsOf(() => decide(state, { type: 'RequestHandoff', record: bad as never, matrix: testMatrix, actor: people.anna }, at(5)));

    expect(fields).toEqual(
      expect.arrayContaining([
        { path: 'diagnosis', message: 'Current diagnosis is required' },
        { path: 'actionsTaken', message: 'Actions taken is required' },
        { path: 'evidence.0.url', message: 'Evidence link must be an http(s) URL' },
        { path: 'nextAction', message: 'Next required action is required' },
        { path: 'nextActionDueAt', message: 'Next action deadline must be in the future' },
      ]),
    );
    expect(fields).toHaveLength(5);
  });

  it('requires at least one evidence link', () => {
    const { state } = given([0, openNetworkP1()]);

    const fields = fieldsOf(() => decide(state, { type: 'RequestHandoff', record: record({ evidence: [] }), matrix: testMatrix, actor: people.anna }, at(5)));

    expect(fields).toEqual([{ path: 'evidence', message: 'At least one evidence link is required' }]);
  });

  it('rejects a receiving team that is not in the matrix', () => {
    const { state } = given([0, openNetworkP1()]);

    expect(fieldsOf(() => decide(state, handoffTo('msp-nope'), at(5)))).toEqual([{ path: 'toTeam', message: 'Team "msp-nope" is not in the escalation matrix' }]);
  });

  it('lets only members of the owning team hand off', () => {
    const { state } = given([0, openNetworkP1()]);

    expect(() => decide(state, handoffTo('msp-noc', people.nick), at(5))).toThrow(ForbiddenError);
  });

  it('allows one pending handoff at a time', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')]);

    expect(() => decide(state, handoffTo('msp-l2'), at(6))).toThrow(ConflictError);
  });
});

describe('answering a handoff', () => {
  it('moves ownership to the receiving team when a member acknowledges', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')], [12, ack('h1')]);

    const open = asOpen(state);
    expect(open.owner).toEqual({ team: 'msp-noc', party: 'msp' });
    expect(open.handoffs[0]).toMatchObject({ status: 'acknowledged', closedAt: at(12).toISOString() });
  });

  it('records how long the acknowledgement took and tells the sender', () => {
    const { events } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')], [12, ack('h1')]);

    expect(events.at(-1)).toMatchObject({ type: 'handoff.acknowledged', waitedMinutes: 7, notify: [{ team: 'service-desk' }] });
  });

  it('refuses an acknowledgement from outside the receiving team', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')]);

    expect(() => decide(state, ack('h1', people.lee), at(6))).toThrow(ForbiddenError);
    expect(() => decide(state, ack('h1', people.anna), at(6))).toThrow(ForbiddenError);
  });

  it('refuses to acknowledge a handoff that is no longer pending', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')], [6, ack('h1')]);

    expect(() => decide(state, ack('h1'), at(7))).toThrow(ConflictError);
  });

  it('returns ownership to the sender on a rejection and keeps the reason', () => {
    const { state, events } = given(
      [0, openNetworkP1()],
      [5, handoffTo('msp-noc')],
      [9, { type: 'RejectHandoff', handoffId: 'h1', reason: 'not-our-scope', note: 'Branch circuits are Contoso-managed', actor: people.nick }],
    );

    expect(asOpen(state).owner.team).toBe('service-desk');
    expect(asOpen(state).handoffs[0]).toMatchObject({ status: 'rejected', reason: 'not-our-scope' });
    expect(events.at(-1)).toMatchObject({ type: 'handoff.rejected', notify: [{ team: 'service-desk' }] });
  });

  it('requires a note when the rejection reason is "other"', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')]);

    expect(fieldsOf(() => decide(state, { type: 'RejectHandoff', handoffId: 'h1', reason: 'other', note: ' ', actor: people.nick }, at(6)))).toEqual([
      { path: 'note', message: 'Say why the handoff is rejected' },
    ]);
  });

  it('lets the sender hand off again after a rejection', () => {
    const { state } = given(
      [0, openNetworkP1()],
      [5, handoffTo('msp-noc')],
      [9, { type: 'RejectHandoff', handoffId: 'h1', reason: 'missing-information', actor: people.nick }],
    );

    expect(decide(state, handoffTo('msp-noc'), at(10))[0]).toMatchObject({ type: 'handoff.requested', handoffId: 'h2' });
  });

  it('withdraws a pending handoff when the escalation is resolved', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')], [6, { type: 'Resolve', resolution: 'Link came back', actor: people.anna }]);

    expect(state.status).toBe('resolved');
    if (state.status === 'resolved') expect(state.handoffs[0]?.status).toBe('withdrawn');
  });
});
