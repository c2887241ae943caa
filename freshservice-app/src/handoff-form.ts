/** The handoff form: its draft, the record it makes (checked by the API's own checkHandoffRecord), and the matrix's suggestion. */
import type { FieldIssue } from '../../shared/errors.js';
import type { EscalationView } from '../../shared/escalation/view.js';
import { checkHandoffRecord, type HandoffRecord } from '../../shared/handoff/schema.js';
import { LIMITS } from '../../shared/limits.js';
import type { Matrix } from '../../shared/matrix/matrix.js';
import { partyName, teamName } from './matrix.js';
import { localInputToIso } from './time.js';

export interface EvidenceDraft {
  label: string;
  url: string;
}

/** The form as typed; `deadline` is the `datetime-local` value, in the agent's time zone. */
export interface HandoffDraft {
  toTeam: string;
  diagnosis: string;
  actionsTaken: string;
  evidence: EvidenceDraft[];
  nextAction: string;
  deadline: string;
}

/** A fresh form: one empty evidence row, since at least one link is required. */
export const emptyHandoffDraft = (): HandoffDraft => ({ toTeam: '', diagnosis: '', actionsTaken: '', evidence: [{ label: '', url: '' }], nextAction: '', deadline: '' });

/** Whether another evidence row may be added (the API takes at most LIMITS.evidenceLinks). */
export const canAddEvidence = (draft: HandoffDraft): boolean => draft.evidence.length < LIMITS.evidenceLinks;

/**
 * The draft as the API's record: the deadline read in `zone` (an empty one left out, so the API's own message names it).
 * @example recordInput({...draft, deadline: '2026-12-01T14:00'}, 'Europe/London').nextActionDueAt // '2026-12-01T14:00:00.000Z'
 */
export function recordInput(draft: HandoffDraft, zone: string): Record<string, unknown> {
  const deadline = draft.deadline.trim();
  return {
    toTeam: draft.toTeam,
    diagnosis: draft.diagnosis,
    actionsTaken: draft.actionsTaken,
    evidence: draft.evidence.map((e) => ({ label: e.label, url: e.url.trim() })),
    nextAction: draft.nextAction,
    ...(deadline === '' ? {} : { nextActionDueAt: localInputToIso(deadline, zone) ?? deadline }),
  };
}

/**
 * Checks the draft with the API's code at `now`: the record to send, or every field issue (paths as the API names them).
 * @example checkDraft(emptyHandoffDraft(), 'Europe/London', now) // {ok: false, fields: [{path: 'toTeam', …}, {path: 'diagnosis', message: 'Current diagnosis is required'}, …]}
 */
export function checkDraft(draft: HandoffDraft, zone: string, now: Date): { ok: true; record: HandoffRecord } | { ok: false; fields: FieldIssue[] } {
  return checkHandoffRecord(recordInput(draft, zone), now);
}

/** Teams the escalation can go to: every team of the matrix but its owner. */
export function targetOptions(view: EscalationView, matrix: Matrix | null): { value: string; label: string }[] {
  return (matrix?.document.teams ?? [])
    .filter((t) => t.id !== view.owner.team)
    .map((t) => ({ value: t.id, label: `${t.name} (${partyName(matrix, t.party)})` }));
}

export interface Suggestion {
  /** The team the matrix would pick, when it is not the current owner. */
  team: string | null;
  text: string;
  runbook: string | null;
}

/**
 * What the matrix says about who should own this escalation, and its runbook.
 * @example suggestion(view, matrix) // {team: 'msp-noc', text: 'The matrix gives network at impact tier 1 to MSP NOC.', runbook: 'https://…'}
 */
export function suggestion(view: EscalationView, matrix: Matrix | null): Suggestion {
  const decision = matrix?.evaluate(view.incidentType, view.impactTier);
  const ruleBook = decision?.kind === 'matched' ? decision.rule.rule.runbook : undefined;
  const runbook = [view.runbook, ruleBook].find((u): u is string => typeof u === 'string' && /^https?:\/\//i.test(u)) ?? null;
  const what = `${view.incidentType} at impact tier ${view.impactTier}`;
  if (!matrix || !decision) return { team: null, text: 'The matrix is not available: choose the receiving team.', runbook };
  if (decision.kind !== 'matched') return { team: null, text: `No single matrix rule decides ${what}: choose the receiving team.`, runbook };
  if (decision.owner.id === view.owner.team) {
    return { team: null, text: `The matrix gives ${what} to ${teamName(matrix, decision.owner.id)}, the current owner: choose the team that must act next.`, runbook };
  }
  return { team: decision.owner.id, text: `The matrix gives ${what} to ${teamName(matrix, decision.owner.id)}.`, runbook };
}
