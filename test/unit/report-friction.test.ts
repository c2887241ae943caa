// Friction points over hand-written events: which rule each event happened under, and what is scored.
import { describe, expect, it } from 'vitest';
import type { EscalationEvent, EventOf, RecordedEvent, TeamRef } from '../../shared/escalation/events.js';
import { FrictionAccumulator } from '../../shared/kpi/friction.js';

const WEEK = { from: '2026-11-30T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' };
const desk: TeamRef = { team: 'service-desk', party: 'internal' };
const noc: TeamRef = { team: 'msp-noc', party: 'msp' };
const sla = { policy: 'p1', ackMinutes: 15, resolveMinutes: 240, warnAt: [0.75], calendar: { id: 'always', timezone: 'UTC', alwaysOpen: true } };
const decided = (incidentType: string, rule: { index: number; id?: string } | null, runbook?: string) => ({
  incidentType, impactTier: 1, matrixVersion: 'v3', rule, ...(runbook ? { runbook } : {}), sla, coordinators: [desk, noc],
});
const opened = (at: string, d: ReturnType<typeof decided>): EventOf<'escalation.opened'> => ({ type: 'escalation.opened', at, ticketId: 'T', owner: desk, plan: { generation: 1, dueAt: at, warnings: [] }, ...d });
const reclassified = (at: string, d: ReturnType<typeof decided>): EventOf<'escalation.reclassified'> => ({ type: 'escalation.reclassified', at, reason: 'It was the firewall', plan: null, suggestedOwner: null, ...d });
const rejected = (at: string, reason: 'not-our-scope' | 'other'): EventOf<'handoff.rejected'> => ({ type: 'handoff.rejected', at, handoffId: 'h1', from: desk, to: noc, reason, notify: [desk] });
const breached = (at: string): EventOf<'sla.breached'> => ({ type: 'sla.breached', at, recordedAt: at, generation: 1, elapsedBusinessMinutes: 240, dueAt: at, owner: noc, notify: [desk, noc] });

function feed(friction: FrictionAccumulator, ticketId: string, events: EscalationEvent[], firstSeq = 1): RecordedEvent[] {
  const recorded = events.map((event, i) => ({ ticketId, seq: firstSeq + i, event }));
  for (const r of recorded) friction.add(r);
  return recorded;
}

describe('friction points', () => {
  it('counts each event for the rule in force when it happened, across a reclassification', () => {
    const friction = new FrictionAccumulator(WEEK);
    feed(friction, 'A', [
      opened('2026-12-01T09:00:00Z', decided('network', { index: 0, id: 'network-major' }, 'https://kb.example.com/net')),
      rejected('2026-12-01T09:30:00Z', 'other'),
      reclassified('2026-12-01T10:00:00Z', decided('security', { index: 8, id: 'security-major' }, 'https://kb.example.com/sec')),
      breached('2026-12-01T13:00:00Z'),
    ]);

    const { rules, incidentTypes } = friction.result(10);

    // One each: the tie goes to the one with more breaches.
    expect(rules.map((p) => [p.key, p.counts.rework, p.counts.breaches, p.runbook])).toEqual([
      ['rule:security-major', 0, 1, 'https://kb.example.com/sec'],
      ['rule:network-major', 1, 0, 'https://kb.example.com/net'],
    ]);
    expect(incidentTypes.map((p) => p.key)).toEqual(['type:security', 'type:network']);
  });

  it('weighs a not-our-scope rejection twice (rework and ownership), ranks by score then breaches, and names a rule without an id by its place', () => {
    const friction = new FrictionAccumulator(WEEK);
    feed(friction, 'A', [opened('2026-12-01T09:00:00Z', decided('network', { index: 2 })), rejected('2026-12-01T09:30:00Z', 'not-our-scope')]);
    feed(friction, 'B', [opened('2026-12-01T09:00:00Z', decided('server', null)), breached('2026-12-01T13:00:00Z'), breached('2026-12-02T13:00:00Z')]);

    const { rules } = friction.result(10);

    expect(rules.map((p) => [p.key, p.label, p.score])).toEqual([
      ['no-rule', 'No rule (the fallback owner)', 2],
      ['rule:v3#2', 'Rule 3 of matrix v3', 2],
    ]);
  });

  it('names escalations whose deciding event it has not seen, and places them once their history is added', () => {
    const friction = new FrictionAccumulator(WEEK);
    const history: RecordedEvent[] = [{ ticketId: 'OLD', seq: 1, event: opened('2026-11-20T09:00:00Z', decided('application', { index: 4, id: 'application-other' })) }];
    feed(friction, 'OLD', [rejected('2026-12-01T09:30:00Z', 'other')], 7);

    expect(friction.unattributed()).toEqual(['OLD']);
    expect(friction.result(10).unattributed).toBe(1);
    friction.addHistory(history);
    expect(friction.unattributed()).toEqual([]);
    expect(friction.result(10).rules.map((p) => [p.key, p.examples])).toEqual([['rule:application-other', ['OLD']]]);
  });

  it('counts an event read twice (through the week index and a late record) once, and nothing outside the period', () => {
    const friction = new FrictionAccumulator(WEEK);
    const events = feed(friction, 'A', [opened('2026-12-01T09:00:00Z', decided('network', { index: 0, id: 'n' })), breached('2026-12-06T23:59:00Z'), rejected('2026-12-07T00:00:00Z', 'other')]);
    for (const r of events) friction.add(r);

    expect(friction.result(10).rules.map((p) => [p.score, p.counts.breaches, p.counts.rework])).toEqual([[1, 1, 0]]);
  });
});
