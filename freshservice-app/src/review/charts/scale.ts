/** Scales and axis ticks for the review page's charts: plain arithmetic, so every chart is testable without a browser. */

/**
 * Maps `domain` linearly onto `range` (an inverted range draws upwards, as a y axis does). A domain of one
 * value maps everything to the middle of the range rather than dividing by zero.
 * @example linearScale([0, 1], [200, 0])(0.25) // 150
 */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * k;
}

/** The tick step of about `count` intervals over `span`: 1, 2 or 5 times a power of ten. */
export function tickStep(span: number, count: number): number {
  if (!(span > 0) || count < 1) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  const nice = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Round tick values covering [min, max] in about `count` steps; the first is at or below min, the last at
 * or above max, so the ticks can be the axis' domain.
 * @example niceTicks(0, 0.37, 4) // [0, 0.1, 0.2, 0.3, 0.4]
 */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (max < min) [min, max] = [max, min];
  if (max === min) max = min === 0 ? 1 : min + Math.abs(min);
  const step = tickStep(max - min, count);
  const first = Math.floor(min / step + 1e-9) * step;
  const ticks: number[] = [];
  // Multiplying rather than adding keeps 0.1 + 0.2 from drifting into 0.30000000000000004.
  for (let i = 0; first + i * step <= max + step * (1 - 1e-9); i++) ticks.push(Number((first + i * step).toPrecision(12)));
  if (ticks.length < 2) ticks.push(Number((first + step).toPrecision(12)));
  return ticks;
}

/**
 * The y ticks of a chart of non-negative values (ratios, counts, minutes): from 0 to a round number at or
 * above the largest value (unknown values ignored). With nothing above 0, ratios get 0–100 % and counts 0–1.
 * @example zeroBasedTicks([0.4, null, 0.62], {ratio: true}) // [0, 0.2, 0.4, 0.6, 0.8]
 */
export function zeroBasedTicks(values: ReadonlyArray<number | null | undefined>, options: { ratio?: boolean; count?: number } = {}): number[] {
  const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const max = Math.max(0, ...known);
  if (max === 0) return options.ratio ? [0, 0.25, 0.5, 0.75, 1] : [0, 1];
  return niceTicks(0, max, options.count ?? 4);
}
