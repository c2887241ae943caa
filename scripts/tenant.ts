// `npm run tenant -- <command> …`: tenant administration against a deployed stage (its DynamoDB table and
// Secrets Manager). Exits 1 when a command fails (with the reason), 2 on a usage mistake; --help lists the commands.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runTenantCommand } from '../lambdas/admin/commands.js';
import { adminDeps } from '../lambdas/admin/deps.js';
import { STORE_CALL_BOUNDS } from '../lambdas/adapters/dynamodb/call-bounds.js';
import { ValidationError } from '../shared/errors.js';
import { USAGE, UsageError, parseTenantArguments, type TenantInvocation } from './tenant/arguments.js';
import { readSecret } from './tenant/read-secret.js';
import { resolveTarget } from './tenant/target.js';

let invocation: TenantInvocation | null;
try {
  invocation = parseTenantArguments(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (invocation === null) {
  console.log(USAGE);
  process.exit(0);
}

const { command, target } = invocation;
// The SDK finds credentials and the Region as the AWS CLI does; AWS_ENDPOINT_URL_DYNAMODB (a local table) is honoured by the SDK itself.
const region = target.region ? { region: target.region } : {};
try {
  const { tableName, secretPrefix, apiUrl } = await resolveTarget(target);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ ...region, ...STORE_CALL_BOUNDS.aws }), { marshallOptions: { removeUndefinedValues: true } });
  const deps = adminDeps({ client, tableName, secrets: new SecretsManagerClient(region), secretPrefix });
  console.log(await runTenantCommand(deps, command, { apiUrl, readApiKey: () => readSecret(process.stdin, 'Freshservice API key (not shown): ') }));
} catch (error) {
  const fields = error instanceof ValidationError ? error.fields.map((f) => `\n  ${f.path}: ${f.message}`).join('') : '';
  console.error(`npm run tenant: ${(error as Error).message}${fields}`);
  process.exit(1);
}
