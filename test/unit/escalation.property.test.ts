import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActingUser, EscalationCommand } from '../../shared/escalation/commands.js';
import { decide } from '../../shared/escalation/decide.js';
import { clockAt } from '../../shared/escalation/deadlines.js';
import { evolve, pendingHandoff, type EscalationState } from '../../shared/escalation/state.js';
import { testMatrix } from '../fixtures/matrix.js';
import { asOpen, at, given, openNetworkP1, record } from '../fixtures/escalation.js';

const TEAMS = ['service-desk', 'infrastructure', 'msp-noc', 'msp-l2'] as const;
const memberOf = (team: string): ActingUser => ({ id: `member-of-${team}`, teams: [team] });

type Move = { kind: 'handoff'; to: (typeof TEAMS)[number] } | { kind: 'ack' } | { kind: 'reject' };
const moveArb: fc.Arbitrary<Move> = fc.oneof(
  fc.record({ kind: fc.constant('handoff' as const), to: fc.constantFrom(...TEAMS) }),
  fc.constant({ kind: 'ack' as const }),
  fc.constant({ kind: 'reject' as const }),
);

/** Turns a move into a command valid in `state`, or null when the move makes no sense there. */
function commandFor(state: EscalationState, move: Move): EscalationCommand | null {
  const open = asOpen(state);
  const pending = pendingHandoff(open);
  switch (move.kind) {
    case 'handoff':
      if (pending || move.to === open.owner.team) return null;
      return { type: 'RequestHandoff', record: record({ toTeam: move.to }), matrix: testMatrix, actor: memberOf(open.owner.team) };
    case 'ack':
      return pending ? { type: 'AcknowledgeHandoff', handoffId: pending.id, actor: memberOf(pending.to.team) } : null;
    case 'reject':
      return pending ? { type: 'RejectHandoff', handoffId: pending.id, reason: 'missing-information', actor: memberOf(pending.to.team) } : null;
  }
}

describe('the resolution clock under any sequence of handoffs', () => {
  it('never moves the resolution deadline, and attributes every elapsed minute to exactly one party', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(moveArb, fc.integer({ min: 0, max: 600 })), { maxLength: 25 }), (moves) => {
        let state = given([0, { ...openNetworkP1(), incidentType: 'server', impactTier: 2 }]).state;
        const plan = asOpen(state).plan;
        let minute = 0;
        for (const [move, gap] of moves) {
          minute += gap;
          const command = commandFor(state, move);
          if (!command) continue;
          state = decide(state, command, at(minute)).reduce(evolve, state);
          expect(asOpen(state).plan).toEqual(plan);
        }
        const clock = clockAt(asOpen(state), at(minute + 1));
        const attributed = Object.values(clock.byParty).reduce((a, b) => a + b, 0);
        expect(attributed).toBeCloseTo(clock.elapsedMinutes, 6);
      }),
      { numRuns: 200 },
    );
  });
});
