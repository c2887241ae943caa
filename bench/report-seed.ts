/**
 * The weekly-report benchmark's data: realistic escalations of one week, made by the domain itself (decide,
 * evolve, planOutbox: the events and outboxes a live Baton would commit, deadlines fired at their due
 * instants) and written as the store's own commit items (commitItem) with BatchWriteItem, 25 at a time.
 * Delivery receipts are not written (they are kept out of the week index, which is all the report reads),
 * nor summaries (the report reads none; a history is then read from its commits).
 */
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { commitItem } from '../lambdas/adapters/dynamodb/escalation-store.js';
import { DynamoDbMatrixStore } from '../lambdas/adapters/dynamodb/matrix-store.js';
import type { Deliverer } from '../lambdas/app/deps.js';
import { planOutbox } from '../lambdas/app/outbox-plan.js';
import type { ActingUser, EscalationCommand } from '../shared/escalation/commands.js';
import { dueDeadlines } from '../shared/escalation/deadlines.js';
import { decide } from '../shared/escalation/decide.js';
import type { RecordedEvent } from '../shared/escalation/events.js';
import { evolve, initialState, type EscalationState } from '../shared/escalation/state.js';
import { HANDOFF_FIELDS } from '../shared/handoff/schema.js';
import { compileMatrix, type Matrix } from '../shared/matrix/matrix.js';
import { matrixSchema } from '../shared/matrix/schema.js';
import { seededRandom } from '../shared/seeded-random.js';

export const SEED_TENANT = 'bench';
/** Monday 30 November 2026 00:00 in London (UTC): the week the escalations open in. */
export const SEED_WEEK = '2026-W49';
const WEEK_START = Date.parse('2026-11-30T00:00:00.000Z');
const MINUTE = 60_000;
/** Openings spread over the week up to Sunday 18:00, so most are resolved within it. */
const OPENING_SPAN = (6 * 24 + 18) * 60 * MINUTE;

/** The same data every run. */
const seeded = (seed: number) => seededRandom(seed).next;

/** Slack on every team with a channel, as a deployed Baton with a bot token has it. */
const slackOnly: Pick<Deliverer, 'has'> = { has: (kind) => kind === 'slack' };

const COMBINATIONS: Array<[string, number]> = [['network', 1], ['network', 3], ['server', 1], ['server', 2], ['application', 1], ['application', 2], ['end-user-device', 3], ['security', 2]];

interface Escalation {
  items: Record<string, unknown>[];
}

