/** The manual clock moves only forward and only within 2000–2100: the clock itself, the dev-clock body, the configuration, the start after a restart. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lambdas/adapters/clock.js';
import { readLocalConfig } from '../../lambdas/local/config.js';
import { manualClockStart } from '../../lambdas/local/latest-commit.js';
import { devClockBody } from '../../shared/api/schemas.js';
import { ValidationError } from '../../shared/errors.js';
import { fieldIssues } from '../../shared/validation.js';

const TEN = '2026-11-30T10:00:00.000Z';

/** What `fn` threw, for asserting on its fields. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('Expected a throw');
}

describe('ManualClock', () => {
  it('refuses to be set a millisecond back, naming the time it is at, and may be set to that time itself', () => {
    const clock = new ManualClock(new Date(TEN));

    const error = thrown(() => clock.set(new Date('2026-11-30T09:59:59.999Z')));
    clock.set(new Date(TEN));

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([{ path: 'set', message: `The clock is at ${TEN} and only moves forward` }]);
    expect(clock.now().toISOString()).toBe(TEN);
  });

  it('refuses to be set past 2100 or to an invalid date', () => {
    const clock = new ManualClock(new Date(TEN));

    for (const at of [new Date('2101-01-01T00:00:00.000Z'), new Date('not a date')]) {
      const error = thrown(() => clock.set(at));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields).toEqual([{ path: 'set', message: expect.stringContaining('in the years 2000–2100') }]);
    }
    expect(clock.now().toISOString()).toBe(TEN);
  });

  it('advances up to the last millisecond of 2100 and refuses to go a minute past it', () => {
    const clock = new ManualClock(new Date('2100-12-31T23:00:00.000Z'));

    const error = thrown(() => clock.advance(61));
    clock.advance(59);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([
      { path: 'advanceMinutes', message: 'The clock is at 2100-12-31T23:00:00.000Z: 61 minutes on would pass 2100-12-31T23:59:59.999Z, the latest it goes' },
    ]);
    expect(clock.now().toISOString()).toBe('2100-12-31T23:59:00.000Z');
  });

  it('refuses to advance by a negative number of minutes', () => {
    const clock = new ManualClock(new Date(TEN));

    expect(() => clock.advance(-5)).toThrow(ValidationError);
    expect(clock.now().toISOString()).toBe(TEN);
  });

  it('refuses to start outside the years 2000–2100', () => {
    expect(() => new ManualClock(new Date('1999-12-31T23:59:59.999Z'))).toThrow(RangeError);
    expect(() => new ManualClock(new Date('2101-01-01T00:00:00.000Z'))).toThrow(RangeError);
  });
});

describe('the dev-clock body', () => {
  const issues = (body: unknown) => {
    const parsed = devClockBody.safeParse(body);
    return parsed.success ? [] : fieldIssues(parsed.error);
  };
  const RANGE = 'Set the clock to a time in the years 2000–2100 (2000-01-01T00:00:00.000Z to 2100-12-31T23:59:59.999Z)';

  it('refuses a set in 1999 or in 2101 with a message on the field, and accepts the first and last millisecond between', () => {
    expect(issues({ set: '1999-12-31T23:59:59.999Z' })).toEqual([{ path: 'set', message: RANGE }]);
    expect(issues({ set: '2101-01-01T00:00:00Z' })).toEqual([{ path: 'set', message: RANGE }]);
    expect(issues({ set: '2000-01-01T00:00:00Z' })).toEqual([]);
    expect(issues({ set: '2100-12-31T23:59:59.999Z' })).toEqual([]);
  });

  it('reads the year of the instant, not of the local time written', () => {
    // 00:30 on 1 January 2000 in Paris is still 1999 in UTC.
    expect(issues({ set: '2000-01-01T00:30:00+01:00' })).toEqual([{ path: 'set', message: RANGE }]);
  });

  it('tells a set in year 0999 only that it is out of range, and one that is no date-time only that it is none', () => {
    expect(issues({ set: '0999-01-01T00:00:00Z' })).toEqual([{ path: 'set', message: RANGE }]);
    expect(issues({ set: 'next tuesday' })).toEqual([{ path: 'set', message: 'Set the clock to an ISO date-time' }]);
  });
});

describe('BATON_CLOCK_START', () => {
  it('refuses to start outside the years 2000–2100, naming the variable, and accepts the first and last millisecond between', () => {
    for (const start of ['1999-12-31T23:59:59.999Z', '2101-01-01T00:00:00Z']) {
      expect(() => readLocalConfig({ BATON_CLOCK: 'manual', BATON_CLOCK_START: start })).toThrow(/BATON_CLOCK_START: Use a time in the years 2000–2100/);
    }
    for (const start of ['2000-01-01T00:00:00Z', '2100-12-31T23:59:59.999Z']) {
      expect(readLocalConfig({ BATON_CLOCK: 'manual', BATON_CLOCK_START: start }).BATON_CLOCK_START).toBe(start);
    }
  });
});

describe('where the manual clock starts', () => {
  const NOW = new Date('2026-12-24T08:00:00.000Z');

  it('starts at BATON_CLOCK_START when nothing was recorded', () => {
    expect(manualClockStart('2026-11-30T09:00:00Z', NOW, null)).toEqual({ at: new Date('2026-11-30T09:00:00Z'), note: null });
  });

  it('starts at BATON_CLOCK_START when it is not earlier than the latest recorded event', () => {
    expect(manualClockStart('2026-11-30T09:00:00Z', NOW, new Date('2026-11-30T09:00:00Z'))).toEqual({ at: new Date('2026-11-30T09:00:00Z'), note: null });
  });

  it('resumes at the latest recorded event when BATON_CLOCK_START is earlier, and says so', () => {
    const start = manualClockStart('2026-11-30T09:00:00Z', NOW, new Date('2026-11-30T10:30:00Z'));

    expect(start).toEqual({
      at: new Date('2026-11-30T10:30:00Z'),
      note: 'Manual clock resumes at 2026-11-30T10:30:00.000Z, the latest recorded event (BATON_CLOCK_START 2026-11-30T09:00:00Z is earlier)',
    });
  });

  it('resumes at the latest recorded event when BATON_CLOCK_START is not set and now is earlier', () => {
    const start = manualClockStart(undefined, NOW, new Date('2027-01-05T12:00:00Z'));

    expect(start.at).toEqual(new Date('2027-01-05T12:00:00Z'));
    expect(start.note).toContain('BATON_CLOCK_START is not set, and now, 2026-12-24T08:00:00.000Z, is earlier');
  });

  it('refuses to resume past 2100, naming the data folder variable', () => {
    expect(() => manualClockStart('2026-11-30T09:00:00Z', NOW, new Date('2226-01-01T00:00:00Z'))).toThrow(/2226-01-01T00:00:00.000Z.*BATON_DATA_DIR/);
  });
});
