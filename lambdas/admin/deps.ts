/** What the tenant administration commands work on: the stage's stores and Secrets Manager, and a clock. */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock, MatrixStore, TenantDirectory, TenantRegistry } from '../../shared/ports.js';
import { systemClock } from '../adapters/clock.js';
import { DynamoDbMatrixStore } from '../adapters/dynamodb/matrix-store.js';
import { DynamoDbTenantDirectory } from '../adapters/dynamodb/tenant-directory.js';
import { DynamoDbTenantRegistry } from '../adapters/dynamodb/tenant-registry.js';

export interface AdminDeps {
  tenants: TenantRegistry;
  keys: TenantDirectory;
  matrices: MatrixStore;
  secrets: SecretsManagerClient;
  /** Tenant `t`'s Freshservice connection is the secret `<prefix>t`; null when neither the outputs nor --secret-prefix gave one. */
  secretPrefix: string | null;
  clock: Clock;
  /** How the Freshservice check calls out (a test gives a stand-in). @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * The commands' dependencies on one table: the same DynamoDB adapters the functions use.
 * @example const deps = adminDeps({ client, tableName: 'baton-prod-table', secrets: new SecretsManagerClient({}), secretPrefix: 'baton/prod/freshservice/' });
 */
export function adminDeps(options: { client: DynamoDBDocumentClient; tableName: string; secrets: SecretsManagerClient; secretPrefix: string | null; clock?: Clock; fetch?: typeof fetch }): AdminDeps {
  const { client, tableName, clock = systemClock } = options;
  return {
    tenants: new DynamoDbTenantRegistry(client, tableName),
    keys: new DynamoDbTenantDirectory(client, tableName, clock),
    matrices: new DynamoDbMatrixStore(client, tableName),
    secrets: options.secrets,
    secretPrefix: options.secretPrefix,
    clock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
}
