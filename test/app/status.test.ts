import { describe, expect, it } from 'vitest';
import { remainingMinutes, statusModel, type Reader } from '../../freshservice-app/src/status.js';
import { at, handoffTo, openNetworkP1 } from '../fixtures/escalation.js';
import { people, testMatrix } from '../fixtures/matrix.js';
import { viewAfter } from './views.js';

const reader = (minutes: number, zone = 'Europe/Paris'): Reader => ({ zone, locale: 'en-GB', now: at(minutes) });

describe('the status block', () => {
  it('shows the owner, the business time left and the due time in the agent’s zone and the owner’s', () => {
    const view = viewAfter(60, [0, openNetworkP1()]);
    const model = statusModel(view, testMatrix, remainingMinutes(view, testMatrix, at(60), at(60)), reader(60));

    expect(model).toMatchObject({
      state: 'running',
      owner: 'Service Desk · Contoso IT',
      clock: '3 h of business time left',
      due: 'Due Mon 30 Nov, 15:00 (your time, Paris)',
      dueOwner: 'Mon 30 Nov, 14:00 for Service Desk (UTC)',
      classification: 'network · impact tier 1 · SLA p1 · decided by matrix v1',
      runbook: 'https://kb.example.com/network',
      pending: null,
    });
  });

  it('leaves out the owner’s due time when it reads the same as the agent’s', () => {
    const view = viewAfter(0, [0, openNetworkP1()]);

    expect(statusModel(view, testMatrix, 240, reader(0, 'UTC')).dueOwner).toBeNull();
  });

  it('counts down on the policy’s calendar between loads, without asking the backend', () => {
    const view = viewAfter(60, [0, openNetworkP1()]);

    expect(remainingMinutes(view, testMatrix, at(60), at(90))).toBe(150);
  });

  it('does not count down while paused, and says so', () => {
    const view = viewAfter(60, [0, openNetworkP1()], [30, { type: 'PauseClock', reason: 'Waiting for the carrier', actor: people.anna }]);
    const model = statusModel(view, testMatrix, remainingMinutes(view, testMatrix, at(60), at(120)), reader(120));

    expect(model).toMatchObject({ state: 'paused', clock: '3 h 30 min of business time left (clock paused)', pausedReason: 'Paused: Waiting for the carrier', due: 'No due time while the clock is paused' });
  });

  it('shows a warning once one was recorded, and a breach with the time over', () => {
    const warned = viewAfter(130, [0, openNetworkP1()], [130, { type: 'FireDeadline', deadline: { kind: 'sla-warning', generation: 1, fraction: 0.5 } }]);
    const breached = viewAfter(250, [0, openNetworkP1()], [250, { type: 'FireDeadline', deadline: { kind: 'sla-breach', generation: 1 } }]);

    expect(statusModel(warned, testMatrix, remainingMinutes(warned, testMatrix, at(130), at(130)), reader(130)).state).toBe('warned');
    expect(statusModel(breached, testMatrix, remainingMinutes(breached, testMatrix, at(250), at(250)), reader(250))).toMatchObject({
      state: 'breached',
      clock: 'Over the target by 10 min of business time',
    });
  });

  it('names the pending handoff, who must accept it and by when, and marks it overdue', () => {
    const view = viewAfter(40, [0, openNetworkP1()], [5, handoffTo('msp-noc')], [30, { type: 'FireDeadline', deadline: { kind: 'ack-due', generation: 1, handoffId: 'h1' } }]);
    const model = statusModel(view, testMatrix, 200, reader(40));

    expect(model.pending).toEqual({ text: 'Handoff from Service Desk waiting: MSP NOC (nick) must accept it by Mon 30 Nov, 11:20 — overdue', overdue: true });
  });

  it('keeps working without the matrix, naming teams by id', () => {
    const view = viewAfter(0, [0, openNetworkP1()]);

    expect(statusModel(view, null, 240, reader(0))).toMatchObject({ owner: 'service-desk · internal', dueOwner: null });
  });

  it('says whether a resolved escalation met its target', () => {
    const view = viewAfter(100, [0, openNetworkP1()], [100, { type: 'Resolve', resolution: 'Circuit restored', actor: people.anna }]);

    expect(statusModel(view, testMatrix, 140, reader(100))).toMatchObject({ state: 'resolved', stateText: 'Resolved within target', due: null, clock: 'Took 1 h 40 min of business time (target 4 h)' });
  });
});
