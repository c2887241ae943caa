/** IdempotencyStore on DynamoDB: the first request with a key claims it; later ones get the stored answer. */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { idempotentRecordSchema, idempotentResponseSchema, type IdempotencyStore, type IdempotentRecord, type IdempotentResponse } from '../../../shared/ports.js';
import { storeCall } from './errors.js';
import { jsonAttribute, readItem } from './read-item.js';
import { TTL_ATTRIBUTE, keys } from './table.js';

const RECORD = 'IDEM';
/** A claim whose request died is taken over after this long. */
const CLAIM_SECONDS = 120;
/** Answers are remembered this long (the table's TTL attribute removes them on AWS). */
const KEEP_SECONDS = 24 * 3600;

/** The record's item: the answer is stored as JSON text. */
const recordItemSchema = idempotentRecordSchema.extend({ response: jsonAttribute(idempotentResponseSchema).optional() });

export class DynamoDbIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(tenant: string, key: string, requestHash: string, now: Date): Promise<IdempotentRecord | null> {
    const expiresAt = new Date(now.getTime() + CLAIM_SECONDS * 1000).toISOString();
    const ttl = Math.floor(now.getTime() / 1000) + KEEP_SECONDS;
    const Key = { pk: keys.idempotency(tenant, key), sk: RECORD };
    const claimed = await storeCall(
      'claim idempotency key',
      async () => {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...Key, requestHash, status: 'in-progress', expiresAt, [TTL_ATTRIBUTE]: ttl },
            // An expired claim (a crashed request) may be taken over.
            ConditionExpression: 'attribute_not_exists(pk) OR (#status = :inProgress AND expiresAt < :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':inProgress': 'in-progress', ':now': now.toISOString() },
          }),
        );
        return true;
      },
      () => false,
    );
    if (claimed) return null;
    const { Item } = await storeCall('read idempotency key', () => this.client.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true })));
    if (!Item) return null;
    const record = readItem(recordItemSchema, Item);
    return { requestHash: record.requestHash, status: record.status, ...(record.response ? { response: record.response } : {}) };
  }

  async complete(tenant: string, key: string, requestHash: string, response: IdempotentResponse): Promise<void> {
    await storeCall('complete idempotency key', () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.idempotency(tenant, key), sk: RECORD },
          // "status" and "response" are DynamoDB reserved words: both go through attribute names.
          UpdateExpression: 'SET #status = :done, #response = :response',
          ConditionExpression: 'requestHash = :hash',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
          ExpressionAttributeValues: { ':done': 'done', ':response': JSON.stringify(response), ':hash': requestHash },
        }),
      ),
    );
  }

  async release(tenant: string, key: string): Promise<void> {
    await storeCall('release idempotency key', () =>
      this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: keys.idempotency(tenant, key), sk: RECORD } })),
    );
  }
}
