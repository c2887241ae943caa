/**
 * Approving, rejecting and activating proposals with single-item conditional writes only. The order of the
 * writes (docs/governance.md): the approval that completes a proposal marks it `approved` (its revision is
 * the lock); then the version item base + 1 is stored only if absent (the activation itself); then the
 * proposal is marked `activated`. A crash between them leaves an `approved` proposal that whoever reads it
 * next finishes; a version already taken by another activation makes it `stale`.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '../../../shared/errors.js';
import { approvalStatus, approverParty } from '../../../shared/matrix/governance.js';
import type { ApproveBody, RejectBody } from '../../../shared/matrix/proposal-api.js';
import type { ApiKey, Approval, StoredMatrix } from '../../../shared/ports.js';
import type { AppDeps } from '../deps.js';
import type { EscalationService } from '../escalations.js';
import { governanceActor, requireApproverScope } from './actors.js';
import type { ProposalStore, StoredProposal } from './proposal.js';

/** Each lost race means another write landed: 20 approvers at once settle well within this. */
const MAX_ATTEMPTS = 40;

export interface GovernanceContext {
  deps: AppDeps;
  service: EscalationService;
  proposals: ProposalStore;
}

const missing = (id: string) => new NotFoundError(`Proposal ${id} does not exist`);

/** Why a proposal that is no longer open takes no approval or rejection. */
export function closedError(p: StoredProposal): ConflictError {
  switch (p.status) {
    case 'activated':
      return new ConflictError(`Proposal ${p.id} is already active, as version ${p.activatedVersion}`);
    case 'approved':
      return new ConflictError(`Proposal ${p.id} has the approvals it needs (${p.approvals.map((a) => a.id).join(', ')}) and is being activated`);
    case 'rejected':
      return new ConflictError(`Proposal ${p.id} was rejected by ${p.rejection?.id ?? 'an approver'}: ${p.rejection?.note ?? ''}`);
    case 'stale':
    case 'open':
      return new ConflictError(`Proposal ${p.id} is stale: it was based on version ${p.baseVersion}, and another version became active first. Propose it again on the active version.`);
  }
}

