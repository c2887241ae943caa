/**
 * `npm run demo:seed`'s work: plays a DemoPlan against a running Baton through its HTTP API on the manual
 * clock — escalations opened, handed off, sent back, acknowledged (some late), moved silently, resolved;
 * deadlines fire as the clock passes them — captures the baseline and makes the matrix change, and says
 * what it did week by week.
 */
import { weekOf } from '../../shared/kpi/week.js';
import { compileMatrix, type Matrix } from '../../shared/matrix/matrix.js';
import { matrixSchema } from '../../shared/matrix/schema.js';
import { proposedDocument, ruleValues } from '../../freshservice-app/src/review/proposal-draft.js';
import { DemoApi, DemoCallError, type DemoTarget } from './api.js';
import { planDemo, type DemoPlan, type GovernanceStep, type PlanOptions, type TicketStep } from './plan.js';
import { PEOPLE } from './stories.js';

export interface SeedOptions extends Omit<PlanOptions, 'firstWeek' | 'zone'> {
  /** The first week to play; by default the week after the one the clock is in. */
  firstWeek?: string;
  /** Told each line of the summary as it happens. @default console.log */
  say?: (line: string) => void;
}

export interface SeedResult {
  plan: DemoPlan;
  weeks: string[];
  /** The proposal the demo made and got approved, and the version it became. */
  change: { proposalId: string; version: number | null } | null;
  /** The review page to open, relative to Baton's URL. */
  reviewPath: string;
}

/** What one week did, for its summary line. */
interface WeekTally {
  opened: number;
  handoffs: number;
  rejected: Record<string, number>;
  acknowledged: number;
  silent: number;
  resolved: number;
  fired: number;
}

const tally = (): WeekTally => ({ opened: 0, handoffs: 0, rejected: {}, acknowledged: 0, silent: 0, resolved: 0, fired: 0 });

function weekLine(week: string, t: WeekTally): string {
  const rejected = Object.entries(t.rejected).map(([reason, n]) => `${n} ${reason}`).join(', ');
  return `  ${week}: ${t.opened} opened, ${t.handoffs} handoffs (${rejected || 'none'} sent back), ${t.acknowledged} acknowledged, ${t.silent} silent queue moves, ${t.resolved} resolved; ${t.fired} deadlines recorded (warnings, late acknowledgements, breaches)`;
}

/** The review zone the API uses: the first party's coordinator team's calendar (lambdas/app/reports/zone.ts). */
function reviewZone(matrix: Matrix): string {
  const team = matrix.coordinatorTeams()[0] ?? matrix.fallbackOwner();
  return matrix.calendar(team.calendar)?.timezone ?? 'UTC';
}

/** The demo's stories need the example matrix's people and rules; another matrix is refused up front. */
function checkMatrix(matrix: Matrix): void {
  const doc = matrix.document;
  const members = new Set(doc.teams.flatMap((t) => t.members));
  const missing = [...new Set(Object.values(PEOPLE).flat())].filter((p) => !members.has(p));
  if (missing.length > 0 || !doc.rules.some((r) => r.id === 'server-other') || !doc.governance.approvers.some((a) => a.id === 'agent-mia')) {
    throw new Error(`demo:seed plays the example matrix (examples/matrix.example.yaml); the active matrix lacks ${missing.length > 0 ? missing.join(', ') : 'the rule server-other or the approver agent-mia'}. Start npm start without BATON_MATRIX on a fresh BATON_DATA_DIR.`);
  }
}

class Player {
  private readonly handoffs = new Map<string, string>();
  private proposalId: string | null = null;
  change: SeedResult['change'] = null;

  constructor(private readonly api: DemoApi) {}

  async ticket(step: TicketStep, t: WeekTally): Promise<void> {
    const { ticketId, act, at } = step;
    const base = `/v1/escalations/${ticketId}`;
    const actor = (id: string) => ({ id });
    switch (act.kind) {
      case 'open':
        await this.api.call('POST', '/v1/escalations', { ticketId, subject: act.subject, incidentType: act.incidentType, impactTier: act.impactTier, actor: actor(act.actor) });
        t.opened++;
        return;
      case 'handoff': {
        const { dueInMinutes, ...record } = act.record;
        const answer = await this.api.call<{ handoff: { id: string } }>('POST', `${base}/handoffs`, { toTeam: act.toTeam, ...record, nextActionDueAt: new Date(at + dueInMinutes * 60_000).toISOString(), actor: actor(act.actor) });
        this.handoffs.set(ticketId, answer.body.handoff.id);
        t.handoffs++;
        return;
      }
      case 'acknowledge':
        await this.api.call('POST', `${base}/handoffs/${this.pending(ticketId)}/acknowledge`, { actor: actor(act.actor) });
        t.acknowledged++;
        return;
      case 'reject':
        await this.api.call('POST', `${base}/handoffs/${this.pending(ticketId)}/reject`, { actor: actor(act.actor), reason: act.reason, note: act.note, ...(act.missingFields ? { missingFields: act.missingFields } : {}) });
        t.rejected[act.reason] = (t.rejected[act.reason] ?? 0) + 1;
        return;
      case 'group-change':
        await this.api.call('POST', '/v1/webhooks/freshservice', { ticketId, changes: { group_id: [act.from, act.to] } }, { webhook: true });
        t.silent++;
        return;
      case 'resolve':
        await this.api.call('POST', `${base}/resolve`, { resolution: act.resolution, actor: actor(act.actor) });
        t.resolved++;
        return;
    }
  }

  private pending(ticketId: string): string {
    const id = this.handoffs.get(ticketId);
    if (!id) throw new Error(`Bug in the demo plan: ticket ${ticketId} acts on a handoff it never made`);
    return id;
  }