/** One escalation's commits, as a live Baton would have written them. */
function escalation(matrix: Matrix, ticketId: string, random: () => number): Escalation {
  let state: EscalationState = initialState;
  let seq = 0;
  let n = 0;
  const items: Record<string, unknown>[] = [];
  const member = (team: string): ActingUser => ({ id: matrix.team(team)!.members[0]!, teams: [team] });
  const commitAt = (command: EscalationCommand, at: number) => {
    const now = new Date(at);
    const events = decide(state, command, now);
    if (events.length === 0) return;
    const before = state;
    for (const event of events) state = evolve(state, event);
    const recorded: RecordedEvent[] = events.map((event) => ({ ticketId, seq: ++seq, event }));
    const outbox = planOutbox({ tenant: SEED_TENANT, ticketId, before, after: state, recorded, matrix, deliverer: slackOnly, ticketNotes: false });
    items.push(commitItem(SEED_TENANT, ticketId, ++n, { at: now.toISOString(), events, outbox }, recorded));
  };
  /** The deadlines due by `until`, each fired at its due instant, as the scheduler delivers them. */
  const fireUntil = (until: number) => {
    for (;;) {
      const next = dueDeadlines(state).filter((d) => Date.parse(d.dueAt) <= until).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
      if (!next) return;
      commitAt({ type: 'FireDeadline', deadline: next }, Date.parse(next.dueAt));
    }
  };
  let t = WEEK_START + Math.floor(random() * OPENING_SPAN);
  const later = (maxMinutes: number) => {
    t += Math.ceil(random() * maxMinutes) * MINUTE;
    fireUntil(t);
    return t;
  };
  const [incidentType, impactTier] = COMBINATIONS[Math.floor(random() * COMBINATIONS.length)]!;
  commitAt({ type: 'OpenEscalation', ticketId, subject: `Bench escalation ${ticketId}`, incidentType, impactTier, matrix, actor: member('service-desk') }, t);

  const handoffs = ((r) => (r < 0.15 ? 0 : r < 0.5 ? 1 : r < 0.8 ? 2 : 3))(random());
  for (let h = 0; h < handoffs && state.status === 'open'; h++) {
    const owner = state.owner;
    const to = owner.party === 'internal' ? (random() < 0.5 ? 'msp-noc' : 'msp-l2') : random() < 0.5 ? 'infrastructure' : 'service-desk';
    commitAt({
      type: 'RequestHandoff', matrix, actor: member(owner.team),
      record: {
        toTeam: to, diagnosis: 'Users at the branch cannot reach the file share; the tunnel is up but routes are missing since 09:10.',
        actionsTaken: 'Restarted the IPsec tunnel, checked the ISP status page, confirmed no change window.',
        evidence: [{ label: 'Tunnel log', url: `https://logs.example.com/vpn/${ticketId}` }], nextAction: 'Check the branch core switch and its uplink',
        nextActionDueAt: new Date(t + 24 * 60 * MINUTE).toISOString(),
      },
    }, later(60));
    const handoffId = `h${h + 1}`;
    const outcome = random();
    // 8 % answered after their acknowledgement deadline (an ack-overdue fires first), 12 % sent back.
    const wait = outcome > 0.92 ? 90 : 20;
    if (outcome < 0.12) {
      const reason = (['missing-information', 'missing-information', 'not-our-scope', 'other'] as const)[Math.floor(random() * 4)]!;
      commitAt({ type: 'RejectHandoff', handoffId, reason, actor: member(to), ...(reason === 'other' ? { note: 'Wrong queue' } : {}), ...(reason === 'missing-information' ? { missingFields: [HANDOFF_FIELDS[Math.floor(random() * 5)]!] } : {}) }, later(wait));
    } else {
      commitAt({ type: 'AcknowledgeHandoff', handoffId, actor: member(to) }, later(wait));
    }
  }
  if (random() < 0.02) commitAt({ type: 'RecordGroupChange', fromGroupId: 2001, toGroupId: 1002, matrix }, later(30));
  if (random() < 0.01) commitAt({ type: 'RecordNotification', outcome: 'failed', forSeq: 1, channel: 'slack', target: 'msp-noc', error: 'Slack answered 503', attempt: 1 }, later(5));
  // Resolved within 2.5 hours of the last step: some breach first (their deadlines fire on the way).
  if (state.status === 'open') commitAt({ type: 'Resolve', resolution: 'Fixed and verified with the user', actor: member(state.owner.team) }, later(150));
  return { items };
}

/** Writes items 25 at a time, `inFlight` requests at once, retrying what dynalite leaves unprocessed. */
async function batchWrite(raw: DynamoDBClient, table: string, items: Record<string, unknown>[], inFlight = 8): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const chunk = items.slice(next, (next += 25));
      let requests: WriteRequest[] = chunk.map((item) => ({ PutRequest: { Item: marshall(item) } }));
      while (requests.length > 0) {
        const answer = await raw.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
        requests = answer.UnprocessedItems?.[table] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
}

export interface SeedCounts {
  escalations: number;
  commits: number;
  /** Commits in the week index (every commit here: receipts are not written). */
  indexed: number;
  events: number;
}

/**
 * Activates the example matrix for the bench tenant and writes `count` escalations of SEED_WEEK.
 * @example await seedReportWeek(raw, documentClient, 'baton', 100_000, (done) => console.log(done));
 */
export async function seedReportWeek(raw: DynamoDBClient, client: DynamoDBDocumentClient, table: string, count: number, progress: (done: number) => void): Promise<SeedCounts> {
  const document = matrixSchema.parse(parseYaml(await readFile(new URL('../examples/matrix.example.yaml', import.meta.url), 'utf8')));
  await new DynamoDbMatrixStore(client, table).activate(SEED_TENANT, { document, createdAt: '2026-11-01T00:00:00.000Z', createdBy: 'bench' });
  const matrix = compileMatrix(document, 'v1');
  const random = seeded(49);
  const counts: SeedCounts = { escalations: 0, commits: 0, indexed: 0, events: 0 };
  const BATCH = 2_000;
  for (let start = 0; start < count; start += BATCH) {
    const items: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) items.push(...escalation(matrix, `B-${i + 1}`, random).items);
    await batchWrite(raw, table, items);
    counts.escalations = Math.min(count, start + BATCH);
    counts.commits += items.length;
    counts.indexed += items.filter((item) => 'weekPk' in item).length;
    counts.events += items.reduce((sum, item) => sum + (JSON.parse(String(item.events)) as unknown[]).length, 0);
    progress(counts.escalations);
  }
  return counts;
}
