/** The Review tab: the week picker and downloads, the three KPI cards with their trends, the week's breakdowns and findings, and the baselines. */
import { button } from '../../dom/fields.js';
import { h, on, type Child } from '../../dom/h.js';
import { ambiguityBars, businessTimeBars } from '../breakdowns.js';
import { barsModel } from '../charts/bars.js';
import { barsSvg, trendSvg } from '../charts/svg.js';
import { rangeText, trendModel } from '../charts/trend.js';
import { businessTime, count, percent } from '../format.js';
import { kpiCards, type KpiCard } from '../kpi-cards.js';
import { namesOf, type Names } from '../names.js';
import type { WeeklyReport } from '../report.js';
import { shiftWeek, weekDays } from '../week.js';
import { renderBaselines } from './render-baselines.js';
import { renderFindings } from './render-findings.js';
import type { ReviewPage } from './review-page.js';

const TREND_SIZE = { width: 380, height: 190 };
const BARS_WIDTH = 520;

function weekBar(page: ReviewPage): HTMLElement {
  const { week, currentWeek, zone, busy, report } = page.state;
  const input = h('input', { type: 'week', value: week ?? '', max: currentWeek ?? undefined, 'data-test': 'week-input', 'aria-label': 'ISO week', pattern: '\\d{4}-W\\d{2}', placeholder: 'YYYY-Www' }) as HTMLInputElement;
  on(input, { change: () => void page.showWeek(input.value.trim()) });
  const atLatest = week !== null && currentWeek !== null && week >= currentWeek;
  return h(
    'section',
    { class: 'week-bar', 'data-test': 'week-bar' },
    button('week-previous', '◀ Previous week', () => week && void page.showWeek(shiftWeek(week, -1)), { busy: busy === 'week' }),
    h('label', { class: 'week-label' }, 'Week ', input),
    atLatest ? null : button('week-next', 'Next week ▶', () => week && void page.showWeek(shiftWeek(week, 1)), { busy: busy === 'week' }),
    week && h('span', { class: 'muted', 'data-test': 'week-days' }, `${weekDays(week, zone, page.locale)} (${zone})`),
    report && !report.complete && h('span', { class: 'pill pill-warn', 'data-test': 'week-incomplete' }, 'in progress: figures still move'),
  );
}

function downloads(page: ReviewPage): HTMLElement {
  const { busy, download } = page.state;
  return h(
    'section',
    { class: 'downloads no-print', 'data-test': 'downloads' },
    button('download-csv', 'Download CSV', () => void page.download('csv'), { busy: busy === 'download-csv' }),
    button('download-xlsx', 'Download XLSX register', () => void page.download('xlsx'), { busy: busy === 'download-xlsx' }),
    download && h('a', { href: download.url, download: download.name, 'data-test': 'download-link', class: 'muted' }, `${download.name} (${Math.max(1, Math.round(download.bytes / 1024))} KB) — save again`),
  );
}

function card(c: KpiCard): HTMLElement {
  const model = trendModel(c.chart, TREND_SIZE);
  const description = `${c.title} by week: ${c.chart.categories.map((w, i) => `${w} ${c.chart.series[0]?.values[i] === null || c.chart.series[0]?.values[i] === undefined ? 'no data' : c.chart.format(c.chart.series[0].values[i])}`).join(', ')}${c.chart.band ? `; target band ${rangeText(c.chart.band, c.chart.format)}` : ''}.`;
  const status = c.target?.status;
  return h(
    'article',
    { class: 'kpi-card', 'data-test': 'kpi-card', 'data-kpi': c.kpi },
    h('h3', {}, c.title, ' ', h('span', { class: 'muted' }, `(${c.better})`)),
    h('p', { class: 'kpi-value', 'data-test': 'kpi-value' }, c.value, ' ', h('span', { class: 'muted' }, c.detail)),
    h(
      'dl',
      { class: 'kpi-facts' },
      h('dt', {}, 'Baseline'),
      h('dd', { 'data-test': 'kpi-baseline' }, c.baseline ?? 'none captured yet'),
      h('dt', {}, 'Against the baseline'),
      h('dd', { 'data-test': 'kpi-movement' }, c.movement),
      h('dt', {}, 'Against the previous 4 weeks'),
      h('dd', { 'data-test': 'kpi-previous' }, c.previousWeeks),
      c.target && h('dt', {}, 'Target'),
      c.target && h('dd', { 'data-test': 'kpi-target' }, `${c.target.band} by ${c.target.due} `, h('span', { class: `pill pill-${status ?? 'none'}`, 'data-test': 'kpi-status', 'data-status': status ?? 'none' }, c.target.statusText)),
    ),
    h('div', { class: 'chart-box' }, trendSvg(model, `${c.title} by week`, description)),
    legend(c),
  );
}

