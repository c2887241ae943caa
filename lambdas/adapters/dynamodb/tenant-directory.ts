/**
 * TenantDirectory on DynamoDB: one item per API key hash (its tenant, scope, label, creation time and any
 * expiry), and one entry per hash in a small registry partition that lists them; the key itself is never stored.
 */
import { BatchGetCommand, type BatchGetCommandOutput, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UNLABELLED } from '../../../shared/keys.js';
import * as z from 'zod';
import { ConflictError, NotFoundError } from '../../../shared/errors.js';
import { keyScopeSchema, type ApiKey, type Clock, type KeyRegistration, type TenantDirectory } from '../../../shared/ports.js';
import { systemClock } from '../clock.js';
import { isConditionFailure, storeCall } from './errors.js';
import { readItem } from './read-item.js';
import { keys, TTL_ATTRIBUTE } from './table.js';

/** A key's id: the first 8 hex digits of its hash (names the key in logs and in the audit trail, reveals nothing). */
export const keyId = (keyHash: string) => `key_${keyHash.slice(0, 8)}`;

/** BatchGetItem reads at most 100 keys a call. */
const BATCH = 100;

/** A key's item, checked when read; keys registered before scopes, labels, creation times or expiries act for their whole tenant, unlabelled, until revoked. */
const keyItemSchema = z.object({
  tenant: z.string().min(1),
  scope: keyScopeSchema.default('tenant'),
  label: z.string().default(UNLABELLED),
  createdAt: z.string().nullable().default(null),
  expiresAt: z.string().nullable().default(null),
});

/** A registry entry: the hash (its sort key) and the key's tenant. */
const registryEntrySchema = z.object({ sk: z.string(), tenant: z.string() });

/** A key item described; one stored before labels and creation times has neither. */
function described(keyHash: string, item: Record<string, unknown>): ApiKey {
  const { tenant, scope, label, createdAt, expiresAt } = readItem(keyItemSchema, item);
  return { id: keyId(keyHash), tenant, scope, label, createdAt, expiresAt };
}

export class DynamoDbTenantDirectory implements TenantDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Decides whether a key has expired (local mode's manual clock moves expiries with it). */
    private readonly clock: Clock = systemClock,
  ) {}

  async keyForHash(keyHash: string): Promise<ApiKey | null> {
    return storeCall('read api key', async () => {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.apiKey(keyHash), sk: 'KEY' } }));
      const key = Item ? described(keyHash, Item) : null;
      return key && this.works(key) ? key : null;
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
        // Registered before: its creation time stays (unknown, for a key from before they were kept); a key registered works until revoked.
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET #tenant = :tenant, #scope = :scope, #label = :label REMOVE #expiresAt, #ttl',
            ExpressionAttributeNames: { '#tenant': 'tenant', '#scope': 'scope', '#label': 'label', '#expiresAt': 'expiresAt', '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: { ':tenant': tenant, ':scope': scope, ':label': label },
          }),
        );
      }
    });
  }

  async list(): Promise<ApiKey[]> {
    const hashes = (await this.registered()).map((entry) => entry.sk);
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
      // A registry entry whose key item is gone (a revocation cut short) lists nothing: that key does not work; nor does an expired one.
      return found
        .filter((key) => this.works(key))
        .sort((a, b) => a.tenant.localeCompare(b.tenant) || (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id));
    });
  }

  async revoke(tenant: string, id: string): Promise<ApiKey> {
    const { hash, key } = await this.find(tenant, id);
    await this.delete(hash);
    return key;
  }

  async expire(tenant: string, id: string, at: string): Promise<ApiKey> {
    const { hash, key } = await this.find(tenant, id);
    if (!this.works(key)) throw new NotFoundError(`Tenant ${tenant} has no key ${id} that still works`, { tenant, keyId: id });
    // Never later than it already was: rotating a key twice does not lengthen the first overlap.
    const expiresAt = key.expiresAt !== null && key.expiresAt < at ? key.expiresAt : at;
    // The time-to-live lets DynamoDB remove both items some time after (within days); until then keyForHash refuses the key.
    const ttl = Math.ceil(Date.parse(expiresAt) / 1000);
    await storeCall('expire api key', async () => {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: keys.apiKey(hash), sk: 'KEY' },
          UpdateExpression: 'SET #expiresAt = :expiresAt, #ttl = :ttl',
          // Not recreated as a bare item should it have been revoked meanwhile, nor moved to another tenant.
          ConditionExpression: 'attribute_exists(pk) AND #tenant = :tenant',
          ExpressionAttributeNames: { '#expiresAt': 'expiresAt', '#ttl': TTL_ATTRIBUTE, '#tenant': 'tenant' },
          ExpressionAttributeValues: { ':expiresAt': expiresAt, ':ttl': ttl, ':tenant': tenant },
        }),
      );
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.apiKeyRegistry(hash), tenant, [TTL_ATTRIBUTE]: ttl } }));
    });
    return { ...key, expiresAt };
  }

  async revokeAllBut(keyHashes: ReadonlySet<string>): Promise<string[]> {
    const stale = (await this.registered()).map((entry) => entry.sk).filter((hash) => !keyHashes.has(hash));
    for (const hash of stale) await this.delete(hash);
    return stale.map(keyId);
  }

  private works(key: ApiKey): boolean {
    return key.expiresAt === null || Date.parse(key.expiresAt) > this.clock.now().getTime();
  }

  private async delete(keyHash: string): Promise<void> {
    await storeCall('revoke api key', async () => {
      // The key item first: once it is gone the key no longer works, whatever happens to its listing.
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: keys.apiKey(keyHash), sk: 'KEY' } }));
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.apiKeyRegistry(keyHash) }));
    });
  }

  /** The tenant's key with this id and its hash; a key of another tenant is not found, exactly like a key that never was. */
  private async find(tenant: string, id: string): Promise<{ hash: string; key: ApiKey }> {
    const notFound = () => new NotFoundError(`Tenant ${tenant} has no key ${id} (see: npm run tenant -- keys ${tenant})`, { tenant, keyId: id });
    const prefix = /^key_([0-9a-f]{8})$/.exec(id)?.[1];
    if (prefix === undefined) throw notFound();
    const hashes = (await this.registered(prefix)).filter((entry) => entry.tenant === tenant).map((entry) => entry.sk);
    // Two of a tenant's keys sharing 8 hex digits of their hashes: one chance in 4 billion per pair; refuse rather than guess.
    if (hashes.length > 1) throw new ConflictError(`Tenant ${tenant} has ${hashes.length} keys whose id is ${id}: revoke them by their keys instead`, { tenant, keyId: id });
    const hash = hashes[0];
    const key = hash === undefined ? null : await storeCall('read api key', async () => {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.apiKey(hash), sk: 'KEY' }, ConsistentRead: true }));
      return Item ? described(hash, Item) : null;
    });
    if (hash === undefined || key === null || key.tenant !== tenant) throw notFound();
    return { hash, key };
  }

  /** The registry's entries (those whose hash starts with `prefix`), including any whose key item a cut-short revocation already removed. */
  private async registered(prefix = ''): Promise<Array<z.infer<typeof registryEntrySchema>>> {
    return storeCall('list api keys', async () => {
      const entries: Array<z.infer<typeof registryEntrySchema>> = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            // A key condition cannot hold an empty string: no prefix, no begins_with.
            KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.apiKeyRegistry('').pk, ...(prefix ? { ':prefix': prefix } : {}) },
            ExclusiveStartKey: startKey,
          }),
        );
        entries.push(...(page.Items ?? []).map((item) => readItem(registryEntrySchema, item)));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return entries;
    });
  }
}
