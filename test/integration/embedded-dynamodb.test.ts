/** The embedded store's port answers only this start's credential: another local user cannot write to it. */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../lambdas/adapters/dynamodb/table.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../lambdas/local/embedded-dynamodb.js';

const HASH = 'f'.repeat(64);
/** A well-formed SigV4 header, as any client with credentials of its own would send. */
const FOREIGN_AUTHORIZATION = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/local/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + 'a'.repeat(64);

/** A PutItem that would mint an API key for tenant "intruder", sent with plain fetch. */
const mintKey = (db: EmbeddedDynamoDb, authorization?: string) =>
  fetch(db.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.PutItem',
      'x-amz-date': '20260101T000000Z',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify({ TableName: db.tableName, Item: { pk: { S: keys.apiKey(HASH) }, sk: { S: 'KEY' }, tenant: { S: 'intruder' }, scope: { S: 'tenant' } } }),
  });

const storedKey = async (db: EmbeddedDynamoDb, hash = HASH) => (await db.client.send(new GetCommand({ TableName: db.tableName, Key: { pk: keys.apiKey(hash), sk: 'KEY' } }))).Item;

describe.each([
  { host: 'in-process', thread: false },
  { host: 'worker-thread', thread: true },
])('the embedded store ($host)', ({ thread }) => {
  let db: EmbeddedDynamoDb;
  beforeAll(async () => {
    db = await startEmbeddedDynamoDb({ thread });
  });
  afterAll(() => db.close());

  it('refuses a request signed with another access key: 403 UnrecognizedClientException, nothing written', async () => {
    const answer = await mintKey(db, FOREIGN_AUTHORIZATION);

    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ __type: 'com.amazon.coral.service#UnrecognizedClientException' });
    expect(await storedKey(db)).toBeUndefined();
  });

  it('refuses a request without an Authorization header', async () => {
    const answer = await mintKey(db);

    expect(answer.status).toBe(403);
    expect(await storedKey(db)).toBeUndefined();
  });

  it("answers Baton's own client, which carries this start's credential", async () => {
    const own = 'e'.repeat(64);

    await db.client.send(new PutCommand({ TableName: db.tableName, Item: { pk: keys.apiKey(own), sk: 'KEY', tenant: 'acme', scope: 'tenant' } }));

    expect(await storedKey(db, own)).toMatchObject({ tenant: 'acme' });
  });
});

describe('two starts of the embedded store', () => {
  it("each have their own credential: one store's does not open the other", async () => {
    const [first, second] = [await startEmbeddedDynamoDb(), await startEmbeddedDynamoDb()];
    const intruder = new DynamoDBClient({ endpoint: second.endpoint, region: 'local', credentials: first.credentials, maxAttempts: 1 });
    try {
      expect(first.credentials.accessKeyId).not.toBe(second.credentials.accessKeyId);

      const refused = await intruder.send(new ListTablesCommand({})).catch((error: unknown) => error);

      expect(refused).toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 403 } });
    } finally {
      intruder.destroy();
      await first.close();
      await second.close();
    }
  });
});
