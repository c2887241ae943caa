/** Allocation-light accumulators for the KPI pass: a growable sample buffer and per-party totals. */

/**
 * A growable list of numbers backed by a Float64Array: one copy per doubling instead of one box per value.
 * @example const waits = new SampleBuffer(); waits.push(12); waits.push(3); waits.sorted(); // Float64Array [3, 12]
 */
export class SampleBuffer {
  private values: Float64Array;
  private size = 0;

  constructor(initialCapacity = 1024) {
    this.values = new Float64Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = value;
  }

  /** The samples in ascending order (a view over the buffer, sorted in place, once). */
  sorted(): Float64Array {
    return this.values.subarray(0, this.size).sort();
  }
}

/**
 * The nearest-rank percentile of ascending values: the smallest value with at least `percent`% of the
 * values at or below it, i.e. `sorted[ceil(percent/100 × n) − 1]`. Always one of the samples, never
 * interpolated; null when there are none.
 * @example nearestRank(Float64Array.of(1, 2, 3, 4), 50) // 2
 */
export function nearestRank(sorted: ArrayLike<number>, percent: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  // percent × n is an exact integer for whole percents, so the division cannot push an exact rank over.
  const rank = Math.min(n, Math.max(1, Math.ceil((percent * n) / 100)));
  return sorted[rank - 1] ?? null;
}

/**
 * Running totals by key (a party id). Sums live in a Float64Array, indexed through a Map of small
 * integers, so adding a fractional amount boxes no number on the hot path.
 * @example const t = new Totals(); t.add('msp', 30.5); t.add('msp', 12); t.toRecord(); // { msp: 42.5 }
 */
export class Totals {
  private readonly index = new Map<string, number>();
  private sums = new Float64Array(8);

  add(key: string, amount: number): void {
    let slot = this.index.get(key);
    if (slot === undefined) {
      slot = this.index.size;
      this.index.set(key, slot);
      if (slot === this.sums.length) {
        const grown = new Float64Array(this.sums.length * 2);
        grown.set(this.sums);
        this.sums = grown;
      }
    }
    this.sums[slot] = (this.sums[slot] ?? 0) + amount;
  }

  /** The totals as a plain record; Object.fromEntries keeps a key such as "__proto__" an ordinary key. */
  toRecord(): Record<string, number> {
    return Object.fromEntries(Array.from(this.index, ([key, slot]) => [key, this.sums[slot] ?? 0]));
  }
}
