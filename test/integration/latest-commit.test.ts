/** Local mode's scan for the latest recorded commit, on the embedded DynamoDB. */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../lambdas/adapters/dynamodb/table.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';
import { latestCommitAt } from '../../lambdas/local/latest-commit.js';

let db: EmbeddedDynamoDb;
beforeEach(async () => {
  db = await startEmbeddedDynamoDb();
});
afterEach(() => db.close());

const put = (item: Record<string, unknown>) => db.client.send(new PutCommand({ TableName: db.tableName, Item: item }));

describe('the latest recorded commit', () => {
  it('is none in an empty table', async () => {
    expect(await latestCommitAt(db.client, db.tableName)).toBeNull();
  });

  it('is the latest `at` of any commit of any escalation, read page by page, ignoring items that are not commits', async () => {
    const ats = ['2026-11-30T09:00:00.000Z', '2026-12-02T08:15:00.000Z', '2026-11-30T10:00:00.000Z', '2026-12-01T17:45:00.000Z'];
    for (const [i, at] of ats.entries()) {
      await put({ pk: keys.escalation('acme', `t${i}`), sk: keys.commit(1), at });
      await put({ pk: keys.escalation('globex', `t${i}`), sk: keys.commit(2), at: '2026-11-30T11:00:00.000Z' });
    }
    // Not commits: a summary, an idempotency record and a matrix version, each with a later `at`.
    await put({ pk: keys.escalation('acme', 't0'), sk: keys.summary, at: '2027-01-01T00:00:00.000Z' });
    await put({ pk: keys.idempotency('acme', 'k1'), sk: 'RECORD', at: '2027-01-01T00:00:00.000Z' });
    await put({ pk: keys.matrix('acme'), sk: keys.matrixVersion(1), at: '2027-01-01T00:00:00.000Z' });
    // Two items a page, so the answer takes several pages.
    let pages = 0;
    const paged = {
      send: (command: { input: { Limit?: number } }) => {
        pages++;
        command.input.Limit = 2;
        return db.client.send(command as Parameters<DynamoDBDocumentClient['send']>[0]);
      },
    } as unknown as DynamoDBDocumentClient;

    const latest = await latestCommitAt(paged, db.tableName);

    expect(latest?.toISOString()).toBe('2026-12-02T08:15:00.000Z');
    expect(pages).toBeGreaterThan(5);
  });
});
