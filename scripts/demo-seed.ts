// `npm run demo:seed`: eight realistic weeks played into a running `npm start` (manual clock) through its HTTP API,
// so the review page has something to show. Exits 1 saying why when it cannot (and 2 on a usage mistake).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedDemo } from './demo/seed.js';

const USAGE = `Usage: npm run demo:seed -- [--url http://127.0.0.1:8787] [--key <tenant key>] [--webhook-secret <secret>]
                         [--data-dir .baton] [--tenant demo] [--seed 1] [--weeks 8] [--first-week 2026-W40]

Start Baton first on the manual clock, on a fresh data folder, e.g.
  BATON_CLOCK=manual BATON_DATA_DIR=.baton-demo npm start
then in another shell
  npm run demo:seed -- --data-dir .baton-demo

The key and webhook secret come from the flags, else BATON_KEY and BATON_WEBHOOK_SECRET, else the files
npm start keeps in the data folder (demo-api-key, webhook-secret-<tenant>). The weeks start with the clock's
week if its Monday morning is still ahead, else the next (or --first-week, which must not have started yet),
so the clock ends up to 9 weeks ahead.`;

let values: { url?: string; key?: string; 'webhook-secret'?: string; 'data-dir'?: string; tenant?: string; seed?: string; weeks?: string; 'first-week'?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      'webhook-secret': { type: 'string' },
      'data-dir': { type: 'string' },
      tenant: { type: 'string' },
      seed: { type: 'string' },
      weeks: { type: 'string' },
      'first-week': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const dataDir = values['data-dir'] ?? process.env.BATON_DATA_DIR ?? '.baton';
const tenant = values.tenant ?? 'demo';
const fromFile = (name: string) => readFile(join(dataDir, name), 'utf8').then((text) => text.trim(), () => undefined);
const key = values.key ?? process.env.BATON_KEY ?? (await fromFile('demo-api-key'));
const webhookSecret = values['webhook-secret'] ?? process.env.BATON_WEBHOOK_SECRET ?? (await fromFile(`webhook-secret-${tenant}`));
const number = (name: 'seed' | 'weeks', fallback: number) => {
  const value = values[name] === undefined ? fallback : Number(values[name]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} is a whole number from 1\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
};
if (!key || !webhookSecret) {
  console.error(`No ${key ? 'webhook secret' : 'API key'}: give --${key ? 'webhook-secret' : 'key'}, or --data-dir where npm start keeps it (${dataDir} has none)\n\n${USAGE}`);
  process.exit(2);
}

const url = (values.url ?? process.env.BATON_URL ?? `http://127.0.0.1:${process.env.BATON_PORT ?? 8787}`).replace(/\/$/, '');
try {
  const started = performance.now();
  const result = await seedDemo({ url, key, webhookSecret }, { seed: number('seed', 1), weeks: number('weeks', 8), ...(values['first-week'] ? { firstWeek: values['first-week'] } : {}) });
  console.log(`
Done in ${((performance.now() - started) / 1000).toFixed(1)} s. Open the review (as agent-anna, a service desk coordinator):
  ${url}${result.reviewPath}
It opens on ${result.weeks.at(-1)}: the KPIs against the baseline of the first weeks and the target band, the breaches,
and the friction left (VIP devices bounce from the Service Desk to MSP Second Line). The Matrix tab proposes a change
from a friction point; agent-carla (Contoso IT) and agent-mia (Acme MSP) approve it: ${url}/app/ links each of them.`);
} catch (error) {
  console.error(`demo:seed stopped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
