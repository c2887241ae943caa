/** The mandatory handoff record: the one schema the sidebar and the API both validate with. */
import { z } from 'zod';

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
 * The handoff record as validated at `now`: the next action's deadline must lie in the future.
 * @example handoffRecordSchema(new Date('2026-11-30T09:00:00Z')).safeParse(formValues)
 */
export function handoffRecordSchema(now: Date) {
  // The time check sits on the field so it is reported together with every other bad field.
  return handoffRecordShape.extend({
    nextActionDueAt: isoInstant.refine((at) => Date.parse(at) > now.getTime(), 'Next action deadline must be in the future'),
  });
}

export type HandoffRecord = z.infer<typeof handoffRecordShape>;
export type Evidence = z.infer<typeof evidenceSchema>;
