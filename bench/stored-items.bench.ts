// Stored-item check benchmark: what reading an escalation's items back through their schemas costs,
// against the plain JSON.parse the store did before, and what that adds to a load of the escalation.
// A typical and the largest escalation are built through the API of a local Baton (dynalite on disk,
// on a worker thread, as `npm start` runs it); the load is timed on the store itself, without a cache.
import { QueryCommand as RawQueryCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { commitItemSchema, summaryItemSchema } from '../lambdas/adapters/dynamodb/escalation-items.js';
import { DynamoDbEscalationStore } from '../lambdas/adapters/dynamodb/escalation-store.js';
import { readItem } from '../lambdas/adapters/dynamodb/read-item.js';
import { keys } from '../lambdas/adapters/dynamodb/table.js';
import { silentLog } from '../lambdas/app/log.js';
import { DEFAULT_MATRIX, startBaton } from '../lambdas/local/baton.js';
import { readLocalConfig } from '../lambdas/local/config.js';
import { actorOf, buildLargest, largestHandoffBody, matrixTeams, type MatrixTeam } from './api-support.js';
import type { BenchRow } from './table.js';

/** What the check may add to a load of the largest escalation. */
const TARGET_SHARE = 0.1;
const DECODE_RUNS = 200;
const LOAD_RUNS = 100;
const TENANT = 'bench';
/** The embedded store's table (lambdas/local/embedded-dynamodb.ts). */
const TABLE = 'baton';

type Item = Record<string, unknown>;

/** Median wall time of `runs` calls after a warm-up of a tenth as many. */
async function medianMs(runs: number, work: () => unknown): Promise<number> {
  for (let i = 0; i < Math.ceil(runs / 10); i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? 0;
}

/** The items a load decodes: the summary and the commits its events cache does not hold. */
async function itemsLoadDecodes(client: DynamoDBDocumentClient, ticketId: string): Promise<{ summary: Item | undefined; commits: Item[]; bytes: number }> {
  const items: Item[] = [];
  let startKey: Record<string, never> | undefined;
  do {
    const page = await client.send(new RawQueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: keys.escalation(TENANT, ticketId) } }, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey);
  const summary = items.find((item) => item.sk === keys.summary);
  const cached = typeof summary?.eventsVersion === 'number' ? summary.eventsVersion : 0;
  const commits = items.filter((item) => item.sk !== keys.summary && String(item.sk) > keys.commit(cached));
  const bytes = [summary, ...commits].reduce((sum, item) => sum + (item ? Buffer.byteLength(JSON.stringify(item)) : 0), 0);
  return { summary, commits, bytes };
}

/** The store's reading of those items, checked. */
function decodeChecked({ summary, commits }: { summary: Item | undefined; commits: Item[] }): number {
  let events = summary ? (readItem(summaryItemSchema, summary).events?.length ?? 0) : 0;
  for (const item of commits) events += readItem(commitItemSchema, item).events.length;
  return events;
}

/** The same reading as before the check: the events' JSON parsed and trusted. */
function decodePlain({ summary, commits }: { summary: Item | undefined; commits: Item[] }): number {
  let events = typeof summary?.events === 'string' ? (JSON.parse(summary.events) as unknown[]).length : 0;
  for (const item of commits) events += (JSON.parse(item.events as string) as unknown[]).length;
  return events;
}

/** A typical escalation: opened, handed off with a full record, acknowledged, resolved (notifications recorded on the way). */
async function buildTypical(url: string, headers: Record<string, string>, ticketId: string, teams: MatrixTeam[]): Promise<void> {
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    if (!response.ok) throw new Error(`${ticketId}: POST ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return (await response.json()) as { owner?: { team: string } };
  };
  const opened = await post('/v1/escalations', { ticketId, subject: 'Branch VPN down', incidentType: 'network', impactTier: 1, actor: { id: 'bench' } });
  const owner = teams.find((t) => t.id === opened.owner?.team)!;
  const to = teams.find((t) => t.id !== owner.id && t.members.length > 0)!;
  const handoff = JSON.parse(largestHandoffBody(to.id, owner.members[0]!, ticketId)) as Record<string, unknown>;
  // A record of everyday size: a few sentences, one link.
  await post(`/v1/escalations/${ticketId}/handoffs`, {
    ...handoff,
    diagnosis: 'Tunnel up, but no routes from the branch',
    actionsTaken: 'Restarted the IPsec tunnel',
    evidence: [{ label: 'Tunnel log', url: 'https://logs.example.com/vpn/4521' }],
    nextAction: 'Check the branch core switch',
    actor: { id: owner.members[0] },
  });
  await post(`/v1/escalations/${ticketId}/handoffs/h1/acknowledge`, { actor: actorOf(to.members[0]!) });
  await post(`/v1/escalations/${ticketId}/resolve`, { actor: { id: to.members[0] }, resolution: 'Replaced the branch core switch' });
}

/** Rows for one escalation: decoding checked against plain, and what the check adds to a load. */
async function measure(label: string, client: DynamoDBDocumentClient, store: DynamoDbEscalationStore, ticketId: string, target: boolean): Promise<BenchRow[]> {
  const items = await itemsLoadDecodes(client, ticketId);
  const events = decodeChecked(items);
  if (decodePlain(items) !== events) throw new Error(`${label}: checked and plain decoding disagree`);
  const checked = await medianMs(DECODE_RUNS, () => decodeChecked(items));
  const plain = await medianMs(DECODE_RUNS, () => decodePlain(items));
  const load = await medianMs(LOAD_RUNS, () => store.load(TENANT, ticketId));
  const added = Math.max(0, checked - plain);
  // The load timed includes the check: without it, it would take `added` less.
  const share = added / (load - added);
  const size = `${events} events, ${Math.round(items.bytes / 1024)} KB in ${items.commits.length + (items.summary ? 1 : 0)} items`;
  const us = (ms: number) => Math.round(ms * 10_000) / 10;
  return [
    { name: `stored-item check, ${label} escalation: decode`, value: us(checked), unit: 'µs', target: 'informational', ok: true, note: `${size}; plain JSON.parse ${us(plain)} µs (×${(checked / plain).toFixed(1)}); median of ${DECODE_RUNS}` },
    {
      name: `stored-item check, ${label} escalation: share of a load`,
      value: Math.round(share * 1000) / 10,
      unit: '%',
      target: target ? `≤ ${TARGET_SHARE * 100}%` : 'informational',
      ok: !target || share <= TARGET_SHARE,
      note: `adds ${us(added)} µs to a ${us(load - added)} µs load (median of ${LOAD_RUNS}: dynalite on disk, worker thread, no cache)`,
    },
  ];
}

/** The check's cost on a typical and on the largest escalation (LIMITS); the largest's share of a load is the target. */
export async function benchStoredItems(): Promise<BenchRow[]> {
  const dataDir = await mkdtemp(join(os.tmpdir(), 'baton-bench-items-'));
  const key = `bench_${randomBytes(18).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(18).toString('hex')}`;
  let client: DynamoDBDocumentClient | undefined;
  const config = readLocalConfig({ BATON_DATA_DIR: dataDir, BATON_PORT: '0', BATON_CLOCK: 'system', BATON_API_KEYS: `${TENANT}:${key}`, BATON_WEBHOOK_SECRETS: `${TENANT}:${webhookSecret}` });
  const baton = await startBaton(config, silentLog, {
    wrapDynamoDb: (documents) => {
      client = documents;
      return documents;
    },
  });
  try {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const teams = matrixTeams(DEFAULT_MATRIX);
    await buildTypical(baton.url, headers, 'typical', teams);
    await buildLargest({ url: baton.url, headers, webhookSecret, ticketId: 'largest', teams });
    await baton.tasks.drain();
    const store = new DynamoDbEscalationStore(client!, TABLE);
    return [...(await measure('typical', client!, store, 'typical', false)), ...(await measure('largest', client!, store, 'largest', true))];
  } finally {
    await baton.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
