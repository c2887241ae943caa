/** The embedded DynamoDB (dynalite) on 127.0.0.1, with Baton's table created, reached by the real AWS SDK. */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { STORE_CALL_BOUNDS } from '../adapters/dynamodb/call-bounds.js';
import { tableDefinition } from '../adapters/dynamodb/table.js';
import { listenDynalite, type DynaliteHostOptions } from './dynalite-host.mjs';

export interface EmbeddedDynamoDb {
  client: DynamoDBDocumentClient;
  endpoint: string;
  tableName: string;
  /**
   * This start's credentials: the server refuses (403) any request signed with another access-key id.
   * Another SDK client of this store (a test of the AWS wiring) is given them; never log them.
   */
  credentials: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

interface Host {
  port: number;
  close(): Promise<void>;
}

async function inProcess(options: DynaliteHostOptions): Promise<Host> {
  const server = await listenDynalite(options);
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function onWorkerThread(options: DynaliteHostOptions): Promise<Host> {
  const worker = new Worker(new URL('./dynalite-worker.mjs', import.meta.url), { workerData: options });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { port?: number; error?: string }) => (message.port ? resolve(message.port) : reject(new Error(message.error))));
  });
  return {
    port,
    close: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('message', resolve));
      await worker.terminate();
    },
  };
}

/**
 * A DynamoDB client of a dynalite at `endpoint` that answers only `credentials`' access-key id. dynalite
 * checks the access-key id but no signature: a pass-through signer that only names the key saves the SigV4
 * hashing that would otherwise cost a third of each request's CPU. The client's own work is much of a local
 * request's CPU, so it is trimmed further: the endpoint is fixed instead of evaluated by the endpoint rules
 * on every call, and the user-agent and recursion-detection headers, which only AWS reads, are not built.
 * @example const raw = embeddedClient('http://127.0.0.1:4567', { accessKeyId, secretAccessKey: 'unused' });
 */
export function embeddedClient(endpoint: string, credentials: EmbeddedDynamoDb['credentials']): DynamoDBClient {
  const authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0`;
  const url = new URL(endpoint);
  const raw = new DynamoDBClient({
    endpoint,
    endpointProvider: () => ({ url }),
    region: 'local',
    credentials,
    signer: {
      sign: async (request) => {
        request.headers.authorization = authorization;
        request.headers['x-amz-date'] = '20260101T000000Z';
        return request;
      },
    },
    ...STORE_CALL_BOUNDS.embedded,
  });
  for (const name of ['getUserAgentMiddleware', 'recursionDetectionMiddleware']) raw.middlewareStack.remove(name);
  return raw;
}

/**
 * Starts dynalite (in memory, or persisted under `path`) and makes sure the table exists. With
 * `thread`, dynalite runs on a worker thread (npm start); otherwise in this event loop (tests).
 * @example const db = await startEmbeddedDynamoDb({ path: '.baton/dynamodb', thread: true });
 */
export async function startEmbeddedDynamoDb(options: { path?: string; tableName?: string; thread?: boolean } = {}): Promise<EmbeddedDynamoDb> {
  // A new access-key id each start, known only to this process: the port answers nothing without it.
  const credentials = { accessKeyId: `local${randomBytes(16).toString('hex')}`, secretAccessKey: 'unused-by-dynalite' };
  const hostOptions = { ...(options.path ? { path: options.path } : {}), accessKeyId: credentials.accessKeyId };
  const host = options.thread ? await onWorkerThread(hostOptions) : await inProcess(hostOptions);
  const endpoint = `http://127.0.0.1:${host.port}`;
  const raw = embeddedClient(endpoint, credentials);
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = options.tableName ?? 'baton';
  const close = async () => {
    raw.destroy();
    await host.close();
  };
  try {
    const definition = tableDefinition(tableName);
    const existing = await raw.send(new DescribeTableCommand({ TableName: tableName })).catch(async (error: unknown) => {
      if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
      await raw.send(new CreateTableCommand(definition));
      return undefined;
    });
    // A data folder from an earlier version may lack an index added since (dynalite cannot add one to a stored table).
    const present = new Set(existing?.Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName));
    const missing = existing ? (definition.GlobalSecondaryIndexes ?? []).filter((i) => !present.has(i.IndexName)).map((i) => i.IndexName) : [];
    if (missing.length > 0) {
      throw new Error(`This data folder was made by an older Baton: its table has no ${missing.join(', ')} index. Start with another BATON_DATA_DIR (or remove this one).`);
    }
    await untilActive(raw, tableName);
  } catch (error) {
    // A worker thread left running would keep the process alive after the error.
    await close();
    throw error;
  }
  return { client, endpoint, tableName, credentials, close };
}

/**
 * dynalite answers CreateTable and UpdateTable before the table and its indexes can be used (until then it answers
 * ResourceNotFoundException): wait for ACTIVE.
 * @example await client.send(new CreateTableCommand(tableDefinition('other'))); await untilActive(client, 'other');
 */
export async function untilActive(client: Pick<DynamoDBClient, 'send'>, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE' && (Table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE')) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`The embedded table ${tableName} did not become active`);
}
