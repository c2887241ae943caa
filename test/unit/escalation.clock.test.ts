import { describe, expect, it } from 'vitest';
import type { ActingUser } from '../../shared/escalation/commands.js';
import { decide } from '../../shared/escalation/decide.js';
import { clockAt, dueDeadlines } from '../../shared/escalation/deadlines.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../shared/errors.js';
import { people, testMatrix } from '../fixtures/matrix.js';
import { ack, asOpen, at, given, handoffTo, openNetworkP1 } from '../fixtures/escalation.js';

const pause = (reason = 'Waiting for the carrier', actor: ActingUser = people.anna) => ({ type: 'PauseClock', reason, actor }) as const;
const resume = (actor: ActingUser = people.anna) => ({ type: 'ResumeClock', actor }) as const;

describe('the resolution clock', () => {
  it('keeps the resolution deadline when a handoff is requested and acknowledged', () => {
    const before = asOpen(given([0, openNetworkP1()]).state).plan;
    const after = asOpen(given([0, openNetworkP1()], [30, handoffTo('msp-noc')], [40, ack('h1')]).state).plan;

    expect(after).toEqual(before);
  });

  it('attributes business time to the owning party, and handoff waiting time to the receiving party', () => {
    const { state } = given([0, openNetworkP1()], [60, handoffTo('msp-noc')], [90, ack('h1')]);

    const clock = clockAt(asOpen(state), at(180));
    expect(clock.elapsedMinutes).toBe(180);
    expect(clock.byParty).toEqual({ internal: 60, msp: 120 });
    expect(clock.inHandoff).toEqual({ msp: 30 });
  });

  it('stops while paused and moves every deadline by the paused time on resume', () => {
    const { state, events } = given([0, openNetworkP1()], [60, pause()], [100, resume()]);

    const open = asOpen(state);
    expect(clockAt(open, at(100)).elapsedMinutes).toBe(60);
    expect(open.plan).toEqual({
      generation: 2,
      dueAt: at(280).toISOString(),
      warnings: [
        { fraction: 0.5, at: at(160).toISOString() },
        { fraction: 0.75, at: at(220).toISOString() },
      ],
    });
    expect(events.at(-1)).toMatchObject({ type: 'sla.resumed', pausedMinutes: 40 });
  });

  it('schedules nothing for the clock while paused', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')], [15, pause()]);

    expect(dueDeadlines(state).map((d) => d.kind)).toEqual(['ack-due']);
  });

  it('requires a reason to pause', () => {
    const { state } = given([0, openNetworkP1()]);

    expect(() => decide(state, pause('  '), at(1))).toThrow(ValidationError);
  });

  it('lets coordinators pause but not other teams', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')], [6, ack('h1')]);

    expect(decide(state, pause('Vendor', people.anna), at(7))[0]?.type).toBe('sla.paused');
    expect(() => decide(state, pause('Vendor', people.lee), at(7))).toThrow(ForbiddenError);
  });

  it('refuses to pause twice or resume a running clock', () => {
    const paused = given([0, openNetworkP1()], [5, pause()]).state;
    const running = given([0, openNetworkP1()]).state;

    expect(() => decide(paused, pause(), at(6))).toThrow(ConflictError);
    expect(() => decide(running, resume(), at(6))).toThrow(ConflictError);
  });

  it('records resolution within target and the time each party held the ticket', () => {
    const { events } = given([0, openNetworkP1()], [60, handoffTo('msp-noc')], [90, ack('h1')], [200, { type: 'Resolve', resolution: 'Carrier fixed the circuit', actor: people.nick }]);

    expect(events.at(-1)).toMatchObject({
      type: 'escalation.resolved',
      withinTarget: true,
      elapsedBusinessMinutes: 200,
      resolveMinutes: 240,
      handoffCount: 1,
      byParty: { internal: 60, msp: 140 },
      inHandoff: { msp: 30 },
      owner: { team: 'msp-noc' },
    });
  });

  it('records a resolution past the target as missed', () => {
    const { events } = given([0, openNetworkP1()], [241, { type: 'Resolve', resolution: 'Late', actor: people.anna }]);

    expect(events.at(-1)).toMatchObject({ withinTarget: false, elapsedBusinessMinutes: 241 });
  });
});

describe('reclassifying', () => {
  it('lets the matrix decide the policy again, keeps the elapsed time and re-plans on the new calendar', () => {
    const { state, events } = given([0, openNetworkP1()], [60, { type: 'Reclassify', incidentType: 'server', reason: 'Root cause is the file server', matrix: testMatrix, actor: people.anna }]);

    const open = asOpen(state);
    expect(open.sla.policy).toBe('p3');
    expect(open.clock.elapsedMinutes).toBe(60);
    // p3: 960 business minutes on London hours (09:00-17:00); 900 remain from Monday 11:00.
    expect(open.plan).toMatchObject({ generation: 2, dueAt: '2026-12-02T10:00:00.000Z' });
    expect(events.at(-1)).toMatchObject({ type: 'escalation.reclassified', suggestedOwner: { team: 'infrastructure' } });
  });

  it('fires at once the warnings and the breach a tighter policy has already passed', () => {
    const { events } = given(
      [0, { ...openNetworkP1(), incidentType: 'server', impactTier: 3 }],
      [300, { type: 'Reclassify', incidentType: 'network', impactTier: 1, reason: 'Whole branch is down', matrix: testMatrix, actor: people.ivan }],
    );

    expect(events.slice(-4).map((e) => e.type)).toEqual(['escalation.reclassified', 'sla.warning', 'sla.warning', 'sla.breached']);
  });

  it('refuses a reclassification that changes nothing', () => {
    const { state } = given([0, openNetworkP1()]);

    expect(() => decide(state, { type: 'Reclassify', impactTier: 1, reason: 'Same', matrix: testMatrix, actor: people.anna }, at(1))).toThrow(ValidationError);
  });
});
