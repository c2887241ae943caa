import { describe, expect, it } from 'vitest';
import { decide } from '../../shared/escalation/decide.js';
import { dueDeadlines } from '../../shared/escalation/deadlines.js';
import { initialState } from '../../shared/escalation/state.js';
import { ConflictError, ValidationError } from '../../shared/errors.js';
import { people, testMatrix } from '../fixtures/matrix.js';
import { T0, asOpen, given, openNetworkP1 } from '../fixtures/escalation.js';

describe('opening an escalation', () => {
  it('gives ownership and the SLA policy to the matrix rule that matches', () => {
    const events = decide(initialState, openNetworkP1(), T0);

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'escalation.opened',
      ticketId: '42',
      owner: { team: 'service-desk', party: 'internal' },
      matrixVersion: 'v1',
      rule: { index: 0, id: 'net-high' },
      runbook: 'https://kb.example.com/network',
      sla: { policy: 'p1', ackMinutes: 15, resolveMinutes: 240 },
      actor: { id: 'anna', name: 'Anna' },
    });
  });

  it('plans the breach and every warning on the policy calendar', () => {
    const state = asOpen(given([0, openNetworkP1()]).state);

    expect(state.plan).toEqual({
      generation: 1,
      dueAt: '2026-11-30T14:00:00.000Z',
      warnings: [
        { fraction: 0.5, at: '2026-11-30T12:00:00.000Z' },
        { fraction: 0.75, at: '2026-11-30T13:00:00.000Z' },
      ],
    });
    expect(dueDeadlines(state).map((d) => `${d.kind}@${d.dueAt}`)).toEqual([
      'sla-warning@2026-11-30T12:00:00.000Z',
      'sla-warning@2026-11-30T13:00:00.000Z',
      'sla-breach@2026-11-30T14:00:00.000Z',
    ]);
  });

  it('falls back to the coordinators and records an ambiguity when no rule covers the classification', () => {
    const events = decide(initialState, { ...openNetworkP1(), incidentType: 'network', impactTier: 3 }, T0);

    expect(events[0]).toMatchObject({ type: 'escalation.opened', owner: { team: 'service-desk' }, rule: null, sla: { policy: 'p1' } });
    expect(events[1]).toMatchObject({
      type: 'ownership.ambiguous',
      cause: 'no-rule',
      notify: [{ team: 'service-desk', party: 'internal' }, { team: 'msp-noc', party: 'msp' }],
    });
  });

  it('records a rule conflict when two equally specific rules name different owners', () => {
    const events = decide(initialState, { ...openNetworkP1(), incidentType: 'application', impactTier: 1 }, T0);

    expect(events.map((e) => e.type)).toEqual(['escalation.opened', 'ownership.ambiguous']);
    expect(events[1]).toMatchObject({ cause: 'rule-conflict', detail: expect.stringContaining('app-1-a') });
  });

  it('refuses a second open escalation on the same ticket', () => {
    const { state } = given([0, openNetworkP1()]);

    expect(() => decide(state, openNetworkP1(), T0)).toThrow(ConflictError);
  });

  it('names the bad field when the incident type or tier is not in the matrix', () => {
    const attempt = () => decide(initialState, { ...openNetworkP1(), incidentType: 'printer', impactTier: 9 }, T0);

    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).fields.map((f) => f.path)).toEqual(['incidentType', 'impactTier']);
    }
  });

  it('opens again after a resolution with a fresh clock', () => {
    const { state } = given(
      [0, openNetworkP1()],
      [30, { type: 'Resolve', resolution: 'Fixed', actor: people.anna }],
      [60, { ...openNetworkP1(), impactTier: 2, matrix: testMatrix }],
    );

    const open = asOpen(state);
    expect(open.impactTier).toBe(2);
    expect(open.startedAt).toBe('2026-11-30T11:00:00.000Z');
    expect(open.clock.elapsedMinutes).toBe(0);
  });
});