  /** The baseline, the proposal and its approvals; each says what it did. */
  async governance(step: GovernanceStep, say: (line: string) => void): Promise<void> {
    if (step.kind === 'baseline') {
      const answer = await this.api.call<{ version: number }>('POST', '/v1/reports/baseline', { from: step.from, to: step.to, actor: { id: step.actor }, note: step.note });
      say(`  Baseline ${answer.body.version} captured by ${step.actor}: ${step.from} to ${step.to} (exclusive)`);
      return;
    }
    if (step.kind === 'propose') {
      const { body: active } = await this.api.call<{ version: number; matrix: unknown }>('GET', '/v1/matrix');
      const doc = matrixSchema.parse(active.matrix);
      const index = doc.rules.findIndex((r) => r.id === step.rule);
      const matrix = proposedDocument(doc, { ...ruleValues(compileMatrix(doc, `v${active.version}`), index), owner: step.owner, rationale: step.rationale });
      const answer = await this.api.call<{ id: string; risk: { level: string }; needs: string[]; replay: { escalations: number; changed: { any: number } } }>('POST', '/v1/matrix/proposals?weeks=4', { matrix, rationale: step.rationale, actor: { id: step.actor } });
      this.proposalId = answer.body.id;
      const p = answer.body;
      say(`  Proposal ${p.id} by ${step.actor}: rule ${step.rule} → ${step.owner}; ${p.risk.level} risk, needs ${p.needs.join(' and ')}; replay: ${p.replay.changed.any} of ${p.replay.escalations} escalations would have gone elsewhere`);
      return;
    }
    if (!this.proposalId) throw new Error('Bug in the demo plan: an approval before the proposal');
    const answer = await this.api.call<{ status: string; activatedVersion: number | null }>('POST', `/v1/matrix/proposals/${this.proposalId}/approve`, { actor: { id: step.actor }, note: step.note });
    say(`  Approved by ${step.actor}${answer.body.status === 'activated' ? `: active as matrix version ${answer.body.activatedVersion}` : ''}`);
    this.change = { proposalId: this.proposalId, version: answer.body.activatedVersion };
  }
}

/**
 * Plays the demo against `target`.
 * @throws Error when Baton is unreachable, not on the manual clock, runs another matrix, or was seeded already
 * @example await seedDemo({url: 'http://127.0.0.1:8787', key, webhookSecret}, {seed: 1})
 */
export async function seedDemo(target: DemoTarget, options: SeedOptions = {}): Promise<SeedResult> {
  const say = options.say ?? ((line: string) => console.log(line));
  const api = new DemoApi(target);
  const now = await api.clockNow();
  const { body: active } = await api.call<{ version: number; matrix: unknown }>('GET', '/v1/matrix');
  const matrix = compileMatrix(matrixSchema.parse(active.matrix), `v${active.version}`);
  checkMatrix(matrix);
  const zone = reviewZone(matrix);
  const firstTicket = options.firstTicket ?? 7001;
  const seeded = await api.call('GET', `/v1/escalations/${firstTicket}`, undefined, { expect: [404] });
  if (seeded.status !== 404) throw new Error(`Ticket ${firstTicket} exists: this Baton was seeded already. Start npm start on a fresh BATON_DATA_DIR to seed again.`);

  const { say: _say, firstWeek, ...planOptions } = options;
  const plan = planDemo({ ...planOptions, firstTicket, zone, firstWeek: firstWeek ?? weekOf(now, zone) });
  // A first week already under way would put acts before the clock, which only moves forward.
  const under = (plan.steps[0]?.at ?? plan.end) < now;
  if (under && firstWeek) throw new Error(`${firstWeek} has started already (the clock is at ${new Date(now).toISOString()}): pick a later --first-week, or leave it out`);
  const replanned = under ? planDemo({ ...planOptions, firstTicket, zone, firstWeek: weekOf(now + 7 * 86_400_000, zone) }) : plan;
  say(`Seeding ${replanned.weeks.length} weeks (${replanned.weeks[0]} to ${replanned.weeks.at(-1)}, ${zone}) into ${target.url}, seed ${options.seed ?? 1}:`);

  const player = new Player(api);
  const tallies = new Map(replanned.weeks.map((w) => [w, tally()]));
  let week = replanned.weeks[0]!;
  let clock = now;
  for (const step of replanned.steps) {
    if (step.at > clock) {
      const moved = await api.clockTo(step.at);
      clock = step.at;
      // Deadlines recorded by this move fell due before the step: they belong to the week the clock was in.
      tallies.get(week)!.fired += moved.fired;
    }
    if (step.week !== week && tallies.has(step.week)) {
      say(weekLine(week, tallies.get(week)!));
      week = step.week;
    }
    try {
      if (step.kind === 'ticket') await player.ticket(step, tallies.get(step.week)!);
      else await player.governance(step, say);
    } catch (error) {
      if (error instanceof DemoCallError) throw new Error(`${step.kind === 'ticket' ? `Ticket ${step.ticketId} (${step.story}), ${step.act.kind}` : step.kind} at ${new Date(step.at).toISOString()}: ${error.message}`, { cause: error });
      throw error;
    }
  }
  const moved = await api.clockTo(Math.max(clock, replanned.end));
  tallies.get(week)!.fired += moved.fired;
  say(weekLine(week, tallies.get(week)!));
  say(`The clock is at ${moved.now}: ${replanned.weeks.at(-1)} is complete.`);
  return { plan: replanned, weeks: replanned.weeks, change: player.change, reviewPath: '/app/review.html?agent=agent-anna' };
}
