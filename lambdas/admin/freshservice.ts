/**
 * `connect-freshservice <tenant> --domain x.freshservice.com`: the tenant's Freshservice connection, written to
 * the secret `<prefix><tenant>` in the shape the functions read (one schema, in freshservice-secrets.ts).
 */
import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ValidationError } from '../../shared/errors.js';
import { fieldIssues } from '../../shared/validation.js';
import { failureReason } from '../adapters/fetch-failure.js';
import { freshserviceConnectionSchema } from '../adapters/freshservice-secrets.js';
import type { AdminDeps } from './deps.js';
import { requireTenant } from './require-tenant.js';

const CHECK_TIMEOUT_MS = 10_000;
const CHECK_PATH = '/api/v2/agents/me';

/**
 * Asks Freshservice who the key belongs to; refuses a key it rejects or an account that does not answer.
 * @throws ValidationError when Freshservice answers 401 or 403; Error for any other answer or no answer
 */
export async function checkFreshserviceKey(connection: { domain: string; apiKey: string }, fetchImpl: typeof fetch = fetch): Promise<void> {
  let status: number;
  try {
    const response = await fetchImpl(`https://${connection.domain}${CHECK_PATH}`, {
      headers: { authorization: `Basic ${Buffer.from(`${connection.apiKey}:X`).toString('base64')}`, accept: 'application/json' },
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    });
    status = response.status;
    await response.body?.cancel();
  } catch (error) {
    throw new Error(`${connection.domain} did not answer GET ${CHECK_PATH} (${failureReason(error, CHECK_TIMEOUT_MS)}): nothing was stored`, { cause: error });
  }
  if (status === 401 || status === 403) {
    throw new ValidationError(`Freshservice at ${connection.domain} refused this API key (${status} to GET ${CHECK_PATH}): nothing was stored`, [{ path: 'apiKey', message: 'Freshservice refused it' }]);
  }
  if (status < 200 || status > 299) throw new Error(`Freshservice at ${connection.domain} answered ${status} to GET ${CHECK_PATH}: nothing was stored (leave out --check to store the key unchecked)`);
}

/**
 * Creates the secret, or puts a new version of it when it exists; with `check`, asks Freshservice first.
 * The API key is read (stdin) only once the tenant and the secret's name are known.
 * The API key appears in no output and no error.
 * @example await connectFreshservice(deps, { tenant: 'acme', domain: 'acme.freshservice.com', check: true, readApiKey: () => readSecret(process.stdin) })
 */
export async function connectFreshservice(deps: AdminDeps, input: { tenant: string; domain: string; check: boolean; readApiKey(): Promise<string> }): Promise<string> {
  const { tenant } = input;
  await requireTenant(deps, tenant);
  if (deps.secretPrefix === null) {
    throw new Error('Which secret? Give --stage (its outputs name the prefix) or --secret-prefix baton/<stage>/freshservice/');
  }
  const parsed = freshserviceConnectionSchema.safeParse({ domain: input.domain, apiKey: await input.readApiKey() });
  if (!parsed.success) throw new ValidationError('The Freshservice connection is not valid (nothing was stored)', fieldIssues(parsed.error));
  const connection = parsed.data;
  if (input.check) await checkFreshserviceKey(connection, deps.fetch);

  const name = `${deps.secretPrefix}${tenant}`;
  const value = JSON.stringify(connection);
  let created = true;
  try {
    await deps.secrets.send(new CreateSecretCommand({ Name: name, SecretString: value, Description: `Baton: the Freshservice connection of tenant ${tenant} ({domain, apiKey})` }));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceExistsException')) throw secretsError(name, error);
    created = false;
    await deps.secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: value })).catch((e: unknown) => {
      throw secretsError(name, e);
    });
  }
  return [
    `Stored tenant ${tenant}'s Freshservice connection (${connection.domain}${input.check ? ', its API key accepted by Freshservice' : ''}) ${created ? 'in the new secret' : 'as a new version of the secret'} ${name}.`,
    'The functions use it within 5 minutes: each remembers a secret it has read (or found missing) for 5 minutes.',
  ].join('\n');
}

/** Secrets Manager's refusal, named; its messages name the secret, never its value. */
function secretsError(name: string, error: unknown): Error {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new Error(`Secrets Manager did not store ${name} (${what})`, { cause: error });
}
