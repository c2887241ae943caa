/** The weekly report as CSV (RFC 4180): the long-format rows of rows.ts, safe to open in a spreadsheet. */
import { ROW_HEADER, rowsOf, type Row } from './rows.js';
import type { PartyWeeklyReport, WeeklyReport } from './weekly-schema.js';

/**
 * One cell: quoted when it holds a comma, quote or line break; text a spreadsheet would run as a formula
 * (starting with = + - @, tab or carriage return) is prefixed with an apostrophe. Numbers are written as they are.
 */
export function csvCell(value: Row[4] | string): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** @example const text = weeklyCsv(report); // "section,subject,party,measure,value\r\nreport,2026-W49,,timeZone,Europe/London\r\n…" */
export function weeklyCsv(report: WeeklyReport | PartyWeeklyReport): string {
  return [ROW_HEADER, ...rowsOf(report)].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
