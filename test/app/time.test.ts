import { describe, expect, it } from 'vitest';
import { formatDuration, formatInstant, isoToLocalInput, localInputToIso, zoneName } from '../../freshservice-app/src/time.js';

describe('times as agents read them', () => {
  it('writes business minutes as hours and minutes', () => {
    expect([formatDuration(0), formatDuration(45.4), formatDuration(60), formatDuration(125), formatDuration(-3)]).toEqual(['0 min', '45 min', '1 h', '2 h 5 min', '0 min']);
  });

  it('shows an instant on a zone’s wall clock, with the year only when it differs', () => {
    const reference = new Date('2026-11-30T09:00:00Z');

    expect(formatInstant('2026-11-30T13:00:00Z', 'Europe/Paris', 'en-GB', reference)).toBe('Mon 30 Nov, 14:00');
    expect(formatInstant('2027-01-04T13:00:00Z', 'UTC', 'en-GB', reference)).toBe('Mon, 4 Jan 2027, 13:00');
  });

  it('names a zone by its city', () => {
    expect([zoneName('America/Argentina/Buenos_Aires'), zoneName('UTC')]).toEqual(['Buenos Aires', 'UTC']);
  });

  it('reads the deadline input in the agent’s zone, summer and winter', () => {
    expect(localInputToIso('2026-07-01T14:00', 'Europe/London')).toBe('2026-07-01T13:00:00.000Z');
    expect(localInputToIso('2026-12-01T14:00', 'Europe/London')).toBe('2026-12-01T14:00:00.000Z');
  });

  it('moves a wall time the zone skips to when the clocks jump past it', () => {
    expect(localInputToIso('2026-03-29T01:30', 'Europe/London')).toBe('2026-03-29T01:00:00.000Z');
  });

  it('refuses an empty or impossible input', () => {
    expect([localInputToIso('', 'UTC'), localInputToIso('2026-02-30T10:00', 'UTC'), localInputToIso('tomorrow', 'UTC')]).toEqual([null, null, null]);
  });

  it('writes an instant back as the input’s local value', () => {
    expect(isoToLocalInput('2026-07-01T13:00:00Z', 'Europe/London')).toBe('2026-07-01T14:00');
  });
});
