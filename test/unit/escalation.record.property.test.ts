/**
 * The record depends only on the commands and their times: deadline firings delivered on time, late,
 * repeatedly or not at all yield the same events (apart from `recordedAt`, when a deadline was noticed).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WEEKDAYS, type CalendarSpec } from '../../shared/calendar/spec.js';
import { DomainError } from '../../shared/errors.js';
import type { ActingUser, EscalationCommand } from '../../shared/escalation/commands.js';
import { decide } from '../../shared/escalation/decide.js';
import { deadlineKey, dueDeadlines, type Deadline, type DeadlineRef } from '../../shared/escalation/deadlines.js';
import type { EscalationEvent } from '../../shared/escalation/events.js';
import { evolve, initialState, pendingHandoff, type EscalationState } from '../../shared/escalation/state.js';
import { compileMatrix, type Matrix } from '../../shared/matrix/matrix.js';
import { matrixSchema } from '../../shared/matrix/schema.js';
import { record } from '../fixtures/escalation.js';

// ---------------------------------------------------------------------------------------------
// Random matrices: the test matrix's four teams and two parties, on random business calendars.

const TEAMS = [
  { id: 'service-desk', party: 'internal', groupId: 1001 },
  { id: 'infrastructure', party: 'internal', groupId: 1002 },
  { id: 'msp-noc', party: 'msp', groupId: 2001 },
  { id: 'msp-l2', party: 'msp', groupId: 2002 },
] as const;
const TIERS = [1, 2, 3] as const;
const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'Pacific/Chatham'] as const;
/** Holidays near the start instants below. */
const HOLIDAYS = ['2026-03-09', '2026-03-30', '2026-10-26', '2026-12-01', '2026-12-25'] as const;
/** Start instants around daylight-saving changes (US 8 March, EU 29 March and 25 October 2026) and a plain week. */
const STARTS = ['2026-11-30T10:00:00.000Z', '2026-03-06T21:30:00.000Z', '2026-03-27T15:00:00.000Z', '2026-10-23T23:00:00.000Z'] as const;

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** "HH:MM-HH:MM" on the half hour, possibly ending at 24:00. */
const intervalArb = fc
  .tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 48 }))
  .map(([slot, length]) => `${hhmm(slot * 30)}-${hhmm(Math.min(1440, (slot + length) * 30))}`);

const calendarArb = (id: string): fc.Arbitrary<CalendarSpec> =>
  fc
    .record({
      timezone: fc.constantFrom(...ZONES),
      alwaysOpen: fc.boolean(),
      days: fc.array(fc.array(intervalArb, { maxLength: 2 }), { minLength: 7, maxLength: 7 }),
      holidays: fc.subarray([...HOLIDAYS]),
    })
    .map(({ timezone, alwaysOpen, days, holidays }): CalendarSpec => {
      if (alwaysOpen) return { id, timezone, alwaysOpen: true };
      const weekly = Object.fromEntries(WEEKDAYS.map((day, i) => [day, days[i] ?? []]));
      if (!Object.values(weekly).some((d) => d.length > 0)) weekly.wed = ['09:00-17:00'];
      return { id, timezone, weekly, ...(holidays.length > 0 ? { holidays } : {}) };
    });

const policyArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    ackMinutes: fc.integer({ min: 1, max: 240 }),
    resolveMinutes: fc.integer({ min: 1, max: 1500 }),
    calendar: fc.constantFrom('c0', 'c1', 'c2'),
    // Whole percents, in any order: unique deadline keys, and the decider must order them itself.
    warnAt: fc.uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 3 }).map((ps) => ps.map((p) => p / 100)),
  });

const ruleArb = (tier: number) =>
  fc.record({ id: fc.constant(`tier-${tier}`), match: fc.constant({ incidentType: 'network', impactTier: tier }), owner: fc.constantFrom(...TEAMS.map((t) => t.id)), sla: fc.constantFrom('p1', 'p2', 'p3') });

