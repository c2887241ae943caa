/** The mandatory handoff record: the one schema the sidebar and the API both validate with. */
import { z } from 'zod';
import type { FieldIssue } from '../errors.js';
import { fieldIssues } from '../validation.js';

export const HANDOFF_LIMITS = { text: 4000, short: 500, label: 120, url: 2048, evidence: 20 } as const;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} is at most ${max} characters`);

export const evidenceSchema = z
  .object({
    label: text('Evidence label', HANDOFF_LIMITS.label),
    url: z
      .url({ protocol: /^https?$/, error: 'Evidence link must be an http(s) URL' })
      .max(HANDOFF_LIMITS.url, `Evidence link is at most ${HANDOFF_LIMITS.url} characters`),
  })
  .strict();

const isoInstant = z.iso.datetime({ offset: true, error: 'Next action deadline must be an ISO date-time, e.g. 2026-12-01T14:00:00Z' });

/** The record's shape without the time check (for JSON Schema and for forms that validate field by field). */
export const handoffRecordShape = z
  .object({
    toTeam: text('Receiving team', 64),
    diagnosis: text('Current diagnosis', HANDOFF_LIMITS.text),
    actionsTaken: text('Actions taken', HANDOFF_LIMITS.text),
    evidence: z
      .array(evidenceSchema, { error: 'At least one evidence link is required' })
      .min(1, 'At least one evidence link is required')
      .max(HANDOFF_LIMITS.evidence, `At most ${HANDOFF_LIMITS.evidence} evidence links`),
    nextAction: text('Next required action', HANDOFF_LIMITS.short),
    nextActionDueAt: isoInstant,
  })
  .strict();

/**
 * Checks a handoff record at `now`: every field of the shape, and the next action's deadline in the
 * future, all reported together. One compiled schema serves every call (building one per call cost
 * a hundred times more than parsing).
 * @example const result = checkHandoffRecord(formValues, new Date()); if (!result.ok) show(result.fields);
 */
export function checkHandoffRecord(input: unknown, now: Date): { ok: true; record: HandoffRecord } | { ok: false; fields: FieldIssue[] } {
  const parsed = handoffRecordShape.safeParse(input);
  const fields = parsed.success ? [] : fieldIssues(parsed.error);
  const dueAt = (input as { nextActionDueAt?: unknown } | null)?.nextActionDueAt;
  const dueAtWellFormed = typeof dueAt === 'string' && !fields.some((f) => f.path === 'nextActionDueAt');
  if (dueAtWellFormed && Date.parse(dueAt) <= now.getTime()) fields.push({ path: 'nextActionDueAt', message: 'Next action deadline must be in the future' });
  return parsed.success && fields.length === 0 ? { ok: true, record: parsed.data } : { ok: false, fields };
}

export type HandoffRecord = z.infer<typeof handoffRecordShape>;
export type Evidence = z.infer<typeof evidenceSchema>;
