import { describe, expect, it } from 'vitest';
import { zoneOffset } from '../../shared/calendar/zone.js';
import { weekOf } from '../../shared/kpi/week.js';
import { CHANGE, planDemo, type Step, type TicketStep } from '../../scripts/demo/plan.js';
import { seededRandom } from '../../shared/seeded-random.js';
import { WEEKLY_MIX } from '../../scripts/demo/stories.js';

const ZONE = 'Europe/London';
const plan = planDemo({ firstWeek: '2026-W40', zone: ZONE, seed: 1 });
const tickets = plan.steps.filter((s): s is TicketStep & Step => s.kind === 'ticket');
const openings = tickets.filter((s) => s.act.kind === 'open');
/** Local wall time of an instant, as "Mon 08:30" parts. */
const local = (at: number) => {
  const wall = new Date(at + zoneOffset(ZONE, at));
  return { weekday: wall.getUTCDay(), minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes() };
};

describe('the demo’s seeded randomness', () => {
  it('draws the same numbers for the same seed and others for another', () => {
    const draw = (seed: number) => {
      const r = seededRandom(seed);
      return Array.from({ length: 5 }, () => r.int(1, 1000));
    };

    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(new Set(draw(7)).size).toBeGreaterThan(1);
  });
});

describe('the demo plan', () => {
  it('is the same plan for the same seed, and another for another seed', () => {
    expect(planDemo({ firstWeek: '2026-W40', zone: ZONE, seed: 1 })).toEqual(plan);
    expect(planDemo({ firstWeek: '2026-W40', zone: ZONE, seed: 2 }).steps).not.toEqual(plan.steps);
  });

  it('plays eight weeks of the weekly mix, tickets numbered in the order they are opened', () => {
    const perWeek = WEEKLY_MIX.reduce((sum, m) => sum + m.count, 0);

    expect(plan.weeks).toEqual(['2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47']);
    expect(openings).toHaveLength(8 * perWeek);
    expect(openings.map((o) => Number(o.ticketId))).toEqual(openings.map((_, i) => 7001 + i));
  });

  it('opens escalations on weekdays during the morning and early afternoon, local time, each in its week', () => {
    for (const o of openings) {
      const { weekday, minutes } = local(o.at);
      expect(weekday).toBeGreaterThanOrEqual(1);
      expect(weekday).toBeLessThanOrEqual(5);
      expect(minutes).toBeGreaterThanOrEqual(8 * 60 + 30);
      expect(minutes).toBeLessThanOrEqual(15 * 60);
      expect(weekOf(o.at, ZONE)).toBe(o.week);
    }
  });

  it('keeps the steps in clock order, each escalation’s acts after its opening', () => {
    expect(plan.steps.map((s) => s.at)).toEqual([...plan.steps.map((s) => s.at)].sort((a, b) => a - b));
    for (const o of openings) {
      const own = tickets.filter((t) => t.ticketId === o.ticketId);
      expect(own[0]).toBe(o);
      expect(own.slice(1).every((t) => t.at > o.at)).toBe(true);
    }
  });

  it('captures the baseline of the first two weeks on the third Monday, before the change in week 4', () => {
    const governance = plan.steps.filter((s) => s.kind !== 'ticket');

    expect(governance.map((s) => [s.kind, s.week])).toEqual([['baseline', '2026-W42'], ['propose', '2026-W43'], ['approve', '2026-W43'], ['approve', '2026-W43']]);
    expect(governance[0]).toMatchObject({ from: '2026-09-28', to: '2026-10-12', actor: 'agent-anna' });
    expect(governance[1]).toMatchObject({ ...CHANGE, actor: 'agent-anna' });
    expect(governance.slice(2).map((s) => 'actor' in s && s.actor)).toEqual(['agent-carla', 'agent-mia']);
    expect(governance[3]!.at).toBe(plan.changeAt);
  });

  it('sends server incidents through MSP Second Line only before the change, and straight to Infrastructure after', () => {
    const servers = openings.filter((o) => o.act.kind === 'open' && o.act.incidentType === 'server');
    const viaSecondLine = (ticketId: string) => tickets.some((t) => t.ticketId === ticketId && t.act.kind === 'handoff' && t.act.toTeam === 'infrastructure');

    expect(servers.filter((s) => s.at > plan.changeAt).some((s) => viaSecondLine(s.ticketId))).toBe(false);
    expect(servers.filter((s) => s.at < plan.changeAt).filter((s) => viaSecondLine(s.ticketId)).length).toBeGreaterThan(5);
  });

  it('ends on the Monday after the last week, at 09:00 local, so that week is complete', () => {
    expect(weekOf(plan.end, ZONE)).toBe('2026-W48');
    expect(local(plan.end)).toEqual({ weekday: 1, minutes: 9 * 60 });
  });

  it('plays a lighter mix when scaled down', () => {
    const light = planDemo({ firstWeek: '2026-W40', zone: ZONE, weeks: 5, scale: 0.5 });

    expect(light.steps.filter((s) => s.kind === 'ticket' && s.act.kind === 'open')).toHaveLength(5 * WEEKLY_MIX.reduce((sum, m) => sum + Math.ceil(m.count / 2), 0));
  });
});