const matrixArb: fc.Arbitrary<Matrix> = fc
  .record({
    calendars: fc.tuple(calendarArb('c0'), calendarArb('c1'), calendarArb('c2')),
    teamCalendars: fc.array(fc.constantFrom('c0', 'c1', 'c2'), { minLength: TEAMS.length, maxLength: TEAMS.length }),
    policies: fc.tuple(policyArb('p1'), policyArb('p2'), policyArb('p3')),
    rules: fc.tuple(ruleArb(1), ruleArb(2), fc.option(ruleArb(3), { nil: undefined })),
  })
  .map(({ calendars, teamCalendars, policies, rules }) =>
    compileMatrix(
      matrixSchema.parse({
        parties: [
          { id: 'internal', name: 'Contoso IT' },
          { id: 'msp', name: 'Acme MSP' },
        ],
        teams: TEAMS.map((t, i) => ({ id: t.id, name: t.id, party: t.party, calendar: teamCalendars[i] ?? 'c0', freshserviceGroupId: t.groupId })),
        calendars,
        slaPolicies: policies,
        incidentTypes: ['network'],
        impactTiers: [...TIERS],
        // Tier 3 sometimes has no rule: the fallback owner and policy, with an ambiguity.
        rules: rules.filter((r) => r !== undefined),
        governance: { coordinators: { internal: 'service-desk', msp: 'msp-noc' } },
      }),
      'random',
    ),
  );

// ---------------------------------------------------------------------------------------------
// Random command sequences.

type Move =
  | { kind: 'handoff'; to: number }
  | { kind: 'ack' }
  | { kind: 'reject' }
  | { kind: 'pause'; by: number }
  | { kind: 'resume'; by: number }
  | { kind: 'reclassify'; tier: number; by: number }
  | { kind: 'resolve'; by: number }
  | { kind: 'reopen'; tier: number }
  /** Someone in no team: always refused (a DomainError), whatever the state. */
  | { kind: 'stranger'; what: 'pause' | 'resolve' | 'ack' };

const byArb = fc.nat({ max: 5 });
const tierArb = fc.constantFrom(...TIERS);
const moveArb: fc.Arbitrary<Move> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('handoff' as const), to: fc.nat({ max: TEAMS.length - 1 }) }), weight: 4 },
  { arbitrary: fc.constant({ kind: 'ack' as const }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'reject' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('pause' as const), by: byArb }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('resume' as const), by: byArb }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('reclassify' as const), tier: tierArb, by: byArb }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('resolve' as const), by: byArb }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('reopen' as const), tier: tierArb }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('stranger' as const), what: fc.constantFrom('pause' as const, 'resolve' as const, 'ack' as const) }), weight: 1 },
);

/** When the next command comes: after a gap, or at (or a millisecond either side of, or 30 s after) a due instant. */
type When = { kind: 'gap'; ms: number } | { kind: 'due'; pick: number; deltaMs: number } | { kind: 'breach'; deltaMs: number };
const deltaArb = fc.constantFrom(-1, 0, 0, 1, 30_000);
const whenArb: fc.Arbitrary<When> = fc.oneof(
  fc.record({ kind: fc.constant('gap' as const), ms: fc.integer({ min: 0, max: 10 * 60_000 }) }),
  fc.record({ kind: fc.constant('gap' as const), ms: fc.integer({ min: 0, max: 8 * 60 * 60_000 }) }),
  fc.record({ kind: fc.constant('gap' as const), ms: fc.integer({ min: 0, max: 3 * 24 * 60 * 60_000 }) }),
  fc.record({ kind: fc.constant('due' as const), pick: fc.nat({ max: 7 }), deltaMs: deltaArb }),
  fc.record({ kind: fc.constant('breach' as const), deltaMs: deltaArb }),
);

const member = (team: string): ActingUser => ({ id: `member-of-${team}`, teams: [team] });
const stranger: ActingUser = { id: 'stranger', teams: [] };

