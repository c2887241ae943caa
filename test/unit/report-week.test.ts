// The review's weeks: ISO weeks on the tenant's wall clock, DST weeks included.
import { describe, expect, it } from 'vitest';
import { isoWeekOfWall, isoWeekSchema, shiftWeek, weekOf, weekPeriod } from '../../shared/kpi/week.js';

const hours = (p: { from: string; to: string }) => (Date.parse(p.to) - Date.parse(p.from)) / 3_600_000;

describe('the review week', () => {
  it('runs from Monday 00:00 to the next Monday 00:00 UTC for a tenant on UTC', () => {
    expect(weekPeriod('2026-W49', 'UTC')).toEqual({ from: '2026-11-30T00:00:00.000Z', to: '2026-12-07T00:00:00.000Z' });
  });

  it('runs on the tenant’s wall clock: Monday 00:00 in New York is 05:00 UTC in winter', () => {
    expect(weekPeriod('2026-W49', 'America/New_York')).toEqual({ from: '2026-11-30T05:00:00.000Z', to: '2026-12-07T05:00:00.000Z' });
  });

  it('lasts 169 hours in the week the clocks go back in London (25 October 2026)', () => {
    const week = weekPeriod('2026-W43', 'Europe/London');

    expect(week).toEqual({ from: '2026-10-18T23:00:00.000Z', to: '2026-10-26T00:00:00.000Z' });
    expect(hours(week)).toBe(169);
  });

  it('lasts 167 hours in the week the clocks go forward in London (29 March 2026)', () => {
    expect(hours(weekPeriod('2026-W13', 'Europe/London'))).toBe(167);
  });

  it('places an instant in the week of the tenant’s wall clock', () => {
    // 23:30 UTC on Sunday 18 October is 00:30 BST on Monday 19 October: week 43 in London, week 42 in UTC.
    expect(weekOf(Date.parse('2026-10-18T23:30:00Z'), 'Europe/London')).toBe('2026-W43');
    expect(weekOf(Date.parse('2026-10-18T23:30:00Z'), 'UTC')).toBe('2026-W42');
  });

  it('steps across a year with 53 weeks', () => {
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53');
    expect(shiftWeek('2026-W49', -4)).toBe('2026-W45');
    expect(isoWeekOfWall(Date.UTC(2027, 0, 3))).toBe('2026-W53');
  });

  it('accepts week 53 only in a year that has one, and only ISO weeks of 2000–2100', () => {
    expect(isoWeekSchema.safeParse('2026-W53').success).toBe(true);
    expect(isoWeekSchema.safeParse('2027-W53').error?.issues[0]?.message).toMatch(/53 in a year that has one/);
    expect(isoWeekSchema.safeParse('2026-49').error?.issues[0]?.message).toBe('Use an ISO week like 2026-W49');
    expect(isoWeekSchema.safeParse('1999-W10').success).toBe(false);
    expect(isoWeekSchema.safeParse('2026-W00').success).toBe(false);
  });
});
