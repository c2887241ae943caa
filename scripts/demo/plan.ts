/**
 * The demo's weeks as a plan: every act at its instant, in the order the clock will reach them, and the
 * governance around them (a baseline after the first weeks, a matrix change approved by both parties).
 * Pure: the same seed, first week and zone give the same plan.
 */
import { DAY_MS, firstInstantReaching, zoneOffset } from '../../shared/calendar/zone.js';
import { shiftWeek, weekPeriod } from '../../shared/kpi/week.js';
import { seededRandom } from '../../shared/seeded-random.js';
import { WEEKLY_MIX, type Act } from './stories.js';

export interface PlanOptions {
  /** The first ISO week played. */
  firstWeek: string;
  /** The tenant's review zone: the weeks run Monday to Monday on its wall clock. */
  zone: string;
  /** @default 8 */
  weeks?: number;
  /** The baseline covers the first this many weeks, captured the Monday after. @default 2 */
  baselineWeeks?: number;
  /** The week (1-based) in which the matrix change is proposed and approved. @default 4 */
  changeWeek?: number;
  /** Each story of the weekly mix is played this many times a week (0.5 halves the mix, rounding up). @default 1 */
  scale?: number;
  /** @default 1 */
  seed?: number;
  /** The first ticket number. @default 7001 */
  firstTicket?: number;
}

export interface TicketStep {
  kind: 'ticket';
  at: number;
  ticketId: string;
  /** The escalation's story, for the summary. */
  story: string;
  act: Act;
}

export type GovernanceStep =
  | { kind: 'baseline'; at: number; from: string; to: string; actor: string; note: string }
  | { kind: 'propose'; at: number; rule: string; owner: string; actor: string; rationale: string }
  | { kind: 'approve'; at: number; actor: string; note: string };

export type Step = (TicketStep | GovernanceStep) & { week: string };

export interface DemoPlan {
  weeks: string[];
  steps: Step[];
  /** When the plan ends: the Monday after its last week, 09:00 local, so that week's review is complete. */
  end: number;
  /** The instant the matrix change is active (its last approval). */
  changeAt: number;
}

/** The matrix change the demo makes: server incidents below tier 1 go to Infrastructure, which runs the servers. */
export const CHANGE = { rule: 'server-other', owner: 'infrastructure' } as const;

/** An instant from a week's Monday 00:00 on the zone's wall clock, plus days and local minutes. */
function localInstant(week: string, zone: string, day: number, minutes: number): number {
  const monday = Date.parse(weekPeriod(week, zone).from);
  const wall = monday + zoneOffset(zone, monday) + day * DAY_MS + minutes * 60_000;
  return firstInstantReaching(zone, wall);
}

const dateOf = (week: string, zone: string) => {
  const from = Date.parse(weekPeriod(week, zone).from);
  return new Date(from + zoneOffset(zone, from)).toISOString().slice(0, 10);
};

/**
 * The plan: each week's mix opened on weekdays at random local times, numbered in the order opened.
 * @example planDemo({firstWeek: '2026-W40', zone: 'Europe/London'}).steps.length // about 500
 */
export function planDemo(options: PlanOptions): DemoPlan {
  const { firstWeek, zone, weeks: count = 8, baselineWeeks = 2, changeWeek = 4, scale = 1, seed = 1, firstTicket = 7001 } = options;
  const r = seededRandom(seed);
  const weeks = Array.from({ length: count }, (_, i) => shiftWeek(firstWeek, i));
  const change = weeks[changeWeek - 1] ?? null;
  // Proposed on the change week's Wednesday at 11:00, approved at 13:00 and 15:00 local.
  const changeAt = change ? localInstant(change, zone, 2, 15 * 60) : Number.POSITIVE_INFINITY;

  const openings: Array<{ at: number; week: string; story: ReturnType<(typeof WEEKLY_MIX)[number]['make']> }> = [];
  for (const week of weeks) {
    for (const { make, count: perWeek, latestHour } of WEEKLY_MIX) {
      for (let i = 0; i < Math.ceil(perWeek * scale); i++) {
        const at = localInstant(week, zone, r.int(0, 4), r.int(8 * 60 + 30, Math.floor(latestHour * 60)));
        openings.push({ at, week, story: make(r, at > changeAt) });
      }
    }
  }
  openings.sort((a, b) => a.at - b.at);

  const steps: Step[] = openings.flatMap(({ at, week, story }, n) => {
    const ticketId = String(firstTicket + n);
    return [{ kind: 'ticket' as const, at, week, ticketId, story: story.kind, act: story.open }, ...story.acts.map(({ minute, act }) => ({ kind: 'ticket' as const, at: at + minute * 60_000, week, ticketId, story: story.kind, act }))];
  });
  const baseline = weeks[baselineWeeks];
  if (baseline) {
    steps.push({ kind: 'baseline', week: baseline, at: localInstant(baseline, zone, 0, 9 * 60), from: dateOf(weeks[0]!, zone), to: dateOf(baseline, zone), actor: 'agent-anna', note: `Weeks ${weeks[0]} to ${weeks[baselineWeeks - 1]}, before the matrix review` });
  }
  if (change) {
    steps.push(
      { kind: 'propose', week: change, at: localInstant(change, zone, 2, 11 * 60), ...CHANGE, actor: 'agent-anna', rationale: 'Server incidents below tier 1 are on Contoso-run hosts: MSP Second Line hands every one to Infrastructure, late and with records sent back. Give them to Infrastructure.' },
      { kind: 'approve', week: change, at: localInstant(change, zone, 2, 13 * 60), actor: 'agent-carla', note: 'Infrastructure takes them' },
      { kind: 'approve', week: change, at: changeAt, actor: 'agent-mia', note: 'Agreed for Acme' },
    );
  }
  // Stable: acts at the same instant keep the order they were planned in (an escalation's own are increasing).
  steps.sort((a, b) => a.at - b.at);
  return { weeks, steps, end: localInstant(shiftWeek(weeks.at(-1)!, 1), zone, 0, 9 * 60), changeAt };
}
