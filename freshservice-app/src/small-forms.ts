/** Reject, pause and resolve: their choices and their checks, with the API's own text schemas and messages. */
import type { FieldIssue } from '../../shared/errors.js';
import type { RejectReason } from '../../shared/escalation/events.js';
import { LIMITS } from '../../shared/limits.js';
import { freeText, optionalText } from '../../shared/text.js';

/** Every reason the API takes (the Record's keys are checked against RejectReason), with what choosing it means. */
const REJECT_CHOICES: Record<RejectReason, { label: string; help: (fromTeam: string) => string }> = {
  'missing-information': {
    label: 'Missing information',
    help: (from) => `The record lacks what your team needs to act. The handoff goes back to ${from}; say in the note what is missing.`,
  },
  'not-our-scope': {
    label: 'Not our scope',
    help: (from) =>
      `This work belongs to another team. The handoff goes back to ${from}, which keeps the escalation, and it counts as an ownership-ambiguity incident in the weekly review (the matrix may need a rule). Name the right team in the note if you know it.`,
  },
  other: { label: 'Other', help: (from) => `The handoff goes back to ${from}. Say why in the note (required).` },
};

export const rejectChoices = (): { value: RejectReason; label: string }[] =>
  (Object.keys(REJECT_CHOICES) as RejectReason[]).map((value) => ({ value, label: REJECT_CHOICES[value].label }));

/** What a reason means for the sending team, or null for no reason chosen. */
export const rejectHelp = (reason: string, fromTeam: string): string | null =>
  Object.hasOwn(REJECT_CHOICES, reason) ? REJECT_CHOICES[reason as RejectReason].help(fromTeam) : null;

type Checked<T> = { ok: true; value: T } | { ok: false; fields: FieldIssue[] };

const noteText = optionalText('Note', LIMITS.note);
const reasonText = freeText('Reason', LIMITS.reason);
const resolutionText = freeText('Resolution', LIMITS.resolution);

function text(schema: typeof reasonText, path: string, value: string): Checked<string> {
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, fields: [{ path, message: parsed.error.issues[0]?.message ?? `${path} is invalid` }] };
}

/**
 * The reject form's body, or its field issues ("other" without a note is the API's to refuse: its message is shown in place).
 * @example checkReject({reason: '', note: ''}) // {ok: false, fields: [{path: 'reason', message: 'Reason is one of: missing-information, not-our-scope, other'}]}
 */
export function checkReject(draft: { reason: string; note: string }): Checked<{ reason: RejectReason; note?: string }> {
  const fields: FieldIssue[] = [];
  if (!Object.hasOwn(REJECT_CHOICES, draft.reason)) fields.push({ path: 'reason', message: `Reason is one of: ${Object.keys(REJECT_CHOICES).join(', ')}` });
  const note = text(noteText, 'note', draft.note);
  if (!note.ok) fields.push(...note.fields);
  if (fields.length > 0 || !note.ok) return { ok: false, fields };
  return { ok: true, value: { reason: draft.reason as RejectReason, ...(note.value ? { note: note.value } : {}) } };
}

/** @example checkPause('') // {ok: false, fields: [{path: 'reason', message: 'Reason is required'}]} */
export const checkPause = (reason: string): Checked<string> => text(reasonText, 'reason', reason);

/** @example checkResolve('Core switch replaced') // {ok: true, value: 'Core switch replaced'} */
export const checkResolve = (resolution: string): Checked<string> => text(resolutionText, 'resolution', resolution);
