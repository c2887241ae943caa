/** The Review tab's baselines: the kept ones (which is current), and the capture form for those who may capture. */
import { button, fieldError, formError, textField, valueOf } from '../../dom/fields.js';
import { h, type Child } from '../../dom/h.js';
import { BASELINE_NOTE_MAX, baselineRows, checkBaselineForm, startBaselineForm, type BaselineForm } from '../baselines.js';
import { governanceRole } from '../governance.js';
import { namesOf } from '../names.js';
import type { ReviewPage } from './review-page.js';

/** The form's values as typed (the DOM is the form's state while it is open). */
export function readBaselineForm(root: ParentNode): BaselineForm {
  return { from: valueOf(root, 'baseline-from'), to: valueOf(root, 'baseline-to'), note: valueOf(root, 'baseline-note') };
}

function dateField(test: string, label: string, value: string, path: string, page: ReviewPage): HTMLElement {
  const error = fieldError(page.state.baselineErrors, path);
  return h('label', { class: 'date-field' }, label, h('input', { type: 'date', value, 'data-test': test, required: true, 'aria-invalid': error ? 'true' : undefined }), error);
}

function captureForm(page: ReviewPage, form: BaselineForm, next: number): HTMLElement {
  const s = page.state;
  const submit = () => {
    page.update(() => undefined);
    const current = page.state.baselineForm;
    if (!current) return;
    const issues = checkBaselineForm(current);
    if (issues.length > 0) {
      page.update(() => Object.assign(page.state, { baselineErrors: issues, baselineError: 'Some fields need attention; nothing was sent.' }));
      return;
    }
    void page.captureBaseline(current);
  };
  return h(
    'div',
    { class: 'form baseline-form no-print', 'data-test': 'baseline-form' },
    h('h3', {}, 'Capture a baseline'),
    h('p', { class: 'muted' }, `The KPIs over the period become baseline ${next}, the one every week is then compared with. Dates are midnight in ${s.zone}; the "to" day is not included. Earlier baselines are kept.`),
    h('div', { class: 'baseline-dates' }, dateField('baseline-from', 'From', form.from, 'from', page), dateField('baseline-to', 'To (not included)', form.to, 'to', page)),
    textField({ test: 'baseline-note', label: 'Note', value: form.note, path: 'note', errors: s.baselineErrors, maxlength: BASELINE_NOTE_MAX, required: false, multiline: true, placeholder: 'What this period was: before the pilot, after the new runbooks…' }),
    formError(s.baselineError),
    h(
      'div',
      { class: 'buttons' },
      button('baseline-submit', 'Capture', submit, { color: 'primary', busy: s.busy === 'baseline' }),
      button('baseline-cancel', 'Cancel', () => page.update(() => Object.assign(page.state, { baselineForm: null, baselineErrors: [], baselineError: null }))),
    ),
  );
}

/** Who may capture (coordinator team members and approvers, as the API permits): the form or its button; the others are told who may. */
function controls(page: ReviewPage): Child {
  const { matrix, agent, baselines, baselineForm, currentWeek } = page.state;
  if (!matrix || !agent || !baselines || !currentWeek) return null;
  const names = namesOf(matrix);
  const role = governanceRole(matrix, agent, names);
  if (!role.mayPropose) return h('p', { class: 'muted', 'data-test': 'baseline-who' }, `Baselines are captured by ${role.proposers}.`);
  const next = (baselines.items.at(-1)?.version ?? 0) + 1;
  if (baselineForm) return captureForm(page, baselineForm, next);
  const open = () => page.update(() => Object.assign(page.state, { baselineForm: startBaselineForm(currentWeek), baselineErrors: [], baselineError: null, notice: null }));
  return h('div', { class: 'buttons no-print' }, button('baseline-open', 'Capture a baseline', open));
}

/**
 * The baselines section, below the week's findings.
 * @example sections.push(renderBaselines(page))
 */
export function renderBaselines(page: ReviewPage): HTMLElement {
  const { baselines, baselinesError, zone } = page.state;
  const rows = baselines ? baselineRows(baselines, zone, page.locale) : [];
  return h(
    'section',
    { class: 'section', 'data-test': 'baselines' },
    h('h2', {}, 'Baselines'),
    h('p', { class: 'muted' }, 'Each week moves against the current baseline, the latest captured; the targets are counted from it.'),
    baselinesError ? h('p', { class: 'form-error', 'data-test': 'baselines-error', role: 'alert' }, baselinesError) : null,
    !baselines && !baselinesError ? h('p', { class: 'loading', 'data-test': 'baselines-loading' }, 'Loading the baselines…') : null,
    baselines && rows.length === 0 ? h('p', { class: 'muted', 'data-test': 'no-baselines' }, 'None captured yet: without one, no week shows its movement or targets.') : null,
    rows.length > 0
      ? h(
          'table',
          { 'data-test': 'baseline-list' },
          h('thead', {}, h('tr', {}, ...['Version', 'Period', 'SLA attainment', 'Handoff rework', 'Ambiguity incidents', 'Captured', 'Note'].map((c) => h('th', {}, c)))),
          h(
            'tbody',
            {},
            ...rows.map((r) =>
              h(
                'tr',
                { 'data-test': 'baseline', 'data-version': String(r.version), 'data-current': String(r.current) },
                h('td', {}, String(r.version), ' ', r.current ? h('span', { class: 'pill pill-met', 'data-test': 'baseline-current' }, 'current') : null),
                h('td', {}, r.period),
                h('td', {}, r.attainment),
                h('td', {}, r.rework),
                h('td', {}, r.ambiguity),
                h('td', {}, r.captured),
                h('td', {}, r.note || '—'),
              ),
            ),
          ),
        )
      : null,
    controls(page),
  );
}
