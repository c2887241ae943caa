/** The small forms: reject (reason, explained), pause (reason) and resolve (resolution). */
import type { FieldIssue } from '../../../shared/errors.js';
import { LIMITS } from '../../../shared/limits.js';
import { rejectChoices } from '../small-forms.js';
import { button, formError, selectField, textField, valueOf } from './fields.js';
import { h } from './h.js';

interface SmallFormView {
  errors: readonly FieldIssue[];
  formError: string | null;
  busy: boolean;
  onSubmit(): void;
  onCancel(): void;
}

const buttons = (v: SmallFormView, name: string, label: string) =>
  h('div', { class: 'buttons' }, button(`${name}-submit`, label, v.onSubmit, { color: name === 'resolve' ? 'primary' : 'danger', busy: v.busy }), button(`${name}-cancel`, 'Cancel', v.onCancel));

export function renderReject(v: SmallFormView & { reason: string; note: string; help: string | null; onReasonChange(): void }): HTMLElement {
  return h(
    'section',
    { class: 'form', 'data-test': 'reject-form' },
    h('h2', {}, 'Reject the handoff'),
    selectField({ test: 'reject-reason', label: 'Reason', value: v.reason, path: 'reason', errors: v.errors, placeholder: 'Choose a reason', options: rejectChoices() }, v.onReasonChange),
    h('p', { class: 'muted', 'data-test': 'reject-reason-help' }, v.help ?? 'Choose why the handoff goes back.'),
    textField({ test: 'reject-note', label: 'Note', value: v.note, path: 'note', errors: v.errors, maxlength: LIMITS.note, multiline: true, required: false }),
    formError(v.formError),
    buttons(v, 'reject', 'Reject handoff'),
  );
}

export const readReject = (root: ParentNode) => ({ reason: valueOf(root, 'reject-reason'), note: valueOf(root, 'reject-note') });

export function renderPause(v: SmallFormView & { reason: string }): HTMLElement {
  return h(
    'section',
    { class: 'form', 'data-test': 'pause-form' },
    h('h2', {}, 'Pause the SLA clock'),
    textField({ test: 'pause-reason', label: 'Reason', value: v.reason, path: 'reason', errors: v.errors, maxlength: LIMITS.reason, multiline: true, placeholder: 'Waiting for the vendor' }),
    formError(v.formError),
    buttons(v, 'pause', 'Pause clock'),
  );
}

export const readPause = (root: ParentNode) => ({ reason: valueOf(root, 'pause-reason') });

export function renderResolve(v: SmallFormView & { resolution: string }): HTMLElement {
  return h(
    'section',
    { class: 'form', 'data-test': 'resolve-form' },
    h('h2', {}, 'Resolve the escalation'),
    textField({ test: 'resolve-resolution', label: 'Resolution', value: v.resolution, path: 'resolution', errors: v.errors, maxlength: LIMITS.resolution, multiline: true }),
    formError(v.formError),
    buttons(v, 'resolve', 'Resolve'),
  );
}

export const readResolve = (root: ParentNode) => ({ resolution: valueOf(root, 'resolve-resolution') });
