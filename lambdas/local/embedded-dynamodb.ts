/** The embedded DynamoDB (dynalite) on 127.0.0.1, with Baton's table created, reached by the real AWS SDK. */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import type { AddressInfo } from 'node:net';
import { tableDefinition } from '../adapters/dynamodb/table.js';

export interface EmbeddedDynamoDb {
  client: DynamoDBDocumentClient;
  endpoint: string;
  tableName: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite (in memory, or persisted under `path`) and makes sure the table exists.
 * @example const db = await startEmbeddedDynamoDb({ path: '.baton/dynamodb' });
 */
export async function startEmbeddedDynamoDb(options: { path?: string; tableName?: string } = {}): Promise<EmbeddedDynamoDb> {
  const server = dynalite({ ...(options.path ? { path: options.path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  // dynalite accepts any credentials; fixed ones keep the SDK from looking for real ones.
  const raw = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 2 });
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = options.tableName ?? 'baton';
  try {
    await raw.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
    await raw.send(new CreateTableCommand(tableDefinition(tableName)));
  }
  return {
    client,
    endpoint,
    tableName,
    close: async () => {
      raw.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
