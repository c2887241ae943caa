/** Chart models drawn as inline SVG: elements made one by one, every label a text node (no markup is parsed). */
import type { BarsModel } from './bars.js';
import type { TrendModel } from './trend.js';

const NS = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number>;

function svg(tag: string, attrs: Attrs = {}, ...children: Array<SVGElement | string>): SVGElement {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  for (const child of children) el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return el;
}

/** The chart's frame: a labelled image whose `<title>` and `<desc>` say what a screen reader (and a tooltip) should. */
function frame(width: number, height: number, title: string, description: string, test: string): SVGElement {
  return svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': title, class: 'chart', 'data-test': test, preserveAspectRatio: 'xMinYMin meet' },
    svg('title', {}, title),
    svg('desc', {}, description),
  );
}

/**
 * A KPI trend: the target band, the y grid, the baseline (dashed), one line and dots per series, the week labels.
 * @example trendSvg(trendModel(card.chart, {width: 360, height: 180}), 'SLA attainment by week', '…')
 */
export function trendSvg(model: TrendModel, title: string, description: string): SVGElement {
  const root = frame(model.width, model.height, title, description, 'trend-chart');
  const { plot } = model;
  if (model.band) {
    root.append(
      svg('rect', { x: model.band.x, y: model.band.y, width: model.band.width, height: Math.max(1, model.band.height), class: 'band', 'data-test': 'chart-band' }, svg('title', {}, model.band.label)),
    );
  }
  for (const tick of model.yTicks) {
    root.append(
      svg('line', { x1: plot.x, x2: plot.x + plot.width, y1: tick.y, y2: tick.y, class: 'grid' }),
      svg('text', { x: plot.x - 6, y: tick.y, class: 'axis', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, tick.label),
    );
  }
  if (model.baseline) {
    root.append(
      svg('line', { x1: plot.x, x2: plot.x + plot.width, y1: model.baseline.y, y2: model.baseline.y, class: 'baseline', 'data-test': 'chart-baseline' }, svg('title', {}, model.baseline.label)),
    );
  }
  model.series.forEach((series, i) => {
    const group = svg('g', { class: `series series-${i}${series.main ? ' main' : ''}`, 'data-test': 'chart-series', 'data-series': series.key });
    if (series.path) group.append(svg('path', { d: series.path, fill: 'none' }));
    for (const dot of series.dots) group.append(svg('circle', { cx: dot.x, cy: dot.y, r: series.main ? 3.5 : 2.5 }, svg('title', {}, dot.label)));
    root.append(group);
  });
  for (const tick of model.xTicks) root.append(svg('text', { x: tick.x, y: plot.y + plot.height + 16, class: 'axis', 'text-anchor': 'middle' }, tick.label));
  return root;
}

/**
 * A horizontal bar chart: a row label, the stacked segments, the total at the end of the row, and the scale below.
 * @example barsSvg(barsModel(businessTimeBars(report, names), 480), 'Business time by party', '…')
 */
export function barsSvg(model: BarsModel, title: string, description: string): SVGElement {
  const root = frame(model.width, model.height, title, description, 'bar-chart');
  for (const row of model.rows) {
    const group = svg('g', { 'data-test': 'bar-row', 'data-key': row.key });
    group.append(svg('text', { x: model.left - 8, y: row.y + row.height / 2, class: 'label', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, row.label));
    row.segments.forEach((segment, i) => {
      if (segment.width <= 0) return;
      group.append(svg('rect', { x: segment.x, y: row.y, width: segment.width, height: row.height, class: `segment segment-${i}`, 'data-segment': segment.key }, svg('title', {}, segment.title)));
    });
    const end = row.segments.reduce((x, s) => Math.max(x, s.x + s.width), model.left);
    group.append(svg('text', { x: end + 6, y: row.y + row.height / 2, class: 'total', 'dominant-baseline': 'middle' }, row.totalLabel));
    root.append(group);
  }
  const axisY = model.height - 6;
  for (const tick of model.ticks) root.append(svg('text', { x: tick.x, y: axisY, class: 'axis', 'text-anchor': 'middle' }, tick.label));
  return root;
}
