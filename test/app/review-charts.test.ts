import { describe, expect, it } from 'vitest';
import { barsModel } from '../../freshservice-app/src/review/charts/bars.js';
import { bandRect, linePath, slots } from '../../freshservice-app/src/review/charts/paths.js';
import { linearScale, niceTicks, tickStep, zeroBasedTicks } from '../../freshservice-app/src/review/charts/scale.js';
import { rangeText, trendModel } from '../../freshservice-app/src/review/charts/trend.js';
import { percent } from '../../freshservice-app/src/review/format.js';

describe('chart scales', () => {
  it('maps a domain onto a range, upwards when the range is inverted as a y axis is', () => {
    const y = linearScale([0, 1], [200, 0]);

    expect([y(0), y(0.25), y(1)]).toEqual([200, 150, 0]);
  });

  it('maps a domain of one value to the middle of the range instead of dividing by zero', () => {
    expect(linearScale([3, 3], [0, 100])(3)).toBe(50);
  });

  it('steps ticks by 1, 2 or 5 times a power of ten', () => {
    expect([tickStep(1, 4), tickStep(0.37, 4), tickStep(900, 4), tickStep(7, 4)]).toEqual([0.5, 0.1, 500, 2]);
  });

  it('covers the values with round ticks whose sums do not drift', () => {
    expect(niceTicks(0, 0.37, 4)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(0, 0.6, 4)).toEqual([0, 0.2, 0.4, 0.6]);
    expect(niceTicks(0, 1030, 4)).toEqual([0, 500, 1000, 1500]);
  });

  it('starts at 0, ignores unknown values, and gives an empty chart a sensible axis', () => {
    expect(zeroBasedTicks([0.4, null, 0.62], { ratio: true })).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(zeroBasedTicks([null, 0], { ratio: true })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(zeroBasedTicks([], {})).toEqual([0, 1]);
  });
});

describe('chart paths', () => {
  it('breaks a line where a value is unknown rather than drawing it at 0', () => {
    expect(linePath([{ x: 0, y: 10 }, { x: 5, y: null }, { x: 10, y: 4 }, { x: 15, y: 2 }])).toBe('M0 10M10 4L15 2');
  });

  it('draws nothing for no known point', () => {
    expect(linePath([{ x: 0, y: null }])).toBe('');
  });

  it('makes the same band whichever of its ends is the better one', () => {
    const y = (v: number) => 100 - v;

    expect(bandRect(y, 20, 10, 0, 50)).toEqual({ x: 0, y: 80, width: 50, height: 10 });
    expect(bandRect(y, 10, 20, 0, 50)).toEqual(bandRect(y, 20, 10, 0, 50));
  });

  it('puts categories in the middle of equal slots', () => {
    expect(slots(4, 0, 400)).toEqual([50, 150, 250, 350]);
  });
});

describe('the trend chart model', () => {
  const input = {
    categories: ['W45', 'W46', 'W47'],
    series: [
      { key: 'all', label: 'Both parties', values: [0.5, null, 0.8], main: true },
      { key: 'msp', label: 'Acme MSP', values: [0.4, 0.6, 0.7] },
    ],
    baseline: 0.6,
    band: { from: 0.66, to: 0.75 },
    ratio: true,
    format: percent,
  };
  const size = { width: 348, height: 140 };

  it('lays the plot inside the margins and the y axis from 0 to a round value above everything shown', () => {
    const model = trendModel(input, size);

    expect(model.plot).toEqual({ x: 48, y: 12, width: 284, height: 100 });
    expect(model.yTicks.map((t) => t.label)).toEqual(['0 %', '20 %', '40 %', '60 %', '80 %']);
    expect(model.yTicks[0]!.y).toBe(112);
    expect(model.yTicks.at(-1)!.y).toBe(12);
  });

  it('draws the baseline and the target band at their values', () => {
    const model = trendModel(input, size);

    // 0.6 of a 0–0.8 axis is 75 % up a 100 px plot: 112 − 75.
    expect(model.baseline).toEqual({ y: 37, label: 'baseline 60 %' });
    expect(model.band).toMatchObject({ x: 48, width: 284, y: 18.25, height: 11.25, label: 'target 66 %–75 %' });
  });

  it('breaks the main line at the unknown week but keeps a dot for each known one', () => {
    const [all, msp] = trendModel(input, size).series;

    expect(all!.path.match(/M/g)).toHaveLength(2);
    expect(all!.dots.map((d) => d.label)).toEqual(['Both parties: 50 %', 'Both parties: 80 %']);
    expect(msp!.path).toMatch(/^M[^M]+$/);
    expect(all!.main).toBe(true);
  });

  it('cuts a ratio band at 100 % and stretches the axis to show a count band', () => {
    expect(trendModel({ ...input, baseline: 0.9, band: { from: 0.99, to: 1.125 } }, size).band!.label).toBe('target 99 %–100 %');
    const counts = trendModel({ ...input, series: [{ key: 'all', label: 'Incidents', values: [3, 2, 1], main: true }], baseline: 10, band: { from: 8, to: 5 }, ratio: false, format: String }, size);
    expect(counts.yTicks.at(-1)!.label).toBe('10');
    expect(counts.band!.label).toBe('target 5–8');
  });

  it('writes a band low to high', () => {
    expect(rangeText({ from: 0.3, to: 0.225 }, percent)).toBe('23 %–30 %');
  });
});

describe('the bar chart model', () => {
  it('stacks each row’s segments from the start of the bars and totals them', () => {
    const model = barsModel({ rows: [{ key: 'msp', label: 'Acme MSP', segments: [{ key: 'held', label: 'holding', value: 300 }, { key: 'handoff', value: 100 }] }, { key: 'internal', label: 'Contoso IT', segments: [{ key: 'held', value: 200 }, { key: 'handoff', value: -5 }] }], format: String }, 622);

    const [msp, internal] = model.rows;
    // 150 px of labels and 72 of totals leave 400 px for an axis of 0–400.
    expect(msp!.segments).toEqual([
      { key: 'held', x: 150, width: 300, value: 300, title: 'Acme MSP, holding: 300' },
      { key: 'handoff', x: 450, width: 100, value: 100, title: 'Acme MSP: 100' },
    ]);
    expect(msp!.totalLabel).toBe('400');
    expect(internal!.segments[1]).toMatchObject({ width: 0, value: 0 });
    expect(model.ticks.map((t) => t.label)).toEqual(['0', '100', '200', '300', '400']);
  });

  it('draws an empty chart on an axis of 0 to 1', () => {
    const model = barsModel({ rows: [{ key: 'no-rule', label: 'No rule matched', segments: [{ key: 'count', value: 0 }] }], format: String }, 400);

    expect(model.rows[0]!.total).toBe(0);
    expect(model.ticks.map((t) => t.label)).toEqual(['0', '1']);
  });
});
