/**
 * Deadlines are recorded as of the instant they fell due, however late (or often) they are noticed, and
 * an escalation resolved at or after its due instant is breached first and never within target.
 * The p1 policy of the test matrix: 240 business minutes on an always-open calendar, warnings at 50% and
 * 75%, acknowledgement within 15 minutes; so the warnings fall due at minutes 120 and 180, the breach at 240.
 */
import { describe, expect, it } from 'vitest';
import type { EscalationCommand } from '../../shared/escalation/commands.js';
import { decide } from '../../shared/escalation/decide.js';
import { dueDeadlines, type Deadline } from '../../shared/escalation/deadlines.js';
import type { EscalationEvent, RecordedEvent } from '../../shared/escalation/events.js';
import { evolve, type EscalationState } from '../../shared/escalation/state.js';
import { escalationViewSchema, toView } from '../../shared/escalation/view.js';
import { people } from '../fixtures/matrix.js';
import { ack, at, given, handoffTo, openNetworkP1 } from '../fixtures/escalation.js';

const fire = ({ dueAt: _dueAt, ...deadline }: Deadline): EscalationCommand => ({ type: 'FireDeadline', deadline });
const fireBreach: EscalationCommand = { type: 'FireDeadline', deadline: { kind: 'sla-breach', generation: 1 } };
const resolve: EscalationCommand = { type: 'Resolve', resolution: 'Carrier replaced the line card', actor: people.anna };
const ms = (minutes: number, plusMs = 0) => new Date(at(minutes).getTime() + plusMs);
const iso = (minutes: number, plusMs = 0) => ms(minutes, plusMs).toISOString();

function withoutRecordedAt(events: EscalationEvent[]) {
  return events.map((event) => {
    const { recordedAt: _recordedAt, ...rest } = event as EscalationEvent & { recordedAt?: string };
    return rest;
  });
}

/** What a deadline event says about itself: what fell due, when, with how much of the clock used, and when it was noticed. */
function deadlineLines(events: EscalationEvent[]): Array<Record<string, unknown>> {
  return events.flatMap((e): Array<Record<string, unknown>> => {
    switch (e.type) {
      case 'sla.warning':
        return [{ type: e.type, fraction: e.fraction, at: e.at, elapsedBusinessMinutes: e.elapsedBusinessMinutes, recordedAt: e.recordedAt }];
      case 'sla.breached':
        return [{ type: e.type, at: e.at, elapsedBusinessMinutes: e.elapsedBusinessMinutes, recordedAt: e.recordedAt }];
      case 'handoff.ack-overdue':
        return [{ type: e.type, at: e.at, ackDueAt: e.ackDueAt, recordedAt: e.recordedAt }];
      default:
        return [];
    }
  });
}

/** Decides `command` at `now` on top of `given`, returning the whole record and the new state. */
function then(history: { state: EscalationState; events: EscalationEvent[] }, command: EscalationCommand, now: Date) {
  const produced = decide(history.state, command, now);
  return { produced, state: produced.reduce(evolve, history.state), events: [...history.events, ...produced] };
}

const recorded = (events: EscalationEvent[]): RecordedEvent[] => events.map((event, i) => ({ ticketId: '42', seq: i + 1, event }));

function viewOf(state: EscalationState, events: EscalationEvent[], now: Date) {
  if (state.status === 'none') throw new Error('expected an escalation');
  return escalationViewSchema.parse(toView(state, recorded(events), events.length, now));
}

