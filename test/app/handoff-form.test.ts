import { describe, expect, it } from 'vitest';
import { canAddEvidence, checkDraft, emptyHandoffDraft, recordInput, suggestion, targetOptions, type HandoffDraft } from '../../freshservice-app/src/handoff-form.js';
import { requestHandoffBody } from '../../shared/api/schemas.js';
import { fieldIssues } from '../../shared/validation.js';
import { T0, handoffTo, openNetworkP1 } from '../fixtures/escalation.js';
import { testMatrix } from '../fixtures/matrix.js';
import { viewAfter } from './views.js';

const filled = (overrides: Partial<HandoffDraft> = {}): HandoffDraft => ({
  toTeam: 'msp-noc',
  diagnosis: 'Tunnel up, no routes from the branch',
  actionsTaken: 'Restarted the IPsec tunnel',
  evidence: [{ label: 'Tunnel log', url: 'https://logs.example.com/vpn/1' }],
  nextAction: 'Check the branch core switch',
  deadline: '2026-11-30T14:00',
  ...overrides,
});

describe('the handoff form', () => {
  it('marks every missing field with the message the API gives for it, and sends nothing', () => {
    const checked = checkDraft(emptyHandoffDraft(), 'Europe/London', T0);
    const api = requestHandoffBody.safeParse({ ...recordInput(emptyHandoffDraft(), 'Europe/London'), actor: { id: 'anna' } });

    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.fields).toEqual(api.success ? [] : fieldIssues(api.error));
    expect(!checked.ok && checked.fields.map((f) => f.path)).toEqual(['toTeam', 'diagnosis', 'actionsTaken', 'evidence.0.label', 'evidence.0.url', 'nextAction', 'nextActionDueAt']);
  });

  it('reads the deadline in the agent’s time zone', () => {
    const checked = checkDraft(filled(), 'America/New_York', T0);

    expect(checked.ok && checked.record.nextActionDueAt).toBe('2026-11-30T19:00:00.000Z');
  });

  it('refuses a deadline in the past as the API would', () => {
    const checked = checkDraft(filled({ deadline: '2026-11-30T09:00' }), 'UTC', T0);

    expect(!checked.ok && checked.fields).toEqual([{ path: 'nextActionDueAt', message: 'Next action deadline must be in the future' }]);
  });

  it('requires at least one evidence link once every row is removed', () => {
    const checked = checkDraft(filled({ evidence: [] }), 'UTC', T0);

    expect(!checked.ok && checked.fields).toEqual([{ path: 'evidence', message: 'At least one evidence link is required' }]);
  });

  it('marks a bad link in the row it is in', () => {
    const checked = checkDraft(filled({ evidence: [{ label: 'Log', url: 'https://ok.example.com' }, { label: 'Chat', url: 'javascript:alert(1)' }] }), 'UTC', T0);

    expect(!checked.ok && checked.fields).toEqual([{ path: 'evidence.1.url', message: 'Evidence link must be an http(s) URL' }]);
  });

  it('stops offering rows at the API’s limit of evidence links', () => {
    const five = filled({ evidence: Array.from({ length: 5 }, (_, i) => ({ label: `L${i}`, url: `https://e.example.com/${i}` })) });

    expect([canAddEvidence(filled()), canAddEvidence(five)]).toEqual([true, false]);
  });

  it('offers every team but the owner, and the matrix’s suggestion with its runbook', () => {
    const view = viewAfter(10, [0, openNetworkP1()], [1, handoffTo('infrastructure')], [2, { type: 'AcknowledgeHandoff', handoffId: 'h1', actor: { id: 'ivan', teams: ['infrastructure'] } }]);

    expect(targetOptions(view, testMatrix).map((o) => o.value)).toEqual(['service-desk', 'msp-noc', 'msp-l2']);
    expect(suggestion(view, testMatrix)).toEqual({ team: 'service-desk', text: 'The matrix gives network at impact tier 1 to Service Desk.', runbook: 'https://kb.example.com/network' });
  });

  it('says when the matrix already gave the escalation to its owner', () => {
    const view = viewAfter(0, [0, openNetworkP1()]);

    expect(suggestion(view, testMatrix).team).toBeNull();
    expect(suggestion(view, testMatrix).text).toContain('the current owner: choose the team that must act next');
  });
});