const openCommand = (matrix: Matrix, impactTier: number): EscalationCommand => ({ type: 'OpenEscalation', ticketId: '42', incidentType: 'network', impactTier, matrix, actor: member('service-desk') });

/** A command valid in `state` for the move (or one that must be refused, for a stranger), or null when the move makes no sense. */
function commandFor(state: EscalationState, move: Move, matrix: Matrix, now: number): EscalationCommand | null {
  if (move.kind === 'stranger') {
    switch (move.what) {
      case 'pause':
        return { type: 'PauseClock', reason: 'Not mine to pause', actor: stranger };
      case 'resolve':
        return { type: 'Resolve', resolution: 'Not mine to resolve', actor: stranger };
      case 'ack':
        return { type: 'AcknowledgeHandoff', handoffId: (state.status === 'open' && pendingHandoff(state)?.id) || 'h1', actor: stranger };
    }
  }
  if (state.status === 'resolved' && move.kind === 'reopen') return openCommand(matrix, move.tier);
  if (state.status !== 'open') return null;
  const pending = pendingHandoff(state);
  const accountable = [state.owner.team, ...state.coordinators.map((c) => c.team)];
  const by = (i: number) => member(accountable[i % accountable.length] ?? state.owner.team);
  switch (move.kind) {
    case 'handoff': {
      const to = TEAMS[move.to]?.id ?? 'msp-noc';
      if (pending || to === state.owner.team) return null;
      return { type: 'RequestHandoff', record: record({ toTeam: to, nextActionDueAt: new Date(now + 7 * 24 * 60 * 60_000).toISOString() }), matrix, actor: member(state.owner.team) };
    }
    case 'ack':
      return pending ? { type: 'AcknowledgeHandoff', handoffId: pending.id, actor: member(pending.to.team) } : null;
    case 'reject':
      return pending ? { type: 'RejectHandoff', handoffId: pending.id, reason: 'missing-information', actor: member(pending.to.team) } : null;
    case 'pause':
      return state.paused ? null : { type: 'PauseClock', reason: 'Waiting for the vendor', actor: by(move.by) };
    case 'resume':
      return state.paused ? { type: 'ResumeClock', actor: by(move.by) } : null;
    case 'reclassify':
      return move.tier === state.impactTier ? null : { type: 'Reclassify', impactTier: move.tier, reason: 'Impact reassessed', matrix, actor: by(move.by) };
    case 'resolve':
      return { type: 'Resolve', resolution: 'Fixed', actor: by(move.by) };
    case 'reopen':
      return null;
  }
}

interface Timed {
  at: number;
  command: EscalationCommand;
}

function nextTime(state: EscalationState, previous: number, when: When): number {
  if (when.kind === 'gap') return previous + when.ms;
  if (when.kind === 'breach') {
    const breachAt = state.status === 'open' && state.plan ? Date.parse(state.plan.dueAt) + when.deltaMs : -Infinity;
    return Math.max(previous, breachAt);
  }
  const candidates = dueDeadlines(state)
    .map((d) => Date.parse(d.dueAt) + when.deltaMs)
    .filter((t) => t >= previous)
    .sort((a, b) => a - b);
  return candidates.length === 0 ? previous + 60_000 : (candidates[when.pick % candidates.length] ?? previous);
}

/**
 * The commands of a run, at non-decreasing times, chosen from the state the commands alone produce.
 * It ends with a command that is accepted: a refused command records nothing, not even what fell due
 * before it, so a run ending in refusals would leave those deadlines for a later command to record.
 */
