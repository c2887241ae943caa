/**
 * TenantDirectory on DynamoDB: one item per API key hash, and one entry per hash in a small registry
 * partition that lists them (for revocation); the key itself is never stored.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { keyScopeSchema, type ApiKey, type KeyScope, type TenantDirectory } from '../../../shared/ports.js';
import { storeCall } from './errors.js';
import { readItem } from './read-item.js';
import { keys } from './table.js';

/** A key's id: the first 8 hex digits of its hash (names the key in logs and in the audit trail, reveals nothing). */
export const keyId = (keyHash: string) => `key_${keyHash.slice(0, 8)}`;

/** A key's item; keys registered before scopes existed have none, and act for their whole tenant. */
const keyItemSchema = z.object({ tenant: z.string().min(1), scope: keyScopeSchema.default('tenant') });

export class DynamoDbTenantDirectory implements TenantDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async keyForHash(keyHash: string): Promise<ApiKey | null> {
    return storeCall('read api key', async () => {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.apiKey(keyHash), sk: 'KEY' } }));
      if (!Item) return null;
      const { tenant, scope } = readItem(keyItemSchema, Item);
      return { id: keyId(keyHash), tenant, scope };
    });
  }

  async register(tenant: string, keyHash: string, scope: KeyScope): Promise<void> {
    await storeCall('register api key', async () => {
      // The registry entry first: a key that works is always listed, so it can always be revoked.
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.apiKeyRegistry(keyHash), tenant } }));
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: keys.apiKey(keyHash), sk: 'KEY', tenant, scope } }));
    });
  }

  async list(): Promise<string[]> {
    return storeCall('list api keys', async () => {
      const hashes: string[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.apiKeyRegistry('').pk }, ExclusiveStartKey: startKey }),
        );
        hashes.push(...(page.Items ?? []).map((item) => item.sk as string));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return hashes;
    });
  }

  async revoke(keyHash: string): Promise<void> {
    await storeCall('revoke api key', async () => {
      // The key item first: once it is gone the key no longer works, whatever happens to its listing.
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: keys.apiKey(keyHash), sk: 'KEY' } }));
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.apiKeyRegistry(keyHash) }));
    });
  }
}
