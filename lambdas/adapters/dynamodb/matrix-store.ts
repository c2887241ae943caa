/** MatrixStore on DynamoDB: immutable version items plus an ACTIVE pointer item, per tenant. */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { storedMatrixSchema, type MatrixStore, type StoredMatrix } from '../../../shared/ports.js';
import { storeCall } from './errors.js';
import { jsonAttribute, readItem } from './read-item.js';
import { keys } from './table.js';

const ACTIVE = 'ACTIVE';

/** The ACTIVE item: the active version as stored (its document is checked by the matrix schema when compiled). */
const activeItemSchema = z.object({ matrix: jsonAttribute(storedMatrixSchema) });

export class DynamoDbMatrixStore implements MatrixStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async active(tenant: string): Promise<StoredMatrix | null> {
    return storeCall('read matrix', async () => {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.matrix(tenant), sk: ACTIVE }, ConsistentRead: true }));
      return Item ? readItem(activeItemSchema, Item).matrix : null;
    });
  }

  async activate(tenant: string, matrix: Omit<StoredMatrix, 'version'>): Promise<StoredMatrix> {
    const current = await this.active(tenant);
    const stored: StoredMatrix = { ...matrix, version: (current?.version ?? 0) + 1 };
    const pk = keys.matrix(tenant);
    // The version item is the lock: two activations racing for the same number cannot both win.
    await storeCall('store matrix version', () =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk, sk: keys.matrixVersion(stored.version), matrix: JSON.stringify(stored) },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      ),
    );
    await storeCall('activate matrix version', () =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk, sk: ACTIVE, version: stored.version, matrix: JSON.stringify(stored) },
          ConditionExpression: 'attribute_not_exists(version) OR version < :version',
          ExpressionAttributeValues: { ':version': stored.version },
        }),
      ),
    );
    return stored;
  }
}
