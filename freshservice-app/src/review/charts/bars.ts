/** Horizontal bar charts as models: one row per party or cause, each bar in stacked segments (e.g. held, in handoff). */
import { round } from './paths.js';
import { linearScale, niceTicks } from './scale.js';

export interface BarRowInput {
  key: string;
  label: string;
  /** Stacked left to right; negative or unknown values count as 0. */
  segments: ReadonlyArray<{ key: string; label?: string; value: number }>;
}

export interface BarsInput {
  rows: readonly BarRowInput[];
  format: (value: number) => string;
}

export interface BarsModel {
  width: number;
  height: number;
  /** Where the bars start: the labels are right-aligned just before it. */
  left: number;
  rows: Array<{ key: string; label: string; y: number; height: number; total: number; totalLabel: string; segments: Array<{ key: string; x: number; width: number; value: number; title: string }> }>;
  ticks: Array<{ x: number; label: string }>;
}

const LABEL_WIDTH = 150;
const TOTAL_WIDTH = 72;
const ROW = 26;
const BAR = 16;
const AXIS = 20;

/**
 * Lays out the bars in `width` pixels: the scale runs from 0 to a round number at or above the longest
 * total, so bars of different charts are not comparable but bars of one chart are.
 * @example barsModel({rows: [{key: 'msp', label: 'Acme MSP', segments: [{key: 'held', value: 300}, {key: 'handoff', value: 40}]}], format: String}, 480).rows[0].total // 340
 */
export function barsModel(input: BarsInput, width: number): BarsModel {
  const totals = input.rows.map((r) => r.segments.reduce((sum, s) => sum + positive(s.value), 0));
  const max = Math.max(0, ...totals);
  const ticks = max === 0 ? [0, 1] : niceTicks(0, max, 4);
  const left = LABEL_WIDTH;
  const right = width - TOTAL_WIDTH;
  const x = linearScale([0, ticks.at(-1)!], [left, right]);
  return {
    width,
    height: input.rows.length * ROW + AXIS,
    left,
    rows: input.rows.map((row, i) => {
      let at = 0;
      const segments = row.segments.map((s) => {
        const value = positive(s.value);
        const segment = { key: s.key, x: round(x(at)), width: round(x(at + value) - x(at)), value, title: `${row.label}${s.label ? `, ${s.label}` : ''}: ${input.format(value)}` };
        at += value;
        return segment;
      });
      return { key: row.key, label: row.label, y: i * ROW + (ROW - BAR) / 2, height: BAR, total: totals[i]!, totalLabel: input.format(totals[i]!), segments };
    }),
    ticks: ticks.map((t) => ({ x: round(x(t)), label: input.format(t) })),
  };
}

const positive = (value: number) => (Number.isFinite(value) && value > 0 ? value : 0);
