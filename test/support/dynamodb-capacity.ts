/**
 * The capacity a DynamoDB call consumes, as on-demand pricing bills it: the table's read or write units as dynalite
 * reports them (ReturnConsumedCapacity, from the item sizes), plus the writes to global secondary indexes, which
 * dynalite does not count. An index write is worked out from the item before and after the call, by DynamoDB's
 * rules: an item entering or leaving an index is one write, a changed index key is a delete and a put, a changed
 * projected attribute is one write; each of ceil(projected size / 1 KB) units.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import type { GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';

/** dynalite's own item size (DynamoDB's rules: names plus values), so table and index units agree. */
const { itemSize } = createRequire(import.meta.url)('dynalite/db/index.js') as { itemSize: (item: Item) => number };

type Item = Record<string, Record<string, unknown>>;

export interface CapacityModel {
  tableKeys: string[];
  indexes: GlobalSecondaryIndex[];
}

export interface CapacityUnits {
  read: number;
  write: number;
}

interface Measured {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  units: CapacityUnits;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const WITH_CAPACITY = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', ...WRITES]);

async function call(endpoint: string, headers: IncomingHttpHeaders, operation: string, input: unknown): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const answer = await fetch(endpoint, {
    method: 'POST',
    // The caller's Authorization names the access-key id the embedded store insists on; it checks no signature.
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}`, authorization: String(headers.authorization ?? ''), 'x-amz-date': String(headers['x-amz-date'] ?? '') },
    body: JSON.stringify(input),
  });
  const body = Buffer.from(await answer.arrayBuffer());
  const out: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection') out[name] = value;
  });
  return { status: answer.status, headers: out, body };
}

async function currentItem(endpoint: string, headers: IncomingHttpHeaders, tableName: unknown, key: Item): Promise<Item | undefined> {
  const { body } = await call(endpoint, headers, 'GetItem', { TableName: tableName, Key: key, ConsistentRead: true });
  return (JSON.parse(body.toString('utf8')) as { Item?: Item }).Item;
}

const pick = (item: Item, names: Iterable<string>): Item => Object.fromEntries([...names].filter((n) => n in item).map((n) => [n, item[n]!]));

/** The item as the index holds it, or undefined when the item is not in the index (a sparse index: both its keys set). */
function inIndex(model: CapacityModel, index: GlobalSecondaryIndex, item: Item | undefined): Item | undefined {
  const keys = (index.KeySchema ?? []).map((k) => k.AttributeName!);
  if (!item || !keys.every((k) => k in item)) return undefined;
  const projection = index.Projection;
  if (projection?.ProjectionType === 'ALL') return item;
  return pick(item, [...model.tableKeys, ...keys, ...(projection?.ProjectionType === 'INCLUDE' ? (projection.NonKeyAttributes ?? []) : [])]);
}

const writeUnits = (item: Item) => Math.max(1, Math.ceil(itemSize(item) / 1024));

/** Write units one write of an item costs in the indexes, from the item before and after it. */
export function indexWriteUnits(model: CapacityModel, before: Item | undefined, after: Item | undefined): number {
  let units = 0;
  for (const index of model.indexes) {
    const old = inIndex(model, index, before);
    const now = inIndex(model, index, after);
    const keys = (index.KeySchema ?? []).map((k) => k.AttributeName!);
    if (old && now) {
      if (JSON.stringify(pick(old, keys)) !== JSON.stringify(pick(now, keys))) units += writeUnits(old) + writeUnits(now);
      else if (JSON.stringify(old) !== JSON.stringify(now)) units += Math.max(writeUnits(old), writeUnits(now));
    } else if (old) units += writeUnits(old);
    else if (now) units += writeUnits(now);
  }
  return units;
}

/**
 * Passes the call to the embedded store asking it for its consumed capacity, and adds the index writes.
 * @returns the store's answer, to give the caller unchanged, and the units the call consumed
 */
export async function capacityOf(model: CapacityModel, request: { endpoint: string; headers: IncomingHttpHeaders; operation: string; input: Record<string, unknown> }): Promise<Measured> {
  const { endpoint, headers, operation, input } = request;
  const key = operation === 'PutItem' ? pick(input.Item as Item, model.tableKeys) : (input.Key as Item | undefined);
  const before = WRITES.has(operation) && key ? await currentItem(endpoint, headers, input.TableName, key) : undefined;
  const answer = await call(endpoint, headers, operation, WITH_CAPACITY.has(operation) ? { ...input, ReturnConsumedCapacity: 'TOTAL' } : input);
  const consumed = (JSON.parse(answer.body.toString('utf8') || '{}') as { ConsumedCapacity?: { CapacityUnits?: number } | Array<{ CapacityUnits?: number }> }).ConsumedCapacity;
  const tableUnits = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
  if (!WRITES.has(operation)) return { ...answer, units: { read: tableUnits, write: 0 } };
  // A refused conditional write still consumes write units (DynamoDB bills the attempt), and changes no index.
  const after = answer.status === 200 && key ? await currentItem(endpoint, headers, input.TableName, key) : before;
  return { ...answer, units: { read: 0, write: (answer.status === 200 ? tableUnits : before ? writeUnits(before) : 1) + indexWriteUnits(model, before, after) } };
}