describe('deadlines are recorded as of their due instant', () => {
  it('records the same warnings and breach from 300 one-minute scheduler ticks as from one 300-minute jump, apart from recordedAt', () => {
    // Given a scheduler that, every minute for 300 minutes, delivers each deadline still scheduled
    let ticked = given([0, openNetworkP1()]);
    for (let minute = 1; minute <= 300; minute++) {
      for (const deadline of dueDeadlines(ticked.state)) ticked = then(ticked, fire(deadline), at(minute));
    }
    // And one that sleeps through all of it and delivers a single firing at minute 300
    const jumped = then(given([0, openNetworkP1()]), fireBreach, at(300));

    // Then both records are the same apart from when each deadline was noticed
    expect(withoutRecordedAt(ticked.events)).toEqual(withoutRecordedAt(jumped.events));
    expect(deadlineLines(ticked.events)).toEqual([
      { type: 'sla.warning', fraction: 0.5, at: iso(120), elapsedBusinessMinutes: 120, recordedAt: iso(120) },
      { type: 'sla.warning', fraction: 0.75, at: iso(180), elapsedBusinessMinutes: 180, recordedAt: iso(180) },
      { type: 'sla.breached', at: iso(240), elapsedBusinessMinutes: 240, recordedAt: iso(240) },
    ]);
    expect(deadlineLines(jumped.events)).toEqual([
      { type: 'sla.warning', fraction: 0.5, at: iso(120), elapsedBusinessMinutes: 120, recordedAt: iso(300) },
      { type: 'sla.warning', fraction: 0.75, at: iso(180), elapsedBusinessMinutes: 180, recordedAt: iso(300) },
      { type: 'sla.breached', at: iso(240), elapsedBusinessMinutes: 240, recordedAt: iso(300) },
    ]);
  });

  it('records every overdue deadline at its due instant when a firing arrives late, with recordedAt the firing time', () => {
    // Given an escalation handed off at minute 5, so the acknowledgement is due at minute 20
    const history = given([0, openNetworkP1()], [5, handoffTo('msp-noc')]);

    // When the scheduler delivers the acknowledgement deadline only at minute 250
    const ackDue = dueDeadlines(history.state).find((d) => d.kind === 'ack-due');
    if (!ackDue) throw new Error('expected an acknowledgement deadline');
    const { produced } = then(history, fire(ackDue), at(250));

    // Then everything that fell due by then is recorded, in due order, each as of its own due instant
    expect(deadlineLines(produced)).toEqual([
      { type: 'handoff.ack-overdue', at: iso(20), ackDueAt: iso(20), recordedAt: iso(250) },
      { type: 'sla.warning', fraction: 0.5, at: iso(120), elapsedBusinessMinutes: 120, recordedAt: iso(250) },
      { type: 'sla.warning', fraction: 0.75, at: iso(180), elapsedBusinessMinutes: 180, recordedAt: iso(250) },
      { type: 'sla.breached', at: iso(240), elapsedBusinessMinutes: 240, recordedAt: iso(250) },
    ]);
    // And the firing records nothing of its own
    expect(produced).toHaveLength(4);
  });
});

describe('an escalation resolved around its due instant', () => {
  it('is breached first, and resolved outside its target, when resolved exactly at the due minute', () => {
    // Given an escalation opened at minute 0, with no firing delivered
    const history = given([0, openNetworkP1()]);

    // When it is resolved at minute 240, the breach's due instant
    const { produced } = then(history, resolve, at(240));

    // Then the breach is recorded first, as of its due instant, and the resolution misses the target
    expect(produced.map((e) => e.type)).toEqual(['sla.warning', 'sla.warning', 'sla.breached', 'escalation.resolved']);
    expect(produced[2]).toMatchObject({ type: 'sla.breached', at: iso(240), elapsedBusinessMinutes: 240, recordedAt: iso(240) });
    expect(produced[3]).toMatchObject({ type: 'escalation.resolved', at: iso(240), elapsedBusinessMinutes: 240, withinTarget: false });
  });

  it('is within target, with no breach, when resolved one millisecond before the due instant (even after a breach firing that came a second early)', () => {
    // Given an escalation whose scheduler delivered the breach firing a second before it was due
    const history = then(given([0, openNetworkP1()]), fireBreach, ms(240, -1000));

    // When it is resolved one millisecond before the breach's due instant
    const { produced, events } = then(history, resolve, ms(240, -1));

    // Then the warnings are on record, no breach is, and the resolution is within target
    expect(events.map((e) => e.type)).toEqual(['escalation.opened', 'sla.warning', 'sla.warning', 'escalation.resolved']);
    expect(produced).toEqual([expect.objectContaining({ type: 'escalation.resolved', at: iso(240, -1), withinTarget: true })]);
  });

  it('records the breach at its due instant before a resolution that arrives 30 seconds after it, with no firing delivered', () => {
    // Given an escalation opened at minute 0, whose scheduler delivered nothing
    const history = given([0, openNetworkP1()]);

    // When it is resolved 30 seconds after the breach fell due
    const { produced } = then(history, resolve, ms(240, 30_000));

    // Then the warnings and the breach come first, each as of its due instant, and the resolution misses the target
    expect(deadlineLines(produced)).toEqual([
      { type: 'sla.warning', fraction: 0.5, at: iso(120), elapsedBusinessMinutes: 120, recordedAt: iso(240, 30_000) },
      { type: 'sla.warning', fraction: 0.75, at: iso(180), elapsedBusinessMinutes: 180, recordedAt: iso(240, 30_000) },
      { type: 'sla.breached', at: iso(240), elapsedBusinessMinutes: 240, recordedAt: iso(240, 30_000) },
    ]);
    expect(produced.at(-1)).toMatchObject({ type: 'escalation.resolved', at: iso(240, 30_000), elapsedBusinessMinutes: 240.5, withinTarget: false });
  });
});

