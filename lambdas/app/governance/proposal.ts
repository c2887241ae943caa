/**
 * A matrix proposal as stored, and its store's port. The proposed document, its risk and its replay are
 * fixed when it is made (against the version it is based on); approvals and status change, each change one
 * conditional write on the proposal's revision.
 */
import * as z from 'zod';
import { actorRefSchema } from '../../../shared/escalation/events.js';
import type { RiskAssessment } from '../../../shared/matrix/risk.js';
import type { ReplayReport } from '../../../shared/matrix/replay.js';
import { approvalSchema } from '../../../shared/ports.js';

/**
 * - `open`: collecting approvals;
 * - `approved`: it has them, and its activation is under way (whoever next reads it finishes it);
 * - `activated`: it is version `activatedVersion`;
 * - `rejected`: an approver turned it down;
 * - `stale`: another version became active first; it must be proposed again on the new one.
 */
export const PROPOSAL_STATUSES = ['open', 'approved', 'activated', 'rejected', 'stale'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** A proposal id: `mp_` and lowercase letters and digits (time-ordered). */
export const proposalIdSchema = z.string().regex(/^mp_[0-9a-z]{8,40}$/, 'A proposal id is "mp_" and letters and digits, as POST /v1/matrix/proposals answered it');

const decidedSchema = z.object({ owner: z.string(), party: z.string(), sla: z.string(), runbook: z.string().nullable(), rule: z.string().nullable(), ambiguous: z.boolean() });
const replayFieldSchema = z.enum(['owner', 'party', 'sla', 'target']);

export const riskSchema = z.object({ level: z.enum(['low', 'high']), reasons: z.array(z.string()), parties: z.array(z.string()), approvals: z.number().int().positive() }) satisfies z.ZodType<RiskAssessment>;

export const replaySchema = z.object({
  from: z.string(),
  to: z.string(),
  escalations: z.number().int(),
  changed: z.record(z.enum(['owner', 'party', 'sla', 'target', 'any']), z.number().int()),
  ambiguous: z.object({ before: z.number().int(), after: z.number().int() }),
  undeclared: z.number().int(),
  items: z.array(
    z.object({
      ticketId: z.string(),
      openedAt: z.string(),
      incidentType: z.string(),
      impactTier: z.number().int(),
      decidedBy: z.string(),
      before: decidedSchema,
      after: decidedSchema.nullable(),
      changed: z.array(replayFieldSchema),
    }),
  ),
  more: z.number().int(),
}) satisfies z.ZodType<ReplayReport>;

export const storedProposalSchema = z.object({
  id: proposalIdSchema,
  status: z.enum(PROPOSAL_STATUSES),
  /** The active version when it was made: it activates only as the next one. */
  baseVersion: z.number().int().nonnegative(),
  /** The proposed matrix, parsed (defaults applied) and free of lint errors when made. */
  document: z.unknown(),
  rationale: z.string(),
  proposedBy: actorRefSchema,
  proposedAt: z.string(),
  risk: riskSchema,
  /** The impact replay over the weeks before it was made. */
  replay: replaySchema.extend({ weeks: z.number().int().positive() }),
  approvals: z.array(approvalSchema),
  /** Who rejected it and why. */
  rejection: approvalSchema.optional(),
  activatedVersion: z.number().int().positive().optional(),
  /** When it stopped being open (activated, rejected, found stale). */
  closedAt: z.string().optional(),
  /** Bumped by every write: each write is conditional on the revision it read. */
  rev: z.number().int().nonnegative(),
});
export type StoredProposal = z.infer<typeof storedProposalSchema>;

/** The tenant's proposals. Every write is one conditional put; a lost race throws ConflictError. */
export interface ProposalStore {
  /** @throws ConflictError when the id is taken */
  create(tenant: string, proposal: StoredProposal): Promise<void>;
  get(tenant: string, id: string): Promise<StoredProposal | null>;
  /**
   * Replaces the proposal stored at revision `next.rev - 1` with `next`.
   * @throws ConflictError when it was changed since (another approval, a rejection)
   */
  replace(tenant: string, next: StoredProposal): Promise<void>;
  /** The proposals still open or approved (an activation to finish), oldest first. */
  listOpen(tenant: string): Promise<StoredProposal[]>;
  /** The latest `limit` proposals decided or found stale, newest first. */
  listClosed(tenant: string, limit: number): Promise<StoredProposal[]>;
}
