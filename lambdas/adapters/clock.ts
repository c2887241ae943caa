/** Clocks: the system's, and a manual one that only moves when told (tests, demos; never on AWS). */
import type { Clock } from '../../shared/ports.js';

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves forward only: deadlines already fired must stay in the past. */
  set(at: Date): void {
    if (at.getTime() < this.current) throw new RangeError('The manual clock only moves forward');
    this.current = at.getTime();
  }

  advance(minutes: number): void {
    this.current += minutes * 60_000;
  }
}