/** Writes `next` over `p` (one revision later); false when someone else wrote first. */
async function replaced(ctx: GovernanceContext, tenant: string, next: StoredProposal): Promise<boolean> {
  try {
    await ctx.proposals.replace(tenant, next);
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

const closed = (p: StoredProposal, status: 'activated' | 'stale' | 'rejected', at: string, extra: Partial<StoredProposal> = {}): StoredProposal => ({ ...p, ...extra, status, closedAt: at, rev: p.rev + 1 });

/**
 * Finishes an approved proposal's activation (idempotent: any number of callers, any crash in between):
 * stores version base + 1 unless it exists, then marks the proposal activated, or stale when that
 * version is another's. Answers the proposal as it then stands.
 */
export async function finishActivation(ctx: GovernanceContext, tenant: string, p: StoredProposal): Promise<StoredProposal> {
  const { matrices, clock } = ctx.deps;
  const at = clock.now().toISOString();
  const next = p.baseVersion + 1;
  let stored: StoredMatrix | null = await matrices.version(tenant, next);
  if (!stored) {
    const proposal = { id: p.id, rationale: p.rationale, proposedBy: p.proposedBy, proposedAt: p.proposedAt, approvals: p.approvals };
    try {
      stored = await matrices.activate(tenant, { document: p.document, createdAt: at, createdBy: p.proposedBy.id, origin: 'proposal', note: p.rationale, proposal }, p.baseVersion);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      stored = await matrices.version(tenant, next);
    }
  }
  const ours = stored?.proposal?.id === p.id;
  if (ours && stored) ctx.service.matrices.activated(tenant, stored);
  const done = ours ? closed(p, 'activated', at, { activatedVersion: next }) : closed(p, 'stale', at);
  if (await replaced(ctx, tenant, done)) return done;
  // Another caller finished it first: what it wrote stands.
  return (await ctx.proposals.get(tenant, p.id)) ?? done;
}

/**
 * The proposal as it stands, with an interrupted activation finished and an open one whose base is no
 * longer active marked stale (both are writes a read may make: they only complete what is decided).
 */
export async function settle(ctx: GovernanceContext, tenant: string, p: StoredProposal, activeVersion: number): Promise<StoredProposal> {
  if (p.status === 'approved') return finishActivation(ctx, tenant, p);
  if (p.status === 'open' && p.baseVersion !== activeVersion) {
    const stale = closed(p, 'stale', ctx.deps.clock.now().toISOString());
    return (await replaced(ctx, tenant, stale)) ? stale : ((await ctx.proposals.get(tenant, p.id)) ?? p);
  }
  return p;
}

/**
 * Records `body.actor`'s approval. The approval that gives the proposal what its risk needs activates it,
 * conditional on its base still being the active version.
 * @throws ForbiddenError (not an approver, their own proposal, the key's party), ConflictError (closed, stale, approved already)
 */
export async function approve(ctx: GovernanceContext, key: ApiKey, id: string, body: ApproveBody): Promise<StoredProposal> {
  const tenant = key.tenant;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const found = await ctx.proposals.get(tenant, id);
    if (!found) throw missing(id);
    const { matrix, stored } = await ctx.service.matrices.fresh(tenant);
    const p = await settle(ctx, tenant, found, stored.version);
    if (p.status !== 'open') throw closedError(p);
    const user = await governanceActor(ctx.service, key, body.actor, matrix);
    if (user.id === p.proposedBy.id) throw new ForbiddenError(`Nobody approves their own proposal: ${user.id} proposed ${p.id}`);
    const role = approverParty(matrix.document, user.id, user.teams);
    if ('refused' in role) {
      throw new ForbiddenError(
        role.refused === 'ambiguous'
          ? `${user.id} approves for ${role.parties.join(' and ')} under version ${stored.version}; an approval counts for one party, so governance.approvers must name them for one`
          : `${user.id} is not an approver in version ${stored.version} of the matrix (governance.approvers)`,
      );
    }
    requireApproverScope(key, user, role.party);
    const already = p.approvals.find((a) => a.id === user.id);
    if (already) throw new ConflictError(`${user.id} approved proposal ${p.id} already, at ${already.at}`);
    const approval: Approval = { id: user.id, ...(user.name ? { name: user.name } : {}), party: role.party, at: ctx.deps.clock.now().toISOString(), ...(body.note ? { note: body.note } : {}), ...(user.via ? { via: user.via } : {}) };
    const approvals = [...p.approvals, approval];
    const next: StoredProposal = { ...p, approvals, status: approvalStatus(p.risk, approvals).satisfied ? 'approved' : 'open', rev: p.rev + 1 };
    if (!(await replaced(ctx, tenant, next))) continue;
    return next.status === 'approved' ? finishActivation(ctx, tenant, next) : next;
  }
  throw new ConflictError(`Proposal ${id} is changing too fast to approve; try again`);
}

/**
 * Closes an open proposal as rejected by an approver (of any party the key may act for), with the reason.
 * @throws ForbiddenError (not an approver, the key's party), ConflictError (closed already)
 */
export async function reject(ctx: GovernanceContext, key: ApiKey, id: string, body: RejectBody): Promise<StoredProposal> {
  const tenant = key.tenant;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const p = await ctx.proposals.get(tenant, id);
    if (!p) throw missing(id);
    if (p.status === 'approved') throw closedError(await finishActivation(ctx, tenant, p));
    if (p.status !== 'open') throw closedError(p);
    const { matrix, stored } = await ctx.service.matrices.fresh(tenant);
    const user = await governanceActor(ctx.service, key, body.actor, matrix);
    const role = approverParty(matrix.document, user.id, user.teams);
    if ('refused' in role) throw new ForbiddenError(`Only an approver may reject a proposal; ${user.id} is not one in version ${stored.version} of the matrix (governance.approvers)`);
    requireApproverScope(key, user, role.party);
    const rejection: Approval = { id: user.id, ...(user.name ? { name: user.name } : {}), party: role.party, at: ctx.deps.clock.now().toISOString(), note: body.note, ...(user.via ? { via: user.via } : {}) };
    const next = closed(p, 'rejected', rejection.at, { rejection });
    if (await replaced(ctx, tenant, next)) return next;
  }
  throw new ConflictError(`Proposal ${id} is changing too fast to reject; try again`);
}
