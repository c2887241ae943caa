/** SVG path data and rectangles for the charts: numbers in, strings out. */

export interface Point {
  x: number;
  /** Null where the value is unknown (a week with nothing to divide): the line breaks there rather than dropping to 0. */
  y: number | null;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Two decimals are finer than a pixel and keep the markup short. */
export const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * A polyline through the known points, broken where a value is unknown; a known point between two
 * unknown ones is a run of one point and draws nothing, so callers also draw dots.
 * @example linePath([{x: 0, y: 10}, {x: 5, y: null}, {x: 10, y: 4}, {x: 15, y: 2}]) // 'M0 10M10 4L15 2'
 */
export function linePath(points: readonly Point[]): string {
  let path = '';
  let drawing = false;
  for (const { x, y } of points) {
    if (y === null || !Number.isFinite(y)) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${round(x)} ${round(y)}`;
    drawing = true;
  }
  return path;
}

/**
 * The rectangle between two values on a y scale, across [x0, x1], whichever value is higher: a target
 * band reads the same whether the better direction is up (attainment) or down (rework).
 * @example bandRect((v) => 100 - v, 20, 10, 0, 50) // {x: 0, y: 80, width: 50, height: 10}
 */
export function bandRect(y: (value: number) => number, from: number, to: number, x0: number, x1: number): Rect {
  const top = Math.min(y(from), y(to));
  const bottom = Math.max(y(from), y(to));
  return { x: round(Math.min(x0, x1)), y: round(top), width: round(Math.abs(x1 - x0)), height: round(bottom - top) };
}

/**
 * The x positions of `count` evenly spaced categories (weeks) across [left, right], each in the middle
 * of its slot.
 * @example slots(4, 0, 400) // [50, 150, 250, 350]
 */
export function slots(count: number, left: number, right: number): number[] {
  const width = (right - left) / Math.max(1, count);
  return Array.from({ length: count }, (_, i) => round(left + width * (i + 0.5)));
}