function legend(c: KpiCard): HTMLElement {
  return h(
    'ul',
    { class: 'legend' },
    ...c.chart.series.map((s, i) => h('li', {}, h('span', { class: `swatch series-${i}${s.main ? ' main' : ''}` }), s.label)),
    c.chart.baseline !== null ? h('li', {}, h('span', { class: 'swatch baseline' }), 'baseline') : null,
    c.chart.band ? h('li', {}, h('span', { class: 'swatch band' }), 'target band') : null,
  );
}

function breakdowns(report: WeeklyReport, names: Names): HTMLElement {
  const { kpis } = report;
  const time = businessTimeBars(report, names);
  const ambiguity = ambiguityBars(report);
  const breaches = Object.entries(kpis.breachesByParty);
  return h(
    'section',
    { class: 'breakdowns', 'data-test': 'breakdowns' },
    h(
      'div',
      { class: 'breakdown' },
      h('h3', {}, 'Business time by party'),
      h('p', { class: 'muted' }, 'Escalations resolved this week: the business time each party held the clock, and the part of it spent waiting to acknowledge a handoff.'),
      time.rows.length === 0 ? h('p', { class: 'muted', 'data-test': 'no-business-time' }, 'Nothing resolved this week.') : barsSvg(barsModel(time, BARS_WIDTH), 'Business time by party', time.rows.map((r) => `${r.label}: ${r.segments.map((s) => `${s.label} ${businessTime(s.value * 60)}`).join(', ')}`).join('; ')),
      h('ul', { class: 'legend' }, h('li', {}, h('span', { class: 'swatch segment-0' }), 'holding the clock'), h('li', {}, h('span', { class: 'swatch segment-1' }), 'waiting to acknowledge a handoff')),
    ),
    h(
      'div',
      { class: 'breakdown' },
      h('h3', {}, 'Ambiguity incidents by cause'),
      h('p', { class: 'muted' }, `${kpis.ownershipAmbiguityIncidents.total} this week.`),
      barsSvg(barsModel(ambiguity, BARS_WIDTH), 'Ambiguity incidents by cause', ambiguity.rows.map((r) => `${r.label}: ${r.segments[0]?.value ?? 0}`).join('; ')),
    ),
    h(
      'dl',
      { class: 'facts', 'data-test': 'facts' },
      h('dt', {}, 'Time to acknowledge'),
      h('dd', {}, kpis.timeToAcknowledgeMinutes.count === 0 ? 'no handoff acknowledged' : `median ${businessTime(kpis.timeToAcknowledgeMinutes.median ?? 0)}, p90 ${businessTime(kpis.timeToAcknowledgeMinutes.p90 ?? 0)} (${kpis.timeToAcknowledgeMinutes.count} handoffs)`),
      h('dt', {}, 'Handoffs per escalation'),
      h('dd', {}, kpis.handoffsPerEscalation === null ? '—' : kpis.handoffsPerEscalation.toFixed(1)),
      h('dt', {}, 'Breaches by the party that owned them'),
      h('dd', { 'data-test': 'breaches-by-party' }, breaches.length === 0 ? 'none' : breaches.map(([party, n]) => `${names.party(party)} ${count(n)}`).join(', ')),
      h('dt', {}, 'This week'),
      h('dd', {}, `${kpis.counts.opened} opened, ${kpis.counts.resolved} resolved, ${kpis.counts.warnings} warnings, ${kpis.counts.breaches} breaches; attainment by party ${Object.entries(kpis.byParty).map(([p, k]) => `${names.party(p)} ${percent(k.escalationSlaAttainment)}`).join(', ') || '—'}`),
    ),
  );
}

/**
 * The Review tab's sections.
 * @example root.append(...renderReviewTab(page))
 */
export function renderReviewTab(page: ReviewPage): Child[] {
  const { report, reportError, matrix, busy } = page.state;
  const names = namesOf(matrix);
  const head: Child[] = [weekBar(page), downloads(page)];
  if (reportError) return [...head, h('section', { class: 'error', 'data-test': 'report-error', role: 'alert' }, h('p', {}, reportError)), renderBaselines(page)];
  if (!report || busy === 'week') return [...head, h('p', { class: 'loading', 'data-test': 'report-loading', role: 'status' }, 'Loading the week…'), renderBaselines(page)];
  return [
    ...head,
    h('section', { class: 'kpis', 'data-test': 'kpis' }, ...kpiCards(report, names, page.locale).map(card)),
    breakdowns(report, names),
    ...renderFindings(report, names, page),
    renderBaselines(page),
  ];
}
