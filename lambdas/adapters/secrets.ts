/** Secrets from AWS Secrets Manager, cached for a few minutes per container; values are never logged. */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const TTL_MS = 5 * 60_000;

export class SecretCache {
  private readonly cache = new Map<string, { value: string | null; until: number }>();

  constructor(private readonly client: SecretsManagerClient) {}

  /** The secret's string, or null when it does not exist. */
  async get(secretId: string, now = performance.now()): Promise<string | null> {
    const hit = this.cache.get(secretId);
    if (hit && hit.until > now) return hit.value;
    let value: string | null;
    try {
      value = (await this.client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString ?? null;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
      value = null;
    }
    this.cache.set(secretId, { value, until: now + TTL_MS });
    return value;
  }
}
