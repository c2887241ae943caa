/** Request bodies and parameters of the governed matrix updates: one zod schema each, for the API, the review page and the OpenAPI document. */
import * as z from 'zod';
import { actorSchema } from '../api/schemas.js';
import { freeText, optionalText } from '../text.js';

/** A proposed matrix as text (YAML, or JSON as YAML reads it) is at most this long; the body itself is at most 64 KB. */
export const MATRIX_TEXT_MAX = 60_000;

const MATRIX_HELP = 'matrix is the proposed matrix: its YAML or JSON text, or the document itself as a JSON object';

/**
 * POST /v1/matrix/proposals.
 * @example proposeBody.parse({matrix: 'parties: …', rationale: 'Network tier 3 goes to the NOC (friction: 6 reworks)', actor: {id: 'agent-anna'}})
 */
export const proposeBody = z
  .object({
    matrix: z.union(
      [
        z.string({ error: MATRIX_HELP }).trim().min(1, `${MATRIX_HELP}; it is empty`).max(MATRIX_TEXT_MAX, `The matrix text is at most ${MATRIX_TEXT_MAX} characters`),
        z.record(z.string(), z.unknown(), { error: MATRIX_HELP }),
      ],
      { error: MATRIX_HELP },
    ).describe('The whole proposed matrix. A value masked as ••• (as GET /v1/matrix shows URL secrets) keeps the active version’s real value at the same place'),
    rationale: freeText('Rationale', 2_000),
    actor: actorSchema,
  })
  .strict();

/** How many weeks of escalations the impact replay re-evaluates (the weeks before now). */
export const proposeQuery = z
  .object({
    weeks: z.coerce
      .number({ error: 'weeks is a whole number from 1 to 12' })
      .int('weeks is a whole number from 1 to 12')
      .min(1, 'weeks is a whole number from 1 to 12')
      .max(12, 'weeks is a whole number from 1 to 12')
      .default(4),
  })
  .strict();

const LIMIT_MESSAGE = 'limit is a whole number from 1 to 50';

/** GET /v1/matrix/proposals: the open ones (oldest first), or the latest `limit` closed ones (newest first). */
export const listProposalsQuery = z
  .object({
    status: z.enum(['open', 'closed'], { error: 'status is open or closed' }).default('open'),
    limit: z.coerce.number({ error: LIMIT_MESSAGE }).int(LIMIT_MESSAGE).min(1, LIMIT_MESSAGE).max(50, LIMIT_MESSAGE).default(20),
  })
  .strict();

/** POST /v1/matrix/proposals/{id}/approve: the approver, and optionally why. */
export const approveBody = z.object({ actor: actorSchema, note: optionalText('Note', 1_000).optional() }).strict();

/** POST /v1/matrix/proposals/{id}/reject: the approver, and why (required: the proposer must learn what to change). */
export const rejectBody = z.object({ actor: actorSchema, note: freeText('Note', 1_000) }).strict();

export type ProposeBody = z.infer<typeof proposeBody>;
export type ApproveBody = z.infer<typeof approveBody>;
export type RejectBody = z.infer<typeof rejectBody>;
