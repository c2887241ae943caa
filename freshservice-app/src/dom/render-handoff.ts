/** The handoff form: exactly the mandatory fields, the receiving team with the matrix's suggestion, evidence rows added and removed. */
import type { FieldIssue } from '../../../shared/errors.js';
import { LIMITS } from '../../../shared/limits.js';
import type { HandoffDraft, Suggestion } from '../handoff-form.js';
import { button, fieldError, formError, selectField, textField, valueOf } from './fields.js';
import { h, link } from './h.js';

export interface HandoffFormView {
  draft: HandoffDraft;
  options: { value: string; label: string }[];
  suggestion: Suggestion;
  suggestedName: string | null;
  errors: readonly FieldIssue[];
  formError: string | null;
  busy: boolean;
  canAddEvidence: boolean;
  /** The earliest deadline the input offers (`datetime-local`, agent's zone), and that zone's name. */
  minDeadline: string;
  zoneName: string;
  onAddEvidence(): void;
  onRemoveEvidence(index: number): void;
  onUseSuggestion(): void;
  onSubmit(): void;
  onCancel(): void;
}

function evidenceRow(v: HandoffFormView, index: number): HTMLElement {
  const e = v.draft.evidence[index] ?? { label: '', url: '' };
  return h(
    'div',
    { class: 'evidence-row', 'data-test': 'handoff-evidence-row', 'data-index': index },
    textField({ test: 'handoff-evidence-label', label: `Evidence ${index + 1}: label`, value: e.label, path: `evidence.${index}.label`, errors: v.errors, maxlength: LIMITS.evidenceLabel, placeholder: 'Tunnel log' }),
    textField({ test: 'handoff-evidence-url', label: 'Link', value: e.url, path: `evidence.${index}.url`, errors: v.errors, maxlength: LIMITS.evidenceUrl, placeholder: 'https://…' }),
    button('handoff-evidence-remove', 'Remove', () => v.onRemoveEvidence(index), { color: 'link' }),
  );
}

export function renderHandoff(v: HandoffFormView): HTMLElement {
  const deadlineError = fieldError(v.errors, 'nextActionDueAt');
  return h(
    'section',
    { class: 'form', 'data-test': 'handoff-form' },
    h('h2', {}, 'Hand off'),
    selectField({ test: 'handoff-to-team', label: 'Receiving team', value: v.draft.toTeam, path: 'toTeam', errors: v.errors, placeholder: 'Choose a team', options: v.options }),
    h(
      'p',
      { class: 'muted', 'data-test': 'handoff-suggestion' },
      v.suggestion.text,
      v.suggestion.team && v.suggestedName && ' ',
      v.suggestion.team && v.suggestedName && button('handoff-suggestion-use', `Choose ${v.suggestedName}`, v.onUseSuggestion, { color: 'link' }),
    ),
    v.suggestion.runbook && h('p', {}, link(v.suggestion.runbook, 'Runbook', 'handoff-runbook')),
    textField({ test: 'handoff-diagnosis', label: 'Current diagnosis', value: v.draft.diagnosis, path: 'diagnosis', errors: v.errors, maxlength: LIMITS.diagnosis, multiline: true }),
    textField({ test: 'handoff-actions-taken', label: 'Actions taken', value: v.draft.actionsTaken, path: 'actionsTaken', errors: v.errors, maxlength: LIMITS.actionsTaken, multiline: true }),
    h(
      'fieldset',
      { class: 'evidence', 'data-test': 'handoff-evidence' },
      h('legend', {}, 'Evidence (at least one link)'),
      ...v.draft.evidence.map((_, i) => evidenceRow(v, i)),
      fieldError(v.errors, 'evidence'),
      v.canAddEvidence && button('handoff-evidence-add', 'Add a link', v.onAddEvidence, { color: 'link' }),
    ),
    textField({ test: 'handoff-next-action', label: 'Next required action', value: v.draft.nextAction, path: 'nextAction', errors: v.errors, maxlength: LIMITS.nextAction, multiline: true }),
    h(
      'div',
      { class: 'field' },
      h(
        'label',
        { class: 'native-label' },
        `Deadline for the next action (your time, ${v.zoneName})`,
        h('input', { type: 'datetime-local', 'data-test': 'handoff-deadline', value: v.draft.deadline, min: v.minDeadline, required: true, 'aria-invalid': deadlineError ? 'true' : undefined }),
      ),
      deadlineError,
    ),
    formError(v.formError),
    h('div', { class: 'buttons' }, button('handoff-submit', 'Send handoff', v.onSubmit, { color: 'primary', busy: v.busy }), button('handoff-cancel', 'Cancel', v.onCancel)),
  );
}

/** The form's values as the DOM holds them (evidence rows in order). */
export function readHandoff(root: ParentNode): HandoffDraft {
  const rows = [...root.querySelectorAll('[data-test="handoff-evidence-row"]')];
  return {
    toTeam: valueOf(root, 'handoff-to-team'),
    diagnosis: valueOf(root, 'handoff-diagnosis'),
    actionsTaken: valueOf(root, 'handoff-actions-taken'),
    evidence: rows.map((row) => ({ label: valueOf(row, 'handoff-evidence-label'), url: valueOf(row, 'handoff-evidence-url') })),
    nextAction: valueOf(root, 'handoff-next-action'),
    deadline: valueOf(root, 'handoff-deadline'),
  };
}
