/**
 * MatrixStore on DynamoDB: one immutable item per version, per tenant. The latest version item is the
 * active one, so storing version n + 1 (only if absent) is the whole activation: one conditional write,
 * never half done. (An ACTIVE pointer item written by earlier releases is no longer read.)
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { storedMatrixSchema, type MatrixStore, type MatrixVersionInfo, type StoredMatrix } from '../../../shared/ports.js';
import { storeCall } from './errors.js';
import { jsonAttribute, readItem } from './read-item.js';
import { keys } from './table.js';

const VERSION_IS_NEW = 'attribute_not_exists(sk)';
/** Every version item's sort key lies between these (V#000001 … V#999999). */
const FIRST = keys.matrixVersion(0);
const LAST = keys.matrixVersion(999_999);

/** A version item: the version as stored, and (since governed updates) the same without its document, for the history. */
const versionItemSchema = z.object({ matrix: jsonAttribute(storedMatrixSchema) });
const historyItemSchema = z.object({ sk: z.string(), meta: jsonAttribute(storedMatrixSchema.omit({ document: true })).optional() });

export class DynamoDbMatrixStore implements MatrixStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async active(tenant: string): Promise<StoredMatrix | null> {
    return storeCall('read matrix', async () => {
      const { Items } = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          ExpressionAttributeValues: { ':pk': keys.matrix(tenant), ':first': FIRST, ':last': LAST },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const item = Items?.[0];
      return item ? readItem(versionItemSchema, item).matrix : null;
    });
  }

  async version(tenant: string, version: number): Promise<StoredMatrix | null> {
    return storeCall('read matrix version', async () => {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.matrix(tenant), sk: keys.matrixVersion(version) }, ConsistentRead: true }));
      return Item ? readItem(versionItemSchema, Item).matrix : null;
    });
  }

  async activate(tenant: string, matrix: Omit<StoredMatrix, 'version' | 'basedOn'>, basedOn?: number): Promise<StoredMatrix> {
    const base = basedOn ?? (await this.active(tenant))?.version ?? 0;
    const stored: StoredMatrix = { ...matrix, version: base + 1, ...(base > 0 ? { basedOn: base } : {}) };
    const { document: _document, ...meta } = stored;
    // The version item is the lock and the activation: two activations of the same base cannot both win.
    await storeCall('activate matrix version', () =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: keys.matrix(tenant), sk: keys.matrixVersion(stored.version), version: stored.version, matrix: JSON.stringify(stored), meta: JSON.stringify(meta) },
          ConditionExpression: VERSION_IS_NEW,
        }),
      ),
    );
    return stored;
  }

  async versions(tenant: string): Promise<MatrixVersionInfo[]> {
    const history: MatrixVersionInfo[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await storeCall('list matrix versions', () =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
            // The documents stay behind: the history needs who, when and why.
            ProjectionExpression: 'pk, sk, meta',
            ExpressionAttributeValues: { ':pk': keys.matrix(tenant), ':first': FIRST, ':last': LAST },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of page.Items ?? []) {
        const { sk, meta } = readItem(historyItemSchema, item);
        if (meta) history.push(meta);
        else {
          // A version stored before governed updates has no `meta`: read it whole, once.
          const version = await this.version(tenant, Number(sk.slice(2)));
          if (version) history.push(withoutDocument(version));
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return history;
  }
}

function withoutDocument({ document: _document, ...meta }: StoredMatrix): MatrixVersionInfo {
  return meta;
}
