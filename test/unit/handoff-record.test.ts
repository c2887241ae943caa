import { describe, expect, it } from 'vitest';
import { escalationEventSchema } from '../../shared/escalation/events.js';
import { checkHandoffRecord, handoffRecordShape } from '../../shared/handoff/schema.js';
import { LIMITS } from '../../shared/limits.js';
import { record } from '../fixtures/escalation.js';

const now = new Date('2026-11-30T10:00:00.000Z');

describe('checking a handoff record', () => {
  it('accepts a complete record and trims its text', () => {
    const result = checkHandoffRecord({ ...record(), diagnosis: '  Link down  ' }, now);

    expect(result).toEqual({ ok: true, record: { ...record(), diagnosis: 'Link down' } });
  });

  it('names a past deadline together with the other bad fields', () => {
    const result = checkHandoffRecord({ ...record(), nextAction: '', nextActionDueAt: '2026-11-30T09:59:00Z' }, now);

    expect(result).toEqual({
      ok: false,
      fields: [
        { path: 'nextAction', message: 'Next required action is required' },
        { path: 'nextActionDueAt', message: 'Next action deadline must be in the future' },
      ],
    });
  });

  it('reports a malformed deadline once, as malformed', () => {
    const result = checkHandoffRecord({ ...record(), nextActionDueAt: 'tomorrow' }, now);

    expect(result).toEqual({ ok: false, fields: [{ path: 'nextActionDueAt', message: 'Next action deadline must be an ISO date-time, e.g. 2026-12-01T14:00:00Z' }] });
  });

  it('refuses what is not a record at all', () => {
    expect(checkHandoffRecord(null, now)).toMatchObject({ ok: false, fields: [{ path: 'body' }] });
  });
});

describe('a stored handoff record', () => {
  it('reads back what an earlier version accepted, though today’s limits would refuse it', () => {
    const older = { toTeam: 'msp-noc', diagnosis: 'x'.repeat(LIMITS.diagnosis + 1), actionsTaken: 'Rebooted', evidence: [], nextAction: 'Call', nextActionDueAt: '2026-12-01T12:00:00Z' };
    const event = { type: 'handoff.requested', at: '2026-11-30T10:00:00.000Z', handoffId: 'h1', from: { team: 'service-desk', party: 'internal' }, to: { team: 'msp-noc', party: 'msp' }, record: older, ackDueAt: '2026-11-30T10:15:00.000Z', notify: [] };

    expect(handoffRecordShape.safeParse(older).success).toBe(false);
    expect(escalationEventSchema.safeParse(event).error).toBeUndefined();
  });
});
