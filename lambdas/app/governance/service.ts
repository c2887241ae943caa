/** Governed matrix updates: proposals with lint, diff, risk and impact replay; approval; versioned activation; the history. */
import { NotFoundError } from '../../../shared/errors.js';
import type { ApproveBody, ProposeBody, RejectBody } from '../../../shared/matrix/proposal-api.js';
import { restoreMasked } from '../../../shared/matrix/restore-masked.js';
import type { ApiKey, StoredMatrix } from '../../../shared/ports.js';
import type { AppDeps } from '../deps.js';
import type { EscalationService } from '../escalations.js';
import { governanceActor, requireProposerScope } from './actors.js';
import { approve, reject, settle, type GovernanceContext } from './decide.js';
import { checkProposal, lintProposed, openProposal, replayWeeks } from './propose.js';
import type { StoredProposal } from './proposal.js';
import { versionView } from './versions.js';
import { proposalView, type ProposalView } from './views.js';

export class MatrixGovernance {
  private readonly ctx: GovernanceContext;

  constructor(private readonly deps: AppDeps, private readonly service: EscalationService) {
    this.ctx = { deps, service, proposals: deps.proposals };
  }

  /**
   * Proposes `body.matrix` as the next version: refused with every lint error, a masked secret with no value
   * to keep, by someone who may not propose, or when it could never be approved; otherwise stored open with
   * its risk and replay.
   * @example await governance.propose(key, {matrix: yamlText, rationale: 'Tier 3 network to the NOC', actor: {id: 'agent-anna'}}, 4)
   */
  async propose(key: ApiKey, body: ProposeBody, weeks: number): Promise<ProposalView> {
    const { matrix: active, stored } = await this.service.matrices.fresh(key.tenant);
    const user = await governanceActor(this.service, key, body.actor, active);
    requireProposerScope(key, active, user);
    const linted = lintProposed(body.matrix);
    // Built from GET /v1/matrix, it shows secrets masked: they keep the values of the version it is based on.
    const document = restoreMasked(linted.document, active.document);
    const { proposed, risk } = checkProposal(active, stored.version, document, user);
    const replay = await replayWeeks(this.deps, key.tenant, active, proposed, weeks);
    const proposal = openProposal({ baseVersion: stored.version, document, rationale: body.rationale, proposer: user, proposedAt: this.deps.clock.now().toISOString(), risk, replay });
    await this.deps.proposals.create(key.tenant, proposal);
    return proposalView(proposal, { activeVersion: stored.version, base: stored, findings: linted.findings });
  }

  /** One proposal, whatever its status (an interrupted activation is finished first). */
  async get(tenant: string, id: string): Promise<ProposalView> {
    const found = await this.deps.proposals.get(tenant, id);
    if (!found) throw new NotFoundError(`Proposal ${id} does not exist`);
    const { stored } = await this.service.matrices.fresh(tenant);
    return this.view(tenant, await settle(this.ctx, tenant, found, stored.version));
  }

  /** The proposals still open, oldest first (stale ones are closed as such on the way). */
  async listOpen(tenant: string): Promise<ProposalView[]> {
    const { open, stored } = await this.settleOpen(tenant);
    const bases = new Map<number, StoredMatrix | null>([[stored.version, stored]]);
    return Promise.all(open.map((p) => this.view(tenant, p, bases)));
  }

  /**
   * The latest `limit` proposals activated, rejected (with the note the proposer learns from) or found stale,
   * newest first. Open ones whose base moved on are closed as stale first, so they are among them.
   */
  async listClosed(tenant: string, limit: number): Promise<ProposalView[]> {
    const { stored } = await this.settleOpen(tenant);
    const bases = new Map<number, StoredMatrix | null>([[stored.version, stored]]);
    const closed = await this.deps.proposals.listClosed(tenant, limit);
    // One base read at a time: proposals mostly share their base, which the map then holds.
    const views: ProposalView[] = [];
    for (const p of closed) views.push(await this.view(tenant, p, bases));
    return views;
  }

  /** Settles each open proposal against the active version (finishing an activation, closing a stale one). */
  private async settleOpen(tenant: string): Promise<{ open: StoredProposal[]; stored: StoredMatrix }> {
    const { stored } = await this.service.matrices.fresh(tenant);
    const open: StoredProposal[] = [];
    for (const p of await this.deps.proposals.listOpen(tenant)) {
      const settled = await settle(this.ctx, tenant, p, stored.version);
      if (settled.status === 'open') open.push(settled);
    }
    return { open, stored };
  }

  async approve(key: ApiKey, id: string, body: ApproveBody): Promise<ProposalView> {
    return this.view(key.tenant, await approve(this.ctx, key, id, body));
  }

  async reject(key: ApiKey, id: string, body: RejectBody): Promise<ProposalView> {
    return this.view(key.tenant, await reject(this.ctx, key, id, body));
  }

  /** Every version, newest first, with who proposed and approved it, when, why, and by which path. */
  async versions(tenant: string) {
    const history = await this.deps.matrices.versions(tenant);
    const active = history.at(-1)?.version ?? 0;
    return history.reverse().map((v) => versionView(v, active));
  }

  private async view(tenant: string, p: StoredProposal, bases = new Map<number, StoredMatrix | null>()): Promise<ProposalView> {
    const active = await this.service.matrices.get(tenant);
    if (!bases.has(p.baseVersion)) bases.set(p.baseVersion, await this.deps.matrices.version(tenant, p.baseVersion));
    return proposalView(p, { activeVersion: active.stored.version, base: bases.get(p.baseVersion) ?? null });
  }
}
