/** The "propose a change" form: one rule's owner, SLA policy and runbook, and the rationale, checked before anything is sent. */
import type { FieldIssue } from '../../../../shared/errors.js';
import type { Matrix } from '../../../../shared/matrix/matrix.js';
import { button, formError, selectField, textField, valueOf } from '../../dom/fields.js';
import { h } from '../../dom/h.js';
import type { Names } from '../names.js';
import { checkEdit, formFieldOf, proposedDocument, RATIONALE_MAX, ruleValues, type RuleEdit } from '../proposal-draft.js';
import type { ReviewPage } from './review-page.js';

/** The form's values as typed (the DOM is the form's state while it is open). */
export function readEditForm(root: ParentNode, edit: RuleEdit): RuleEdit {
  const index = Number.parseInt(valueOf(root, 'propose-rule'), 10);
  return {
    ruleIndex: Number.isInteger(index) ? index : edit.ruleIndex,
    owner: valueOf(root, 'propose-owner'),
    sla: valueOf(root, 'propose-sla'),
    runbook: valueOf(root, 'propose-runbook'),
    rationale: valueOf(root, 'propose-rationale'),
  };
}

/** The API's issues on the form's fields; the rest stay with the form's error (its message already names them). */
function placed(errors: readonly FieldIssue[], ruleIndex: number): FieldIssue[] {
  return errors.flatMap((e) => {
    const field = formFieldOf(e.path, ruleIndex);
    return field ? [{ path: field, message: e.message }] : e.path === 'rule' || ['owner', 'sla', 'runbook', 'rationale'].includes(e.path) ? [e] : [];
  });
}

/**
 * The form, on the page's state.
 * @example section.append(renderProposeForm(page, matrix, names))
 */
export function renderProposeForm(page: ReviewPage, matrix: Matrix, names: Names): HTMLElement {
  const s = page.state;
  const edit = s.edit!;
  const errors = placed(s.editErrors, edit.ruleIndex);
  const doc = matrix.document;
  const onRule = () => {
    page.update(() => {
      const picked = s.edit!.ruleIndex;
      s.edit = { ...s.edit!, ...ruleValues(matrix, picked) };
      s.editErrors = [];
    });
  };
  const submit = () => {
    page.update(() => undefined);
    const current = page.state.edit;
    if (!current) return;
    const issues = checkEdit(matrix, current);
    if (issues.length > 0) {
      page.update(() => Object.assign(page.state, { editErrors: issues, editError: 'Some fields need attention; nothing was sent.' }));
      return;
    }
    void page.propose(proposedDocument(doc, current), current.rationale.trim());
  };
  return h(
    'section',
    { class: 'form propose', 'data-test': 'propose-form' },
    h('h3', {}, 'Propose a change'),
    h('p', { class: 'muted' }, `The proposal is the active matrix (version ${matrix.version.replace(/^v/, '')}) with this one rule changed; Baton lints it, shows its diff and replays the last 4 weeks under it before anyone approves.`),
    selectField(
      { test: 'propose-rule', label: 'Rule', value: String(edit.ruleIndex), path: 'rule', errors, placeholder: 'Pick a rule', options: doc.rules.map((r, i) => ({ value: String(i), label: `${r.id ?? `#${i}`} (${names.team(r.owner)}, ${r.sla})` })) },
      onRule,
    ),
    selectField({ test: 'propose-owner', label: 'Owner team', value: edit.owner, path: 'owner', errors, placeholder: 'Pick a team', options: doc.teams.map((t) => ({ value: t.id, label: `${t.name} (${names.party(t.party)})` })) }),
    selectField({ test: 'propose-sla', label: 'SLA policy', value: edit.sla, path: 'sla', errors, placeholder: 'Pick a policy', options: doc.slaPolicies.map((p) => ({ value: p.id, label: `${p.id}: acknowledge ${p.ackMinutes} min, resolve ${p.resolveMinutes} min` })) }),
    textField({ test: 'propose-runbook', label: 'Runbook link', value: edit.runbook, path: 'runbook', errors, maxlength: 1000, required: false, placeholder: 'https://…' }),
    textField({ test: 'propose-rationale', label: 'Rationale', value: edit.rationale, path: 'rationale', errors, maxlength: RATIONALE_MAX, multiline: true }),
    formError(s.editError),
    h(
      'div',
      { class: 'buttons' },
      button('propose-submit', 'Propose', submit, { color: 'primary', busy: s.busy === 'propose' }),
      button('propose-cancel', 'Cancel', () => page.update(() => Object.assign(page.state, { edit: null, editErrors: [], editError: null }))),
    ),
  );
}
