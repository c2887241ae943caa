/** Business calendars, by example: DST in both directions, holidays, midnight, weekends and limits. */
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, compileCalendar, isOpenAt } from '../../shared/calendar/calendar.js';
import type { CalendarSpec } from '../../shared/calendar/spec.js';

const at = (iso: string): Date => new Date(iso);
const weekdays = (hours: string[]): CalendarSpec['weekly'] => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

const london = compileCalendar({ id: 'london', timezone: 'Europe/London', weekly: weekdays(['08:00-18:00']), holidays: ['2026-12-25', '2026-12-28'] });
const newYork = compileCalendar({ id: 'new-york', timezone: 'America/New_York', weekly: weekdays(['09:00-17:00']) });
const londonNights = compileCalendar({ id: 'london-nights', timezone: 'Europe/London', weekly: { sun: ['00:00-03:00'] } });
const newYorkNights = compileCalendar({ id: 'new-york-nights', timezone: 'America/New_York', weekly: { sun: ['00:00-06:00'] } });

describe('daylight saving time', () => {
  it('gives a London night that spans the spring-forward hour one hour less', () => {
    expect(businessMinutesBetween(londonNights, at('2026-03-28T12:00Z'), at('2026-03-29T12:00Z'))).toBe(120);
  });

  it('gives a London night that spans the autumn repeat one hour more', () => {
    expect(businessMinutesBetween(londonNights, at('2026-10-24T12:00Z'), at('2026-10-25T12:00Z'))).toBe(240);
  });

  it('gives a New York night that spans the spring-forward hour one hour less', () => {
    expect(businessMinutesBetween(newYorkNights, at('2026-03-07T12:00Z'), at('2026-03-08T18:00Z'))).toBe(300);
  });

  it('gives a New York night that spans the autumn repeat one hour more', () => {
    expect(businessMinutesBetween(newYorkNights, at('2026-10-31T12:00Z'), at('2026-11-01T18:00Z'))).toBe(420);
  });

  it('counts real minutes through the London spring-forward jump', () => {
    expect(addBusinessMinutes(londonNights, at('2026-03-29T00:00Z'), 90)).toEqual(at('2026-03-29T01:30Z'));
  });

  it('opens an interval that starts inside the skipped hour when the clocks jump past it', () => {
    const cal = compileCalendar({ id: 'skip', timezone: 'Europe/London', weekly: { sun: ['01:30-04:00'] } });

    expect(isOpenAt(cal, at('2026-03-29T00:59:59.999Z'))).toBe(false);
    expect(isOpenAt(cal, at('2026-03-29T01:00Z'))).toBe(true);
  });

  it('follows London opening hours onto summer time', () => {
    expect(addBusinessMinutes(london, at('2026-06-01T07:00Z'), 60)).toEqual(at('2026-06-01T08:00Z'));
  });
});

describe('closed days', () => {
  it('skips Christmas, the weekend and the substitute holiday', () => {
    expect(addBusinessMinutes(london, at('2026-12-24T17:00Z'), 120)).toEqual(at('2026-12-29T09:00Z'));
  });

  it('carries a Friday-evening request over to Monday morning', () => {
    expect(addBusinessMinutes(newYork, at('2026-06-05T22:00Z'), 30)).toEqual(at('2026-06-08T13:30Z'));
  });

  it('counts nothing on a holiday', () => {
    expect(businessMinutesBetween(london, at('2026-12-25T00:00Z'), at('2026-12-26T00:00Z'))).toBe(0);
  });

  it('walks a 30-day SLA across fourteen weeks and the spring change', () => {
    const plain = compileCalendar({ id: 'plain', timezone: 'Europe/London', weekly: weekdays(['08:00-18:00']) });

    expect(addBusinessMinutes(plain, at('2026-01-05T08:00Z'), 43_200)).toEqual(at('2026-04-14T17:00Z'));
  });
});

