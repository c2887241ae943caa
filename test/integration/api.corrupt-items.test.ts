/**
 * Items that are not what the store wrote (corrupted, or put there by something else), met through the
 * HTTP API: the escalation answers 503 and nothing is written; the log names the item's key and field,
 * never its content; the tenant's other escalations and the sweeper carry on.
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, outboxShard } from '../../lambdas/adapters/dynamodb/table.js';
import { sweepOutboxes } from '../../lambdas/app/background.js';
import type { Log } from '../../lambdas/app/log.js';
import { startTestBaton, type TestBaton } from '../support/baton.js';
import { UNAVAILABLE, opened } from '../support/reliability.js';

/** The embedded store's table (lambdas/local/embedded-dynamodb.ts). */
const TABLE = 'baton';
/** Content that must never reach an answer or the log. */
const SECRET = 'SECRET-CONTENT-4711';

/** A Baton whose log lines are kept, and the DynamoDB client its stores use (to write items behind their back). */
async function batonWithRawStore(): Promise<{ h: TestBaton; logged: string[]; raw: () => DynamoDBDocumentClient }> {
  const logged: string[] = [];
  const keep = (level: string) => (message: string, extra?: Record<string, unknown>) => void logged.push(`${level} ${message} ${JSON.stringify(extra ?? {})}`);
  const log: Log = { debug: () => {}, info: () => {}, warn: keep('warn'), error: keep('error') };
  let client: DynamoDBDocumentClient | undefined;
  const h = await startTestBaton({
    log,
    faults: {
      wrapDynamoDb: (documents) => {
        client = documents;
        return documents;
      },
    },
  });
  return { h, logged, raw: () => client! };
}

describe('an escalation whose stored items are not what the store wrote', () => {
  let h: TestBaton;
  let logged: string[];
  let raw: () => DynamoDBDocumentClient;
  beforeAll(async () => {
    ({ h, logged, raw } = await batonWithRawStore());
  });
  afterAll(() => h.stop());

  const put = (item: Record<string, unknown>) => raw().send(new PutCommand({ TableName: TABLE, Item: item }));
  /** Every item of one escalation's partition. */
  const itemsOf = async (ticketId: string) =>
    (await raw().send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.escalation('acme', ticketId) }, ConsistentRead: true }))).Items ?? [];
  /** The first commit's events of a real escalation, as written, for another ticket: a commit item the store would write. */
  async function eventsOfAnOpening(ticketId: string): Promise<Array<{ ticketId: string; seq: number; event: Record<string, unknown> }>> {
    await opened(h, `${ticketId}-model`);
    const { Item } = await raw().send(new GetCommand({ TableName: TABLE, Key: { pk: keys.escalation('acme', `${ticketId}-model`), sk: keys.commit(1) } }));
    const events = JSON.parse(Item!.events as string) as Array<{ ticketId: string; seq: number; event: Record<string, unknown> }>;
    return events.map((recorded) => ({ ...recorded, ticketId, event: { ...recorded.event, ...('ticketId' in recorded.event ? { ticketId } : {}) } }));
  }
  /** A commit item as the store writes it, but for its events, without the list and outbox index entries. */
  const commitItem = (ticketId: string, events: unknown) => ({ pk: keys.escalation('acme', ticketId), sk: keys.commit(1), tenant: 'acme', ticketId, commit: 1, at: '2026-11-30T09:00:00.000Z', events: JSON.stringify(events) });

  it('answers 503 to a read of a corrupted commit, logs its key and field, and serves the tenant\'s other escalations', async () => {
    await opened(h, '7002');
    const [first, ...rest] = await eventsOfAnOpening('7001');
    await put(commitItem('7001', [{ ...first!, event: { ...first!.event, owner: SECRET } }, ...rest]));

    const answer = await h.call('GET', '/v1/escalations/7001');

    expect(answer.status).toBe(503);
    expect(answer.body).toEqual(UNAVAILABLE);
    const line = logged.find((l) => l.includes(keys.escalation('acme', '7001')));
    expect(line).toContain(`${keys.escalation('acme', '7001')} ${keys.commit(1)}`);
    expect(line).toContain('events.0.event.owner');
    expect(logged.join('\n')).not.toContain(SECRET);
    expect((await h.call('GET', '/v1/escalations/7002')).status).toBe(200);
  });

  it('answers 503 to a read of an escalation whose summary item has another shape', async () => {
    await put(commitItem('7003', await eventsOfAnOpening('7003')));
    await put({ pk: keys.escalation('acme', '7003'), sk: keys.summary, version: 1, summary: JSON.stringify({ ticket: '7003', status: SECRET }) });

    const answer = await h.call('GET', '/v1/escalations/7003');

    expect(answer.status).toBe(503);
    expect(answer.body).toEqual(UNAVAILABLE);
    const line = logged.find((l) => l.includes(`${keys.escalation('acme', '7003')} ${keys.summary}`));
    expect(line).toMatch(/at summary\.\w+/);
    expect(logged.join('\n')).not.toContain(SECRET);
  });

  it('answers 503 to a command on a corrupted escalation and writes nothing', async () => {
    await put(commitItem('7004', [{ ticketId: '7004', seq: 1, event: { type: 'escalation.opened', note: SECRET } }]));
    const before = await itemsOf('7004');

    const answer = await h.call('POST', '/v1/escalations/7004/pause', { actor: { id: 'agent-nick' }, reason: 'Waiting for the carrier' });

    expect(answer.status).toBe(503);
    expect(answer.body).toEqual(UNAVAILABLE);
    await h.baton.tasks.drain();
    expect(await itemsOf('7004')).toEqual(before);
    expect((await h.notifications()).filter((n) => n.ticketId === '7004')).toEqual([]);
  });
});

describe('the sweeper meeting an outbox log entry it cannot read', () => {
  let h: TestBaton;
  let logged: string[];
  let raw: () => DynamoDBDocumentClient;
  beforeAll(async () => {
    ({ h, logged, raw } = await batonWithRawStore());
  });
  afterAll(() => h.stop());

  it('reports it by key and field, passes it, and carries out the entries behind it', async () => {
    // The unreadable entry comes first in its shard; an escalation opened after it lands in the same shard.
    const shard = outboxShard('acme', '7101');
    const sound = Array.from({ length: 200 }, (_, i) => `72${String(i).padStart(2, '0')}`).find((id) => outboxShard('acme', id) === shard)!;
    const pk = keys.escalation('acme', '7101');
    await raw().send(
      new PutCommand({
        TableName: TABLE,
        Item: { pk, sk: keys.commit(1), tenant: 'acme', ticketId: '7101', commit: 1, events: '[]', outbox: JSON.stringify({ schedule: SECRET }), outboxPk: keys.outbox(shard), outboxSk: keys.outboxEntry('2026-11-30T08:59:00.000Z', pk, 1) },
      }),
    );
    await opened(h, sound);
    await h.baton.tasks.drain();
    h.clock().advance(1);

    const swept = await sweepOutboxes(h.baton.deps, h.baton.service);

    // Both entries read: the unreadable one failed, the sound one behind it in the same shard was checked.
    expect(swept).toEqual({ processed: 2, failed: 1 });
    const line = logged.find((l) => l.includes('outbox log entry unreadable'));
    expect(line).toContain(`${pk} ${keys.commit(1)}`);
    expect(line).toContain('outbox.schedule');
    expect(logged.join('\n')).not.toContain(SECRET);
    expect(await sweepOutboxes(h.baton.deps, h.baton.service)).toEqual({ processed: 0, failed: 0 });
  });
});
