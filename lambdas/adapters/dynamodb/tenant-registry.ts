/** TenantRegistry on DynamoDB: one item per tenant, all in one small partition, so listing them is one query. */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../../shared/errors.js';
import { tenantRecordSchema, type TenantRecord, type TenantRegistry } from '../../../shared/ports.js';
import { storeCall } from './errors.js';
import { readItem } from './read-item.js';
import { keys } from './table.js';

export class DynamoDbTenantRegistry implements TenantRegistry {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: TenantRecord): Promise<void> {
    await storeCall(
      'create tenant',
      () => this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.tenant(record.tenant), ...record }, ConditionExpression: 'attribute_not_exists(pk)' })),
      () => {
        throw new ConflictError(`Tenant ${record.tenant} exists already: choose another id, or give it keys with add-key`, { tenant: record.tenant });
      },
    );
  }

  async get(tenant: string): Promise<TenantRecord | null> {
    return storeCall('read tenant', async () => {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.tenant(tenant), ConsistentRead: true }));
      return Item ? readItem(tenantRecordSchema, Item) : null;
    });
  }

  async list(): Promise<TenantRecord[]> {
    return storeCall('list tenants', async () => {
      const records: TenantRecord[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.tenant('').pk }, ExclusiveStartKey: startKey }),
        );
        records.push(...(page.Items ?? []).map((item) => readItem(tenantRecordSchema, item)));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return records;
    });
  }
}
