/** Business-calendar laws over random instants and budgets, across zones, DST nights and holidays. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, compileCalendar, isOpenAt, type BusinessCalendar } from '../../shared/calendar/calendar.js';

const calendars: Record<string, BusinessCalendar> = {
  // Sunday nights straddle the 01:00 UTC change in both directions.
  'Europe/London with holidays': compileCalendar({
    id: 'london',
    timezone: 'Europe/London',
    weekly: { mon: ['08:00-18:00'], tue: ['08:00-18:00'], wed: ['08:00-18:00'], thu: ['08:00-18:00'], fri: ['08:00-18:00'], sun: ['00:30-03:00'] },
    holidays: ['2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28', '2027-01-01', '2027-03-26', '2027-12-27'],
  }),
  // Split days, adjacent intervals, a whole Saturday and a Sunday night over the 02:00 change.
  'America/New_York with split days': compileCalendar({
    id: 'new-york',
    timezone: 'America/New_York',
    weekly: {
      mon: ['09:00-12:30', '13:30-17:00'],
      tue: ['09:00-12:30', '13:30-17:00'],
      wed: ['08:00-12:00', '12:00-18:00'],
      thu: ['09:00-12:30', '13:30-17:00'],
      fri: ['09:00-12:30', '13:30-17:00', '22:00-24:00'],
      sat: ['00:00-24:00'],
      sun: ['01:00-03:30'],
    },
    holidays: ['2026-07-03', '2026-11-26', '2027-07-05'],
  }),
  'Asia/Kolkata (+05:30)': compileCalendar({
    id: 'kolkata',
    timezone: 'Asia/Kolkata',
    weekly: { mon: ['09:30-18:30'], tue: ['09:30-18:30'], wed: ['09:30-18:30'], thu: ['09:30-18:30'], fri: ['09:30-18:30'], sat: ['10:00-14:00'] },
  }),
  'always open in UTC': compileCalendar({ id: 'noc', timezone: 'UTC', alwaysOpen: true }),
};

const RUNS = 200;
const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 0, 1) - 1 });
// Whole milliseconds, expressed in minutes: from 1 minute to 40 days.
const budget = fc.integer({ min: 60_000, max: 60_000 * 60 * 24 * 40 }).map((ms) => ms / 60_000);

describe.each(Object.entries(calendars))('%s', (_name, cal) => {
  it('measures exactly the business minutes that were added', () => {
    fc.assert(
      fc.property(instant, budget, (start, minutes) => {
        const end = addBusinessMinutes(cal, new Date(start), minutes);

        expect(businessMinutesBetween(cal, new Date(start), end)).toBeCloseTo(minutes, 6);
      }),
      { numRuns: RUNS },
    );
  });

  it('never lands outside opening hours', () => {
    fc.assert(
      fc.property(instant, budget, (start, minutes) => {
        const end = addBusinessMinutes(cal, new Date(start), minutes);

        expect(isOpenAt(cal, new Date(end.getTime() - 1))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('adds up the minutes of consecutive spans', () => {
    fc.assert(
      fc.property(fc.tuple(instant, instant, instant), (points) => {
        const [a, b, c] = points.sort((x, y) => x - y).map((ms) => new Date(ms)) as [Date, Date, Date];

        const parts = businessMinutesBetween(cal, a, b) + businessMinutesBetween(cal, b, c);

        expect(parts).toBeCloseTo(businessMinutesBetween(cal, a, c), 6);
      }),
      { numRuns: RUNS },
    );
  });
});
