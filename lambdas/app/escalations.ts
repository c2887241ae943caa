/** The application service: load → decide → commit → side effects, the same for every entry point. */
import { ConflictError, ForbiddenError } from '../../shared/errors.js';
import type { ActingUser, EscalationCommand } from '../../shared/escalation/commands.js';
import { decide } from '../../shared/escalation/decide.js';
import type { RecordedEvent } from '../../shared/escalation/events.js';
import { evolve, initialState, type EscalationState } from '../../shared/escalation/state.js';
import { sameListing, summarize, type EscalationSummary } from '../../shared/escalation/summary.js';
import type { Matrix } from '../../shared/matrix/matrix.js';
import type { ApiKey } from '../../shared/ports.js';
import type { Actor } from '../../shared/api/schemas.js';
import type { AppDeps } from './deps.js';
import { ActiveMatrices } from './matrix-cache.js';
import { Membership } from './membership.js';
import { isEmptyOutbox, planOutbox } from './outbox-plan.js';
import { OutboxProcessor } from './outbox-process.js';
import type { EscalationHistory } from './ports.js';

/** Lost races are retried on fresh state; decide then answers the loser (usually with a 409). */
const MAX_ATTEMPTS = 5;

export interface Loaded {
  history: EscalationHistory;
  state: EscalationState;
}

export interface Executed extends Loaded {
  recorded: RecordedEvent[];
}

export type CommandBuilder = (ctx: { state: EscalationState; matrix: Matrix }) => EscalationCommand | Promise<EscalationCommand>;

/** The summary to store with a commit: only when something a list shows changed (most commits change nothing listed). */
function listingChange(before: EscalationState, after: Exclude<EscalationState, { status: 'none' }>, at: string): { summary?: EscalationSummary } {
  const summary = summarize(after, at);
  return before.status !== 'none' && sameListing(summarize(before, at), summary) ? {} : { summary };
}

export const fold = (events: RecordedEvent[]): EscalationState => events.reduce((s, r) => evolve(s, r.event), initialState);

export class EscalationService {
  readonly matrices: ActiveMatrices;
  readonly outbox: OutboxProcessor;
  private readonly membership = new Membership();
  /** Histories are never changed once made: a cached one (local mode) is folded once, not on every read. */
  private readonly folded = new WeakMap<EscalationHistory, EscalationState>();

  constructor(private readonly deps: AppDeps) {
    this.matrices = new ActiveMatrices(deps.matrices);
    this.outbox = new OutboxProcessor(
      deps,
      (tenant, ticketId, commands, base) => this.executeAll(tenant, ticketId, () => commands, base),
      (tenant, ticketId) => this.load(tenant, ticketId),
    );
  }

  async load(tenant: string, ticketId: string): Promise<Loaded> {
    const history = await this.deps.store.load(tenant, ticketId);
    let state = this.folded.get(history);
    if (!state) this.folded.set(history, (state = fold(history.events)));
    return { history, state };
  }

  /** The actor with the teams the server resolves for them; clients never say which teams they are in. */
  async actingUser(tenant: string, actor: Actor, matrix: Matrix, key: ApiKey | null = null): Promise<ActingUser> {
    const teams = await this.membership.teamsOf(tenant, actor.id, matrix, await this.deps.ticketSystem(tenant));
    if (key?.scope.startsWith('party:')) {
      // A party-scoped key (an MSP's integration) asserts only actors of its own party's teams.
      const party = key.scope.slice('party:'.length);
      if (!teams.some((team) => matrix.team(team)?.party === party)) {
        throw new ForbiddenError(`This API key (${key.id}, scope ${key.scope}) acts only for members of ${party}'s teams; ${actor.id} is not one`, { scope: key.scope });
      }
    }
    return { id: actor.id, ...(actor.name ? { name: actor.name } : {}), teams, ...(key ? { via: { key: key.id, scope: key.scope } } : {}) };
  }

  /** Runs one command; see executeAll. */
  execute(tenant: string, ticketId: string, build: CommandBuilder): Promise<Executed> {
    return this.executeAll(tenant, ticketId, async (ctx) => [await build(ctx)]);
  }

  /**
   * Decides commands in order on the current state and commits their events as ONE item, then
   * carries out the commit's outbox. A commit that decides nothing writes nothing. `base`, when the
   * caller just wrote the history, saves the first read; a stale one only costs a retry.
   */
  async executeAll(
    tenant: string,
    ticketId: string,
    build: (ctx: { state: EscalationState; matrix: Matrix }) => EscalationCommand[] | Promise<EscalationCommand[]>,
    base?: Loaded,
  ): Promise<Executed> {
    const { matrix } = await this.matrices.get(tenant);
    const ticketNotes = (await this.deps.ticketSystem(tenant)) !== null;
    for (let attempt = 1; ; attempt++) {
      const { history, state } = attempt === 1 && base ? base : await this.load(tenant, ticketId);
      const now = this.deps.clock.now();
      let after = state;
      const events = [];
      for (const command of await build({ state, matrix })) {
        const decided = decide(after, command, now);
        after = decided.reduce(evolve, after);
        events.push(...decided);
      }
      if (events.length === 0) return { history, state, recorded: [] };
      if (after.status === 'none') throw new Error('Bug: events recorded on an escalation that does not exist');
      const firstSeq = (history.events.at(-1)?.seq ?? 0) + 1;
      const recorded = events.map((event, i) => ({ ticketId, seq: firstSeq + i, event }));
      const outbox = planOutbox({ tenant, ticketId, before: state, after, recorded, matrix, deliverer: this.deps.deliverer, ticketNotes });
      try {
        const next = await this.deps.store.append(tenant, ticketId, history, { at: now.toISOString(), events, outbox, ...listingChange(state, after, now.toISOString()) });
        this.folded.set(next, after);
        if (!isEmptyOutbox(outbox)) await this.outbox.afterCommit({ tenant, ticketId, commit: next.version, outbox }, { history: next, state: after });
        return { history: next, state: after, recorded };
      } catch (error) {
        if (error instanceof ConflictError && attempt < MAX_ATTEMPTS) continue;
        throw error;
      }
    }
  }
}
