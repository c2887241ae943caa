/**
 * The mandatory handoff record: the one schema the sidebar and the API both validate with.
 * Written with zod's functions and `.check()` only: the app's bundles build it with zod/mini (scripts/app/zod-for-sidebar.ts).
 */
import * as z from 'zod';
import type { FieldIssue } from '../errors.js';
import { LIMITS } from '../limits.js';
import { freeText as text } from '../text.js';
import { fieldIssues } from '../validation.js';

const DAY_MS = 86_400_000;

export const evidenceSchema = z.strictObject({
  label: text('Evidence label', LIMITS.evidenceLabel),
  url: z
    .url({ protocol: /^https?$/, error: 'Evidence link must be an http(s) URL' })
    .check(z.maxLength(LIMITS.evidenceUrl, `Evidence link is at most ${LIMITS.evidenceUrl} characters`)),
});

const isoInstant = z.iso.datetime({ offset: true, error: 'Next action deadline must be an ISO date-time, e.g. 2026-12-01T14:00:00Z' });

/** The record's shape without the time check (for JSON Schema and for forms that validate field by field). */
export const handoffRecordShape = z.strictObject({
  toTeam: text('Receiving team', 64),
  diagnosis: text('Current diagnosis', LIMITS.diagnosis),
  actionsTaken: text('Actions taken', LIMITS.actionsTaken),
  evidence: z
    .array(evidenceSchema, { error: 'At least one evidence link is required' })
    .check(z.minLength(1, 'At least one evidence link is required'), z.maxLength(LIMITS.evidenceLinks, `At most ${LIMITS.evidenceLinks} evidence links`)),
  nextAction: text('Next required action', LIMITS.nextAction),
  nextActionDueAt: isoInstant,
});

/**
 * A record as stored with its event: the shape only. It was checked by the rules of the version that took
 * it; re-checking today's limits on read would make older escalations unreadable when a limit tightens.
 */
export const storedHandoffRecordSchema = z.object({
  toTeam: z.string(),
  diagnosis: z.string(),
  actionsTaken: z.string(),
  evidence: z.array(z.object({ label: z.string(), url: z.string() })),
  nextAction: z.string(),
  nextActionDueAt: z.string(),
}) satisfies z.ZodType<z.output<typeof handoffRecordShape>>;

/**
 * Checks a handoff record at `now`: every field of the shape, and the next action's deadline in the
 * future but within LIMITS.nextActionDays (a typo'd year is caught here), all reported together. One compiled schema serves every call (building one per call cost
 * a hundred times more than parsing).
 * @example const result = checkHandoffRecord(formValues, new Date()); if (!result.ok) show(result.fields);
 */
export function checkHandoffRecord(input: unknown, now: Date): { ok: true; record: HandoffRecord } | { ok: false; fields: FieldIssue[] } {
  const parsed = handoffRecordShape.safeParse(input);
  const fields = parsed.success ? [] : fieldIssues(parsed.error);
  const dueAt = (input as { nextActionDueAt?: unknown } | null)?.nextActionDueAt;
  const dueAtWellFormed = typeof dueAt === 'string' && !fields.some((f) => f.path === 'nextActionDueAt');
  if (dueAtWellFormed && Date.parse(dueAt) <= now.getTime()) fields.push({ path: 'nextActionDueAt', message: 'Next action deadline must be in the future' });
  if (dueAtWellFormed && Date.parse(dueAt) > now.getTime() + LIMITS.nextActionDays * DAY_MS) {
    fields.push({ path: 'nextActionDueAt', message: `Next action deadline must be within ${LIMITS.nextActionDays} days` });
  }
  return parsed.success && fields.length === 0 ? { ok: true, record: parsed.data } : { ok: false, fields };
}

export type HandoffRecord = z.infer<typeof handoffRecordShape>;

/** The record's fields a receiving team can find missing when it sends a handoff back (the weekly review counts them). */
export const HANDOFF_FIELDS = ['diagnosis', 'actionsTaken', 'evidence', 'nextAction', 'nextActionDueAt'] as const;
export type HandoffField = (typeof HANDOFF_FIELDS)[number];
export const HANDOFF_FIELD_LABELS: Record<HandoffField, string> = {
  diagnosis: 'Current diagnosis',
  actionsTaken: 'Actions taken',
  evidence: 'Evidence',
  nextAction: 'Next required action',
  nextActionDueAt: 'Next action deadline',
};
export type Evidence = z.infer<typeof evidenceSchema>;
