/** The benchmark table: one row per measurement, printed as aligned plain text. */

/** One line of the benchmark table. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target: string;
  ok: boolean;
  note?: string;
  /** Fraction digits shown. @default 1 */
  digits?: number;
}

const HEADERS = ['benchmark', 'value', 'unit', 'target', 'ok', 'note'] as const;

/** Prints `rows` to stdout with columns padded to their widest cell; values right-aligned. */
export function printTable(rows: BenchRow[]): void {
  const cells = rows.map((row) => [
    row.name,
    row.value.toLocaleString('en-US', { maximumFractionDigits: row.digits ?? 1 }),
    row.unit,
    row.target,
    row.ok ? 'ok' : 'FAIL',
    row.note ?? '',
  ]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...cells.map((line) => line[column]?.length ?? 0)));
  const format = (line: readonly string[]): string =>
    line
      .map((cell, column) => (column === 1 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(format(HEADERS));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of cells) console.log(format(line));
}
