/** Clocks: the system's, and a manual one that only moves when told (tests, demos; never on AWS). */
import { CLOCK_RANGE, inClockRange } from '../../shared/clock-range.js';
import { ValidationError } from '../../shared/errors.js';
import type { Clock } from '../../shared/ports.js';

export const systemClock: Clock = { now: () => new Date() };

const IN_RANGE = `in the years 2000–2100 (${CLOCK_RANGE.earliest} to ${CLOCK_RANGE.latest})`;

/**
 * A clock that moves only forward, and only within the years 2000–2100. Its refusals are ValidationErrors
 * whose field is named like the `POST /v1/dev/clock` body that asked for the move (`set`, `advanceMinutes`).
 */
export class ManualClock implements Clock {
  private current: number;

  /** @throws RangeError when `start` is not in the years 2000–2100 (local mode's configuration checks that first). */
  constructor(start: Date) {
    if (!inClockRange(start.getTime())) throw new RangeError(`The manual clock starts ${IN_RANGE}, not at ${String(start)}`);
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /**
   * Moves to `at`; setting the current time again changes nothing.
   * @throws ValidationError (field `set`) for a time before now (deadlines already fired must stay in the past) or outside 2000–2100.
   */
  set(at: Date): void {
    const target = at.getTime();
    if (target < this.current) {
      throw new ValidationError('The manual clock only moves forward', [{ path: 'set', message: `The clock is at ${this.now().toISOString()} and only moves forward` }]);
    }
    if (!inClockRange(target)) throw new ValidationError(`The manual clock stays ${IN_RANGE}`, [{ path: 'set', message: `Set the clock to a time ${IN_RANGE}` }]);
    this.current = target;
  }

  /** @throws ValidationError (field `advanceMinutes`) for a negative advance, or one that would pass 2100-12-31T23:59:59.999Z. */
  advance(minutes: number): void {
    if (!(minutes >= 0)) {
      throw new ValidationError('The manual clock only moves forward', [{ path: 'advanceMinutes', message: 'Advance by a positive number of minutes' }]);
    }
    const target = this.current + minutes * 60_000;
    if (!inClockRange(target)) {
      throw new ValidationError(`The manual clock stays ${IN_RANGE}`, [
        { path: 'advanceMinutes', message: `The clock is at ${this.now().toISOString()}: ${minutes} minutes on would pass ${CLOCK_RANGE.latest}, the latest it goes` },
      ]);
    }
    this.current = target;
  }
}