describe('the acknowledgement deadline and the view', () => {
  it('records the acknowledgement overdue before an acknowledgement that arrives exactly at ackDueAt, and the view says when it fell overdue', () => {
    // Given a handoff requested at minute 5, to be acknowledged by minute 20
    const history = given([0, openNetworkP1()], [5, handoffTo('msp-noc')]);

    // When the receiving team acknowledges exactly at minute 20
    const { produced, state, events } = then(history, ack('h1'), at(20));

    // Then the acknowledgement deadline is recorded as passed first, then the acknowledgement
    expect(produced.map((e) => e.type)).toEqual(['handoff.ack-overdue', 'handoff.acknowledged']);
    expect(produced[0]).toMatchObject({ at: iso(20), recordedAt: iso(20), ackDueAt: iso(20), handoffId: 'h1' });
    // And the view shows the handoff acknowledged, overdue since its due instant
    const view = viewOf(state, events, at(20));
    expect(view.pendingHandoff).toBeNull();
    expect(view.handoffs[0]).toMatchObject({ id: 'h1', status: 'acknowledged', ackDueAt: iso(20), overdue: true, overdueAt: iso(20), closedAt: iso(20) });
  });

  it("shows sla.withinTarget as the events say: null while open and unbreached, false once breached, true when resolved in time", () => {
    const opened = given([0, openNetworkP1()]);

    // While open, before the due instant: not decided yet
    const running = then(opened, fireBreach, at(200));
    expect(running.events.some((e) => e.type === 'sla.breached')).toBe(false);
    expect(viewOf(running.state, running.events, at(200)).sla).toMatchObject({ withinTarget: null, breachedAt: null });

    // Open and breached (the firing noticed it late): missed, as of the due instant
    const breached = then(opened, fireBreach, at(260));
    expect(viewOf(breached.state, breached.events, at(260)).sla).toMatchObject({ withinTarget: false, breachedAt: iso(240) });

    // Resolved exactly at the due instant: the breach comes first, and the view agrees with the resolution
    const late = then(opened, resolve, at(240));
    const lateResolution = late.produced.find((e) => e.type === 'escalation.resolved');
    expect(lateResolution).toMatchObject({ withinTarget: false });
    expect(viewOf(late.state, late.events, at(240)).sla).toMatchObject({ withinTarget: false, breachedAt: iso(240) });

    // Resolved a minute before it: met, and no breach anywhere
    const inTime = then(opened, resolve, at(239));
    expect(inTime.produced.find((e) => e.type === 'escalation.resolved')).toMatchObject({ withinTarget: true });
    expect(inTime.events.some((e) => e.type === 'sla.breached')).toBe(false);
    expect(viewOf(inTime.state, inTime.events, at(300)).sla).toMatchObject({ withinTarget: true, breachedAt: null });
  });
});