describe('boundaries', () => {
  it('returns the closing instant when the budget runs out exactly at closing time', () => {
    const result = addBusinessMinutes(newYork, at('2026-06-01T13:00Z'), 480);

    expect(result).toEqual(at('2026-06-01T21:00Z'));
    expect(isOpenAt(newYork, result)).toBe(false);
    expect(isOpenAt(newYork, new Date(result.getTime() - 1))).toBe(true);
  });

  it('treats opening hours as half-open: the opening instant is open, the closing one is not', () => {
    expect(isOpenAt(newYork, at('2026-06-01T13:00Z'))).toBe(true);
    expect(isOpenAt(newYork, at('2026-06-01T21:00Z'))).toBe(false);
  });

  it('runs straight through midnight between whole-day intervals', () => {
    const cal = compileCalendar({ id: 'weekend', timezone: 'Europe/London', weekly: { fri: ['18:00-24:00'], sat: ['00:00-24:00'] } });

    expect(addBusinessMinutes(cal, at('2026-06-05T22:30Z'), 60)).toEqual(at('2026-06-05T23:30Z'));
    expect(businessMinutesBetween(cal, at('2026-06-05T00:00Z'), at('2026-06-08T00:00Z'))).toBe(30 * 60);
  });

  it('joins adjacent intervals without a gap at noon', () => {
    const cal = compileCalendar({ id: 'split', timezone: 'UTC', weekly: weekdays(['08:00-12:00', '12:00-18:00']) });

    expect(isOpenAt(cal, at('2026-06-01T12:00Z'))).toBe(true);
    expect(addBusinessMinutes(cal, at('2026-06-01T11:59Z'), 2)).toEqual(at('2026-06-01T12:01Z'));
  });

  it('counts overlapping intervals once', () => {
    const cal = compileCalendar({ id: 'overlap', timezone: 'UTC', weekly: { mon: ['10:00-14:00', '08:00-12:00'] } });

    expect(businessMinutesBetween(cal, at('2026-06-01T00:00Z'), at('2026-06-02T00:00Z'))).toBe(360);
  });

  it('adds fractional minutes to the millisecond', () => {
    expect(addBusinessMinutes(london, at('2026-06-01T07:00Z'), 1.5)).toEqual(at('2026-06-01T07:01:30Z'));
    expect(businessMinutesBetween(london, at('2026-06-01T07:00Z'), at('2026-06-01T07:00:00.001Z'))).toBeCloseTo(1 / 60_000, 12);
  });

  it('returns the start unchanged for zero minutes, even when closed', () => {
    expect(addBusinessMinutes(london, at('2026-06-06T12:00Z'), 0)).toEqual(at('2026-06-06T12:00Z'));
  });

  it('counts zero minutes when the end is not after the start', () => {
    expect(businessMinutesBetween(london, at('2026-06-02T12:00Z'), at('2026-06-01T12:00Z'))).toBe(0);
  });

  it('rejects a negative budget', () => {
    expect(() => addBusinessMinutes(london, at('2026-06-01T12:00Z'), -1)).toThrow(RangeError);
  });
});

describe('special calendars', () => {
  it('counts every minute of an always-open calendar and ignores its holidays', () => {
    const cal = compileCalendar({ id: 'noc', timezone: 'UTC', alwaysOpen: true, holidays: ['2026-12-25'] });

    expect(addBusinessMinutes(cal, at('2026-12-25T10:00Z'), 90)).toEqual(at('2026-12-25T11:30Z'));
    expect(businessMinutesBetween(cal, at('2026-12-25T00:00Z'), at('2026-12-26T00:00Z'))).toBe(1440);
  });

  it('throws instead of hanging when no opening comes within 366 days', () => {
    const mondays = Array.from({ length: 60 }, (_, week) => new Date(Date.UTC(2026, 0, 5 + 7 * week)).toISOString().slice(0, 10));
    const cal = compileCalendar({ id: 'never', timezone: 'Europe/London', weekly: { mon: ['09:00-17:00'] }, holidays: mondays });

    expect(() => addBusinessMinutes(cal, at('2026-01-01T00:00Z'), 1)).toThrow(/no opening hours in the 366 days/);
  });

  it('compiles a spec object once', () => {
    const spec: CalendarSpec = { id: 'once', timezone: 'UTC', alwaysOpen: true };

    expect(compileCalendar(spec)).toBe(compileCalendar(spec));
  });

  it('refuses an unknown time zone when compiling', () => {
    expect(() => compileCalendar({ id: 'mars', timezone: 'Mars/Olympus', alwaysOpen: true })).toThrow(RangeError);
  });

  it('refuses a malformed opening interval when compiling', () => {
    expect(() => compileCalendar({ id: 'typo', timezone: 'UTC', weekly: { mon: ['8:00-18:00'] } })).toThrow(/Invalid opening interval "8:00-18:00"/);
  });
});