function planCommands(matrix: Matrix, start: number, openTier: number, steps: Array<[When, Move]>): Timed[] {
  const timed: Timed[] = [{ at: start, command: openCommand(matrix, openTier) }];
  let accepted = 1;
  let state = decide(initialState, openCommand(matrix, openTier), new Date(start)).reduce(evolve, initialState);
  let now = start;
  for (const [when, move] of steps) {
    now = nextTime(state, now, when);
    const command = commandFor(state, move, matrix, now);
    if (!command) continue;
    timed.push({ at: now, command });
    try {
      state = decide(state, command, new Date(now)).reduce(evolve, state);
      accepted = timed.length;
    } catch (error) {
      // Only a stranger's commands are meant to be refused, and others once the escalation is full (a conflict).
      if (!(error instanceof DomainError) || (move.kind !== 'stranger' && error.code !== 'conflict')) throw error;
    }
  }
  return timed.slice(0, accepted);
}

// ---------------------------------------------------------------------------------------------
// Delivering the deadline firings.

type Mode = 'on-time' | 'late' | 'repeated' | 'none';

/** An event without `recordedAt`. */
type Line = Record<string, unknown>;

function strip(event: EscalationEvent): Line {
  const { recordedAt: _recordedAt, ...rest } = event as EscalationEvent & { recordedAt?: string };
  return rest;
}

const byDue = (a: Deadline, b: Deadline) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || deadlineKey(a).localeCompare(deadlineKey(b));
const refOf = ({ dueAt: _dueAt, ...ref }: Deadline): DeadlineRef => ref;

interface Run {
  /** The events, flattened in order, without `recordedAt`. */
  lines: Line[];
  /** The commands refused (a DomainError), by index, with the error code. */
  refused: string[];
  events: EscalationEvent[];
  /** For each Resolve that was decided: the state just before, its time, and what it produced. */
  resolves: Array<{ before: EscalationState; at: number; produced: EscalationEvent[] }>;
  state: EscalationState;
}

/** Decides `commands` in order, delivering deadline firings before each one as `mode` says. */
function deliver(commands: Timed[], mode: Mode, randoms: number[]): Run {
  let draws = 0;
  const random = () => randoms[draws++ % randoms.length] ?? 0;
  const between = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  const run: Run = { lines: [], refused: [], events: [], resolves: [], state: initialState };
  let last = -Infinity;

  const apply = (command: EscalationCommand, at: number, index = -1) => {
    expect(at).toBeGreaterThanOrEqual(last);
    last = at;
    try {
      const produced = decide(run.state, command, new Date(at));
      if (command.type === 'Resolve') run.resolves.push({ before: run.state, at, produced });
      run.state = produced.reduce(evolve, run.state);
      run.events.push(...produced);
      run.lines.push(...produced.map(strip));
    } catch (error) {
      if (!(error instanceof DomainError) || command.type === 'FireDeadline') throw error;
      run.refused.push(`#${index} ${command.type}: ${error.code}`);
    }
  };

  const fireDueBy = (until: number) => {
    for (let guard = 0; ; guard++) {
      if (guard > 500) throw new Error('deadline firings never caught up');
      const next = dueDeadlines(run.state)
        .filter((d) => Date.parse(d.dueAt) <= until)
        .sort(byDue)[0];
      if (!next) return;
      const due = Math.max(Date.parse(next.dueAt), last);
      const fire: EscalationCommand = { type: 'FireDeadline', deadline: refOf(next) };
      if (mode === 'on-time') apply(fire, due);
      else if (mode === 'late') apply(fire, between(due, until));
      else {
        apply(fire, due);
        const repeats = random() < 0.5 ? 1 : 2;
        for (let i = 0; i < repeats; i++) apply(fire, random() < 0.5 ? last : between(last, until));
      }
    }
  };

  commands.forEach(({ at, command }, index) => {
    if (mode !== 'none') fireDueBy(at);
    apply(command, at, index);
  });
  return run;
}

// ---------------------------------------------------------------------------------------------
// What every record must satisfy on its own.

const TOLERANCE = 1e-3; // business minutes: due instants are rounded to the millisecond

