/** When the weekly digest falls due (Monday at the tenant's time, on its zone's wall clock) and which week it sums up. */
import { describe, expect, it } from 'vitest';
import { digestWeek, lastDigestDue } from '../../shared/kpi/digest-schedule.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('lastDigestDue', () => {
  it('is this Monday’s time once it has passed', () => {
    expect(iso(lastDigestDue('08:30', 'Europe/London', Date.parse('2026-12-07T08:30:00Z')))).toBe('2026-12-07T08:30:00.000Z');
    expect(iso(lastDigestDue('08:30', 'Europe/London', Date.parse('2026-12-09T17:00:00Z')))).toBe('2026-12-07T08:30:00.000Z');
  });

  it('is the Monday before until then', () => {
    expect(iso(lastDigestDue('08:30', 'Europe/London', Date.parse('2026-12-07T08:29:59Z')))).toBe('2026-11-30T08:30:00.000Z');
  });

  it('follows the zone’s wall clock through summer time', () => {
    // 6 July 2026 is a Monday; 08:30 BST is 07:30 UTC.
    expect(iso(lastDigestDue('08:30', 'Europe/London', Date.parse('2026-07-06T07:45:00Z')))).toBe('2026-07-06T07:30:00.000Z');
  });

  it('finds Monday in a zone whose Monday begins on Sunday in UTC', () => {
    // Monday 7 December 09:00 in Auckland (NZDT, UTC+13) is Sunday 6 December 20:00 UTC.
    expect(iso(lastDigestDue('09:00', 'Pacific/Auckland', Date.parse('2026-12-06T20:00:00Z')))).toBe('2026-12-06T20:00:00.000Z');
    expect(iso(lastDigestDue('09:00', 'Pacific/Auckland', Date.parse('2026-12-06T19:59:00Z')))).toBe('2026-11-29T20:00:00.000Z');
  });
});

describe('digestWeek', () => {
  it('is the week that ended before the digest fell due, in the review zone', () => {
    expect(digestWeek(Date.parse('2026-12-07T08:30:00Z'), 'Europe/London')).toBe('2026-W49');
  });

  it('when the digest’s zone is ahead of the review’s, is still the last week that ended in the review zone', () => {
    // Monday 09:00 in Auckland is Sunday 20:00 in London: London's week 2026-W49 has not ended, so W48.
    expect(digestWeek(Date.parse('2026-12-06T20:00:00Z'), 'Europe/London')).toBe('2026-W48');
  });
});
