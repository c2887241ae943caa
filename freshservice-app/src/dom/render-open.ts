/** "No escalation yet": the open form with its prefill and the matrix's verdict before confirming. */
import type { FieldIssue } from '../../../shared/errors.js';
import type { Matrix } from '../../../shared/matrix/matrix.js';
import type { OpenDraft, OpenPreview } from '../open-form.js';
import { button, formError, selectField, valueOf } from './fields.js';
import { h, link } from './h.js';

export interface OpenFormView {
  matrix: Matrix;
  draft: OpenDraft;
  prefillNote: string;
  preview: OpenPreview | null;
  errors: readonly FieldIssue[];
  formError: string | null;
  busy: boolean;
  onChange(): void;
  onSubmit(): void;
}

export function renderOpen(v: OpenFormView): HTMLElement {
  const { document: doc } = v.matrix;
  const p = v.preview;
  return h(
    'section',
    { class: 'form', 'data-test': 'open-form' },
    h('h2', {}, 'Open an escalation'),
    h('p', { class: 'muted', 'data-test': 'open-prefill' }, v.prefillNote),
    selectField({ test: 'open-incident-type', label: 'Incident type', value: v.draft.incidentType, path: 'incidentType', errors: v.errors, placeholder: 'Choose a type', options: doc.incidentTypes.map((t) => ({ value: t, label: t })) }, v.onChange),
    selectField({ test: 'open-impact-tier', label: 'Impact tier (1 is the highest)', value: v.draft.impactTier, path: 'impactTier', errors: v.errors, placeholder: 'Choose a tier', options: doc.impactTiers.map((t) => ({ value: String(t), label: `Tier ${t}` })) }, v.onChange),
    h(
      'div',
      { class: 'preview', 'data-test': 'open-preview' },
      p
        ? h('div', {}, h('p', {}, `Owner: ${p.owner}`), h('p', {}, p.sla), p.ambiguity && h('p', { class: 'warning' }, p.ambiguity), p.runbook && h('p', {}, link(p.runbook, 'Runbook', 'open-runbook')))
        : h('p', { class: 'muted' }, 'Choose both to see who the matrix makes the owner and which SLA applies.'),
    ),
    formError(v.formError),
    h('div', { class: 'buttons' }, button('open-submit', 'Open escalation', v.onSubmit, { color: 'primary', busy: v.busy })),
  );
}

/** The open form's values as the DOM holds them. */
export const readOpen = (root: ParentNode): OpenDraft => ({ incidentType: valueOf(root, 'open-incident-type'), impactTier: valueOf(root, 'open-impact-tier') });