function checkRecord(run: Run, mode: Mode) {
  let state: EscalationState = initialState;
  let previousAt = -Infinity;
  let breached = false;
  for (const event of run.events) {
    // Events are in time order: the clock folds each one at its `at`.
    expect(Date.parse(event.at)).toBeGreaterThanOrEqual(previousAt);
    previousAt = Date.parse(event.at);
    if (event.type === 'escalation.opened') breached = false;
    if (event.type === 'sla.warning' || event.type === 'sla.breached' || event.type === 'handoff.ack-overdue') {
      expect(Date.parse(event.recordedAt)).toBeGreaterThanOrEqual(Date.parse(event.at));
      // Delivered on time, every deadline is noticed the instant it falls due.
      if (mode === 'on-time') expect(event.recordedAt).toBe(event.at);
      expect(state.status).toBe('open');
    }
    if (state.status === 'open') {
      if (event.type === 'sla.warning') {
        expect(event.elapsedBusinessMinutes).toBeGreaterThanOrEqual(event.fraction * state.sla.resolveMinutes - TOLERANCE);
        expect(event.generation).toBe(state.generation);
      }
      if (event.type === 'sla.breached') {
        expect(event.at).toBe(state.plan?.dueAt);
        expect(event.elapsedBusinessMinutes).toBeGreaterThanOrEqual(state.sla.resolveMinutes - TOLERANCE);
        breached = true;
      }
      if (event.type === 'handoff.ack-overdue') expect(event.at).toBe(pendingHandoff(state)?.ackDueAt);
    }
    // Never both a breach and a resolution within target.
    if (event.type === 'escalation.resolved') expect(event.withinTarget).toBe(!breached);
    state = evolve(state, event);
  }

  for (const { before, at, produced } of run.resolves) {
    if (before.status !== 'open') continue;
    const dueAt = before.plan ? Date.parse(before.plan.dueAt) : Infinity;
    const resolved = produced.find((e) => e.type === 'escalation.resolved');
    const breach = produced.findIndex((e) => e.type === 'sla.breached');
    if (before.breachedAt === null && at < dueAt) {
      // Resolved before the breach's due instant: within target, and no breach.
      expect(resolved).toMatchObject({ withinTarget: true });
      expect(breach).toBe(-1);
    } else {
      expect(resolved).toMatchObject({ withinTarget: false });
      // A breach due by now and not yet recorded comes first, as of its due instant.
      if (before.breachedAt === null) {
        expect(breach).toBeGreaterThanOrEqual(0);
        expect(breach).toBeLessThan(produced.findIndex((e) => e.type === 'escalation.resolved'));
        expect(produced[breach]?.at).toBe(new Date(dueAt).toISOString());
      }
    }
  }
}

describe('the record under any delivery of deadline firings', () => {
  it('is the same whether firings arrive on time, late, repeatedly or not at all, apart from when each deadline was noticed', () => {
    fc.assert(
      fc.property(
        matrixArb,
        fc.constantFrom(...STARTS),
        tierArb,
        fc.array(fc.tuple(whenArb, moveArb), { minLength: 4, maxLength: 30, size: 'medium' }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (matrix, start, openTier, steps, randoms) => {
          const commands = planCommands(matrix, Date.parse(start), openTier, steps);
          const runs = Object.fromEntries((['on-time', 'late', 'repeated', 'none'] as const).map((mode) => [mode, deliver(commands, mode, randoms)])) as Record<Mode, Run>;

          for (const mode of ['on-time', 'late', 'repeated', 'none'] as const) checkRecord(runs[mode], mode);
          expect(runs.late.lines).toEqual(runs['on-time'].lines);
          expect(runs.repeated.lines).toEqual(runs['on-time'].lines);
          expect(runs.none.lines).toEqual(runs['on-time'].lines);
          expect(runs.none.state).toEqual(runs['on-time'].state);
          // A command refused in one delivery is refused in every one (a stranger's, at least, always is).
          for (const mode of ['late', 'repeated', 'none'] as const) expect(runs[mode].refused).toEqual(runs['on-time'].refused);
        },
      ),
      { numRuns: 100 },
    );
  });
});
