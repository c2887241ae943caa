/**
 * TenantDirectory on DynamoDB: one item per API key hash (its tenant, scope, label and creation time), and
 * one entry per hash in a small registry partition that lists them; the key itself is never stored.
 */
import { BatchGetCommand, type BatchGetCommandOutput, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UNLABELLED } from '../../../shared/keys.js';
import { z } from 'zod';
import { keyScopeSchema, type ApiKey, type KeyRegistration, type TenantDirectory } from '../../../shared/ports.js';
import { isConditionFailure, storeCall } from './errors.js';
import { readItem } from './read-item.js';
import { keys } from './table.js';

/** A key's id: the first 8 hex digits of its hash (names the key in logs and in the audit trail, reveals nothing). */
export const keyId = (keyHash: string) => `key_${keyHash.slice(0, 8)}`;

/** BatchGetItem reads at most 100 keys a call. */
const BATCH = 100;

/** A key item described; one stored before labels and creation times has neither. */
function described(keyHash: string, item: Record<string, unknown>): ApiKey {
  const { tenant, scope, label, createdAt } = readItem(keyItemSchema, item);
  return { id: keyId(keyHash), tenant, scope, label, createdAt };
}

/** A key's item, checked when read; keys registered before scopes, labels or creation times act for their whole tenant, unlabelled. */
const keyItemSchema = z.object({
  tenant: z.string().min(1),
  scope: keyScopeSchema.default('tenant'),
  label: z.string().default(UNLABELLED),
  createdAt: z.string().nullable().default(null),
});

export class DynamoDbTenantDirectory implements TenantDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async keyForHash(keyHash: string): Promise<ApiKey | null> {
    return storeCall('read api key', async () => {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.apiKey(keyHash), sk: 'KEY' } }));
      return Item ? described(keyHash, Item) : null;
    });
  }

  async register(keyHash: string, { tenant, scope, label, at }: KeyRegistration): Promise<void> {
    await storeCall('register api key', async () => {
      // The registry entry first: a key that works is always listed, so it can always be revoked.
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.apiKeyRegistry(keyHash), tenant } }));
      const key = { pk: keys.apiKey(keyHash), sk: 'KEY' };
      try {
        await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...key, tenant, scope, label, createdAt: at }, ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        // Registered before: its creation time stays (unknown, for a key from before they were kept).
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET #tenant = :tenant, #scope = :scope, #label = :label',
            ExpressionAttributeNames: { '#tenant': 'tenant', '#scope': 'scope', '#label': 'label' },
            ExpressionAttributeValues: { ':tenant': tenant, ':scope': scope, ':label': label },
          }),
        );
      }
    });
  }

  async list(): Promise<ApiKey[]> {
    const hashes = await this.registered();
    return storeCall('list api keys', async () => {
      const found: ApiKey[] = [];
      for (let i = 0; i < hashes.length; i += BATCH) {
        let wanted: Record<string, unknown>[] | undefined = hashes.slice(i, i + BATCH).map((hash) => ({ pk: keys.apiKey(hash), sk: 'KEY' }));
        while (wanted && wanted.length > 0) {
          const page: BatchGetCommandOutput = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: wanted } } }));
          for (const item of page.Responses?.[this.tableName] ?? []) found.push(described((item.pk as string).slice(keys.apiKey('').length), item));
          wanted = page.UnprocessedKeys?.[this.tableName]?.Keys;
        }
      }
      // A registry entry whose key item is gone (a revocation cut short) lists nothing: that key does not work.
      return found.sort((a, b) => a.tenant.localeCompare(b.tenant) || (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id));
    });
  }

  async revoke(keyHash: string): Promise<void> {
    await storeCall('revoke api key', async () => {
      // The key item first: once it is gone the key no longer works, whatever happens to its listing.
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: keys.apiKey(keyHash), sk: 'KEY' } }));
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.apiKeyRegistry(keyHash) }));
    });
  }

  async revokeAllBut(keyHashes: ReadonlySet<string>): Promise<string[]> {
    const stale = (await this.registered()).filter((hash) => !keyHashes.has(hash));
    for (const hash of stale) await this.revoke(hash);
    return stale.map(keyId);
  }

  /** Every hash in the registry, including any whose key item a cut-short revocation already removed. */
  private async registered(): Promise<string[]> {
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
}
