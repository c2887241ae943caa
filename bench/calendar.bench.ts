/** Business-calendar throughput: the day-walking arithmetic against a naive minute-by-minute stepper. */
import { performance } from 'node:perf_hooks';
import { addBusinessMinutes, businessMinutesBetween, compileCalendar, isOpenAt, type BusinessCalendar } from '../shared/calendar/calendar.js';
import type { CalendarSpec } from '../shared/calendar/spec.js';
import type { BenchRow } from './table.js';

const MINUTE_MS = 60_000;
const SLA_MINUTES = 30 * 24 * 60; // a 30-day SLA counted in business minutes
const SPAN_MS = 30 * 24 * 60 * MINUTE_MS; // a 30-day span of real time
const TIME_BOX_MS = 2_000;
const SAMPLE_COUNT = 1_000;

const officeHours = ['08:00-18:00'];
const LONDON: CalendarSpec = {
  id: 'bench-london',
  timezone: 'Europe/London',
  weekly: { mon: officeHours, tue: officeHours, wed: officeHours, thu: officeHours, fri: officeHours },
  holidays: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28', '2027-01-01', '2027-03-26'],
};

/** Whole-minute starts spread over 2026–2027 by a fixed stride, so runs are comparable. */
function sampleStarts(): Date[] {
  const minutesIn2Years = 730 * 24 * 60;
  return Array.from({ length: SAMPLE_COUNT }, (_, i) => new Date(Date.UTC(2026, 0, 1) + ((i * 104_729) % minutesIn2Years) * MINUTE_MS));
}

/** The obvious implementation the fast path must beat: look at every real minute. */
function naiveAddBusinessMinutes(cal: BusinessCalendar, start: Date, minutes: number): Date {
  let cursor = start.getTime();
  for (let counted = 0; counted < minutes; cursor += MINUTE_MS) {
    if (isOpenAt(cal, new Date(cursor))) counted += 1;
  }
  return new Date(cursor);
}

function naiveMinutesBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  let counted = 0;
  for (let cursor = from.getTime(); cursor < to.getTime(); cursor += MINUTE_MS) {
    if (isOpenAt(cal, new Date(cursor))) counted += 1;
  }
  return counted;
}

/** Runs `op` over the samples until `maxRuns` or the time box is reached; returns ops per second. */
function opsPerSecond(op: (sample: number) => void, maxRuns: number): number {
  const began = performance.now();
  let runs = 0;
  while (runs < maxRuns && performance.now() - began < TIME_BOX_MS) {
    op(runs % SAMPLE_COUNT);
    runs += 1;
  }
  return runs / ((performance.now() - began) / 1000);
}

/** Measures addBusinessMinutes and businessMinutesBetween on 30-day SLAs against naive steppers. */
export async function benchCalendar(): Promise<BenchRow[]> {
  const cal = compileCalendar(LONDON);
  const starts = sampleStarts();
  const at = (sample: number): Date => starts[sample] ?? new Date(Date.UTC(2026, 0, 1));
  const spanEnd = (sample: number): Date => new Date(at(sample).getTime() + SPAN_MS);

  // Warm the per-day cache once, as a long-lived process would, and keep the answers to check the naive one.
  const expected = starts.map((start) => addBusinessMinutes(cal, start, SLA_MINUTES).getTime());
  let mismatches = 0;
  let checked = 0;

  const fast = opsPerSecond((i) => addBusinessMinutes(cal, at(i), SLA_MINUTES), 1_000_000);
  const cold = opsPerSecond((i) => addBusinessMinutes(compileCalendar({ ...LONDON, id: `london-${i}` }), at(i), SLA_MINUTES), 100_000);
  const naive = opsPerSecond((i) => {
    checked += 1;
    if (naiveAddBusinessMinutes(cal, at(i), SLA_MINUTES).getTime() !== expected[i]) mismatches += 1;
  }, 200);
  const ratio = fast / naive;

  const between = opsPerSecond((i) => businessMinutesBetween(cal, at(i), spanEnd(i)), 1_000_000);
  const naiveBetween = opsPerSecond((i) => naiveMinutesBetween(cal, at(i), spanEnd(i)), 1_000);

  return [
    { name: 'calendar: addBusinessMinutes 30-day SLA', value: fast, unit: 'ops/s', target: 'informational', ok: true, note: 'Europe/London Mon–Fri 08–18, 10 holidays, warm day cache' },
    { name: 'calendar: addBusinessMinutes, cold compile', value: cold, unit: 'ops/s', target: 'informational', ok: true, note: 'a new calendar (new id) per call: nothing cached but zone offsets' },
    { name: 'calendar: naive minute stepper 30-day SLA', value: naive, unit: 'ops/s', target: 'informational', ok: mismatches === 0, note: `agrees with fast path on ${checked - mismatches}/${checked} starts` },
    { name: 'calendar: speed-up over naive', value: ratio, unit: '×', target: '≥ 100× naive', ok: ratio >= 100 },
    { name: 'calendar: businessMinutesBetween 30-day span', value: between, unit: 'ops/s', target: 'informational', ok: true },
    { name: 'calendar: naive between 30-day span', value: naiveBetween, unit: 'ops/s', target: 'informational', ok: true, note: `${(between / naiveBetween).toFixed(0)}× slower than the day walk` },
  ];
}
