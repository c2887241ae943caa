/** The matrix store on the embedded DynamoDB: numbered versions, one active. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbMatrixStore } from '../../lambdas/adapters/dynamodb/matrix-store.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';

let db: EmbeddedDynamoDb;

beforeAll(async () => {
  db = await startEmbeddedDynamoDb();
});
afterAll(() => db.close());

describe('the DynamoDB matrix store', () => {
  it('activates numbered versions and serves the latest', async () => {
    const matrices = new DynamoDbMatrixStore(db.client, db.tableName);

    const v1 = await matrices.activate('m1', { document: { a: 1 }, createdAt: '2026-11-30T10:00:00.000Z', createdBy: 'carla' });
    const v2 = await matrices.activate('m1', { document: { a: 2 }, createdAt: '2026-11-30T11:00:00.000Z', createdBy: 'carla' });

    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(await matrices.active('m1')).toMatchObject({ version: 2, document: { a: 2 } });
    expect(await matrices.active('nobody')).toBeNull();
  });
});
