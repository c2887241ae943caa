/** TenantDirectory on DynamoDB: one item per API key hash; the key itself is never stored. */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TenantDirectory } from '../../../shared/ports.js';
import { storeCall } from './errors.js';
import { keys } from './table.js';

export class DynamoDbTenantDirectory implements TenantDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async tenantForKeyHash(keyHash: string): Promise<string | null> {
    return storeCall('read api key', async () => {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.apiKey(keyHash), sk: 'KEY' } }));
      return (Item?.tenant as string | undefined) ?? null;
    });
  }

  async register(tenant: string, keyHash: string): Promise<void> {
    await storeCall('register api key', () =>
      this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: keys.apiKey(keyHash), sk: 'KEY', tenant } })),
    );
  }
}
