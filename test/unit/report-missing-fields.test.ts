// A rejection for missing information names the record's missing fields, which the weekly review counts.
import { describe, expect, it } from 'vitest';
import { rejectHandoffBody } from '../../shared/api/schemas.js';
import { decide } from '../../shared/escalation/decide.js';
import { fieldIssues } from '../../shared/validation.js';
import { people } from '../fixtures/matrix.js';
import { asOpen, at, given, handoffTo, openNetworkP1 } from '../fixtures/escalation.js';

const actor = { id: 'agent-nick' };
const issuesOf = (body: unknown) => {
  const parsed = rejectHandoffBody.safeParse(body);
  return parsed.success ? [] : fieldIssues(parsed.error);
};

describe('the missing fields of a rejection', () => {
  it('records them on the rejection and the handoff', () => {
    const { state, events } = given(
      [0, openNetworkP1()],
      [5, handoffTo('msp-noc')],
      [9, { type: 'RejectHandoff', handoffId: 'h1', reason: 'missing-information', missingFields: ['evidence', 'nextAction'], actor: people.nick }],
    );

    expect(events.at(-1)).toMatchObject({ type: 'handoff.rejected', missingFields: ['evidence', 'nextAction'] });
    expect(asOpen(state).handoffs[0]).toMatchObject({ status: 'rejected', missingFields: ['evidence', 'nextAction'] });
  });

  it('records none for another reason', () => {
    const { state } = given([0, openNetworkP1()], [5, handoffTo('msp-noc')]);

    const [event] = decide(state, { type: 'RejectHandoff', handoffId: 'h1', reason: 'not-our-scope', missingFields: ['evidence'], actor: people.nick }, at(9));

    expect(event).not.toHaveProperty('missingFields');
  });

  it('accepts them in the body only with missing-information, each once, from the record’s fields', () => {
    expect(issuesOf({ actor, reason: 'missing-information', missingFields: ['diagnosis', 'evidence'] })).toEqual([]);
    expect(issuesOf({ actor, reason: 'other', note: 'x', missingFields: ['diagnosis'] })).toEqual([{ path: 'missingFields', message: 'missingFields goes with the reason missing-information' }]);
    expect(issuesOf({ actor, reason: 'missing-information', missingFields: ['evidence', 'evidence'] })).toEqual([{ path: 'missingFields', message: 'Name each missing field once' }]);
    expect(issuesOf({ actor, reason: 'missing-information', missingFields: ['toTeam'] })[0]).toMatchObject({ path: 'missingFields.0', message: expect.stringContaining('diagnosis, actionsTaken, evidence, nextAction, nextActionDueAt') });
    expect(issuesOf({ actor, reason: 'missing-information', missingFields: [] })).toEqual([{ path: 'missingFields', message: 'Name at least one missing field, or leave missingFields out' }]);
  });
});
