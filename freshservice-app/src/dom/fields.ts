/** crayons fields with the sidebar's inline errors, and reading their values back (the DOM is the form's state while it is open). */
import type { FieldIssue } from '../../../shared/errors.js';
import { h, on } from './h.js';

/** The inline error for a field path (the API's path), or nothing. */
export function fieldError(errors: readonly FieldIssue[], path: string): HTMLElement | null {
  const messages = errors.filter((e) => e.path === path).map((e) => e.message);
  return messages.length === 0 ? null : h('p', { class: 'field-error', 'data-test': 'field-error', 'data-field': path, role: 'alert' }, messages.join(' '));
}

interface TextFieldOptions {
  test: string;
  label: string;
  value: string;
  path: string;
  errors: readonly FieldIssue[];
  maxlength?: number;
  placeholder?: string;
  multiline?: boolean;
  required?: boolean;
}

/** An fw-input or fw-textarea with its label and inline error. */
export function textField(o: TextFieldOptions): HTMLElement {
  const error = fieldError(o.errors, o.path);
  const field = h(o.multiline ? 'fw-textarea' : 'fw-input', {
    'data-test': o.test,
    label: o.label,
    value: o.value,
    maxlength: o.maxlength,
    placeholder: o.placeholder,
    required: o.required ?? true,
    rows: o.multiline ? 3 : undefined,
    state: error ? 'error' : undefined,
  });
  return h('div', { class: 'field' }, field, error);
}

/** An fw-select of `options` with an empty first choice. */
export function selectField(o: { test: string; label: string; value: string; path: string; errors: readonly FieldIssue[]; options: { value: string; label: string }[]; placeholder: string }, onChange?: () => void): HTMLElement {
  const error = fieldError(o.errors, o.path);
  const select = h(
    'fw-select',
    { 'data-test': o.test, label: o.label, value: o.value || undefined, placeholder: o.placeholder, required: true, state: error ? 'error' : undefined },
    ...o.options.map((option) => h('fw-select-option', { value: option.value }, option.label)),
  );
  if (onChange) on(select, { fwChange: onChange, change: onChange });
  return h('div', { class: 'field' }, select, error);
}

/** The current value of a field found by its `data-test` under `root` ('' when absent). */
export function valueOf(root: ParentNode, test: string): string {
  const el = root.querySelector(`[data-test="${test}"]`) as (Element & { value?: unknown }) | null;
  if (!el) return '';
  const value = el.value ?? el.getAttribute('value');
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : value === null || value === undefined ? '' : String(value);
}

/** An fw-button; `busy` shows crayons' loading state and blocks a second click. */
export function button(test: string, text: string, onClick: () => void, options: { color?: 'primary' | 'secondary' | 'danger' | 'link'; busy?: boolean } = {}): HTMLElement {
  return on(h('fw-button', { 'data-test': test, color: options.color ?? 'secondary', size: 'small', loading: options.busy, disabled: options.busy }, text), {
    click: () => {
      if (!options.busy) onClick();
    },
  });
}

/** The form's error from the backend, in place. */
export const formError = (message: string | null): HTMLElement | null => (message ? h('p', { class: 'form-error', 'data-test': 'form-error', role: 'alert' }, message) : null);
