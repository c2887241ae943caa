// `npm run bench`: the domain benchmarks in one table; exits non-zero when a row misses its target.
import os from 'node:os';
import { benchCalendar } from './calendar.bench.js';
import { benchKpis } from './kpis.bench.js';
import { benchMatrix } from './matrix.bench.js';
import { benchStoredItems } from './stored-items.bench.js';
import { printTable, type BenchRow } from './table.js';

// The stored-item bench starts a local Baton: the AWS SDK's Node-version warning is known, the noise is not wanted (as in npm start).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Rows marked '' or 'informational' report a figure; every other target is a promise to keep. */
const hasTarget = (row: BenchRow): boolean => row.target.trim() !== '' && row.target !== 'informational';

const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const gcNote = typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'gc exposed' : 'gc not exposed';
console.log(`node ${process.version} · ${cpu} · ${os.availableParallelism()} cores · ${gcNote}`);

// One after another: each benchmark gets the machine to itself.
const rows: BenchRow[] = [...(await benchCalendar()), ...(await benchMatrix()), ...(await benchKpis()), ...(await benchStoredItems())];
printTable(rows);

const missed = rows.filter((row) => hasTarget(row) && !row.ok);
for (const row of rows.filter((r) => !hasTarget(r) && !r.ok)) console.warn(`warning: informational row not ok: ${row.name}`);
if (missed.length > 0) {
  console.error(`\n${missed.length} benchmark(s) missed the target:`);
  for (const row of missed) console.error(`  - ${row.name}: ${row.value} ${row.unit} (target ${row.target})`);
  process.exitCode = 1;
}
