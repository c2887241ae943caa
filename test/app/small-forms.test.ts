import { describe, expect, it } from 'vitest';
import { checkPause, checkReject, checkResolve, rejectChoices, rejectHelp } from '../../freshservice-app/src/small-forms.js';
import { pauseBody, rejectHandoffBody, resolveBody } from '../../shared/api/schemas.js';
import { REJECT_REASONS } from '../../shared/escalation/events.js';
import { fieldIssues } from '../../shared/validation.js';

const actor = { id: 'anna' };
const apiFields = (result: { success: boolean; error?: Parameters<typeof fieldIssues>[0] }) => (result.success || !result.error ? [] : fieldIssues(result.error));

describe('reject, pause and resolve', () => {
  it('offers exactly the API’s rejection reasons', () => {
    expect(rejectChoices().map((c) => c.value)).toEqual([...REJECT_REASONS]);
  });

  it('explains what "not our scope" means for the sending team', () => {
    expect(rejectHelp('not-our-scope', 'Service Desk')).toContain('goes back to Service Desk, which keeps the escalation, and it counts as an ownership-ambiguity incident');
    expect(rejectHelp('', 'Service Desk')).toBeNull();
  });

  it('refuses a missing reason with the API’s message', () => {
    const mine = checkReject({ reason: '', note: '' });

    expect(!mine.ok && mine.fields).toEqual(apiFields(rejectHandoffBody.safeParse({ actor, reason: '' })));
  });

  it('sends a reason without an empty note', () => {
    expect(checkReject({ reason: 'missing-information', note: '  ' })).toEqual({ ok: true, value: { reason: 'missing-information' } });
  });

  it('words pause and resolve problems as the API does', () => {
    const long = 'x'.repeat(501);
    const pause = checkPause(long);
    const resolve = checkResolve('');

    expect(!pause.ok && pause.fields).toEqual(apiFields(pauseBody.safeParse({ actor, reason: long })));
    expect(!resolve.ok && resolve.fields).toEqual(apiFields(resolveBody.safeParse({ actor, resolution: '' })));
  });

  it('trims what it sends', () => {
    expect(checkPause('  Waiting for the vendor ')).toEqual({ ok: true, value: 'Waiting for the vendor' });
  });
});
