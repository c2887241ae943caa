/**
 * Each tenant's Freshservice connection on AWS: the secret `<prefix><tenant>` in Secrets Manager holds
 * `{"domain": "acme.freshservice.com", "apiKey": "…"}`; a tenant without one has no connection.
 */
import * as z from 'zod';
import { UnavailableError } from '../../shared/errors.js';
import type { TicketSystem } from '../../shared/ports.js';
import { FreshserviceTicketSystem } from './freshservice.js';
import type { SecretCache } from './secrets.js';

/**
 * What the secret holds; `npm run tenant -- connect-freshservice` writes it with this schema too. The API
 * answers on the account's *.freshservice.com domain only (not a vanity CNAME), over https.
 * @example freshserviceConnectionSchema.parse({ domain: 'acme.freshservice.com', apiKey: '…' })
 */
export const freshserviceConnectionSchema = z.object({
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.freshservice\.com$/, 'write the account\'s *.freshservice.com domain, e.g. "acme.freshservice.com" (not a custom domain: the API answers on *.freshservice.com only)'),
  apiKey: z.string().min(1).max(256),
});

export class FreshserviceSecrets {
  /** The connection made from each tenant's secret, remade when the secret's value changes (rotation). */
  private readonly connections = new Map<string, { secret: string; tickets: TicketSystem }>();

  constructor(
    private readonly secrets: SecretCache,
    private readonly prefix: string,
  ) {}

  /**
   * The tenant's Freshservice, read when first asked for and cached with its secret (a few minutes).
   * @throws UnavailableError when Secrets Manager fails; Error naming the secret, never its value, when it is not `{domain, apiKey}`.
   * @example await new FreshserviceSecrets(cache, 'baton/freshservice/').ticketSystem('acme') // null without a secret
   */
  async ticketSystem(tenant: string): Promise<TicketSystem | null> {
    const name = `${this.prefix}${tenant}`;
    const secret = await this.secrets.get(name).catch((error: unknown) => {
      throw new UnavailableError(`The Freshservice connection of tenant ${tenant} cannot be read from Secrets Manager`, { tenant }, { cause: error });
    });
    if (secret === null) return null;
    const known = this.connections.get(tenant);
    if (known?.secret === secret) return known.tickets;
    const tickets = new FreshserviceTicketSystem(connectionOf(name, secret));
    this.connections.set(tenant, { secret, tickets });
    return tickets;
  }
}

/** The connection a secret describes; what is wrong is named by field (JSON.parse's own message would quote the secret). */
function connectionOf(name: string, secret: string): { baseUrl: string; apiKey: string } {
  let json: unknown;
  try {
    json = JSON.parse(secret);
  } catch {
    throw new Error(`The secret ${name} is not JSON; store {"domain": "<account>.freshservice.com", "apiKey": "<API key>"}`);
  }
  const parsed = freshserviceConnectionSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'secret'}: ${issue.message}`);
    throw new Error(`The secret ${name} is not a Freshservice connection (${problems.join('; ')})`);
  }
  return { baseUrl: `https://${parsed.data.domain}`, apiKey: parsed.data.apiKey };
}
