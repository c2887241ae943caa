/** A KPI's weekly trend as a chart model: lines per series, the baseline, and the target band, laid out in pixels. */
import { bandRect, linePath, round, slots, type Rect } from './paths.js';
import { linearScale, zeroBasedTicks } from './scale.js';

export interface TrendSeries {
  key: string;
  label: string;
  /** One value per category; null where it is unknown (nothing resolved, no handoff requested). */
  values: ReadonlyArray<number | null>;
  /** The overall figure: drawn heavier than the per-party ones. */
  main?: boolean;
}

export interface TrendInput {
  /** The x axis' labels, oldest first (ISO weeks). */
  categories: readonly string[];
  series: readonly TrendSeries[];
  /** The current baseline's value, drawn as a dashed line. */
  baseline: number | null;
  /** The target band as values (already turned from relative movement into the KPI's unit). */
  band: { from: number; to: number } | null;
  /** Ratios (0–1): a band beyond 100 % is cut at 100 %. */
  ratio: boolean;
  format: (value: number) => string;
}

export interface ChartSize {
  width: number;
  height: number;
}

export interface TrendModel extends ChartSize {
  plot: Rect;
  yTicks: Array<{ y: number; label: string }>;
  xTicks: Array<{ x: number; label: string }>;
  series: Array<{ key: string; label: string; main: boolean; path: string; dots: Array<{ x: number; y: number; label: string }> }>;
  baseline: { y: number; label: string } | null;
  band: (Rect & { label: string }) | null;
}

/** Room for the y labels on the left, the week labels below, and the band's label on the right. */
const MARGIN = { top: 12, right: 16, bottom: 28, left: 48 };

/**
 * Lays a trend out in a `size` box. The y axis starts at 0 and reaches the largest of the values, the
 * baseline and the band, so the band is always in view.
 * @example trendModel({categories: ['2026-W45', …], series: [{key: 'all', label: 'All', values: [0.6, 0.7], main: true}], baseline: 0.6, band: {from: 0.66, to: 0.75}, ratio: true, format: percent}, {width: 360, height: 180})
 */
export function trendModel(input: TrendInput, size: ChartSize): TrendModel {
  const plot: Rect = { x: MARGIN.left, y: MARGIN.top, width: size.width - MARGIN.left - MARGIN.right, height: size.height - MARGIN.top - MARGIN.bottom };
  const band = input.band && (input.ratio ? { from: Math.min(1, input.band.from), to: Math.min(1, input.band.to) } : input.band);
  const ticks = zeroBasedTicks([...input.series.flatMap((s) => s.values), input.baseline, band?.from, band?.to], { ratio: input.ratio });
  const y = linearScale([ticks[0]!, ticks.at(-1)!], [plot.y + plot.height, plot.y]);
  const xs = slots(input.categories.length, plot.x, plot.x + plot.width);
  return {
    width: size.width,
    height: size.height,
    plot,
    yTicks: ticks.map((t) => ({ y: round(y(t)), label: input.format(t) })),
    xTicks: input.categories.map((label, i) => ({ x: xs[i]!, label })),
    series: input.series.map((s) => {
      const points = xs.map((x, i) => ({ x, y: s.values[i] ?? null }));
      return {
        key: s.key,
        label: s.label,
        main: s.main === true,
        path: linePath(points.map((p) => ({ x: p.x, y: p.y === null ? null : y(p.y) }))),
        dots: points.flatMap((p) => (p.y === null ? [] : [{ x: p.x, y: round(y(p.y)), label: `${s.label}: ${input.format(p.y)}` }])),
      };
    }),
    baseline: input.baseline === null ? null : { y: round(y(input.baseline)), label: `baseline ${input.format(input.baseline)}` },
    band: band ? { ...bandRect(y, band.from, band.to, plot.x, plot.x + plot.width), label: `target ${rangeText(band, input.format)}` } : null,
  };
}

/** A band's values low to high, e.g. "66 %–75 %". */
export function rangeText(band: { from: number; to: number }, format: (value: number) => string): string {
  const [low, high] = band.from <= band.to ? [band.from, band.to] : [band.to, band.from];
  return `${format(low)}–${format(high)}`;
}
