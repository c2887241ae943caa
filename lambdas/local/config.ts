/** Local mode's configuration, from the environment, checked once at start. */
import { z } from 'zod';
import { isoInClockRange } from '../../shared/clock-range.js';
import { fieldIssues } from '../../shared/validation.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** What fits a bearer header and a "tenant:secret" list: one word of 16 to 256 characters. */
const SECRET = /^[^\s,:]{16,256}$/;

/** "tenant[/party]:secret" entries, comma-separated; a secret keeps any further ":" (for the caller to refuse). */
function splitEntries(value: string | undefined): Array<{ tenant: string; party?: string; secret: string }> {
  if (!value?.trim()) return [];
  return value.split(',').map((entry) => {
    const text = entry.trim();
    const colon = text.indexOf(':');
    const [tenant = '', party] = (colon < 0 ? text : text.slice(0, colon)).split('/');
    return { tenant, ...(party === undefined ? {} : { party }), secret: colon < 0 ? '' : text.slice(colon + 1) };
  });
}

const envSchema = z.object({
  BATON_PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  BATON_DATA_DIR: z.string().min(1).default('.baton'),
  BATON_MATRIX: z.string().min(1).optional(),
  BATON_CLOCK: z.enum(['system', 'manual']).default('system'),
  /** Start of the manual clock (default: now); a data folder with later commits resumes after them instead. */
  BATON_CLOCK_START: z.iso
    .datetime({ offset: true, error: 'Use an ISO date-time, e.g. 2026-11-30T09:00:00Z' })
    .refine(isoInClockRange, { message: 'Use a time in the years 2000–2100', when: (payload) => payload.issues.length === 0 })
    .optional(),
  /** "tenant:key" or "tenant/party:key" entries, comma-separated: the whole set of keys that work (others are revoked at start). */
  BATON_API_KEYS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const entries = splitEntries(value);
      entries.forEach(({ tenant, party, secret }, i) => {
        const problem = !ID.test(tenant) || (party !== undefined && !ID.test(party))
          ? 'write "tenant:key" (acts for anyone in the tenant) or "tenant/party:key" (only for members of that party\'s teams); ids are letters, digits, "-" or "_"'
          : secret.includes(':')
            ? 'the key contains ":" (keys are one word of 16 to 256 characters without ":", "," or spaces)'
            : !SECRET.test(secret)
              ? 'the key is 16 to 256 characters without spaces (a longer one could never be sent in the Authorization header)'
              : null;
        if (problem) ctx.addIssue({ code: 'custom', message: `entry ${i + 1} ("${tenant}${party === undefined ? '' : `/${party}`}:…"): ${problem}` });
      });
      return entries.map(({ tenant, party, secret }) => ({ tenant, key: secret, ...(party === undefined ? {} : { party }) }));
    }),
  /** "tenant:secret" entries: each tenant's Freshservice webhook secret (a tenant without one gets a generated one). */
  BATON_WEBHOOK_SECRETS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const secrets: Record<string, string> = {};
      splitEntries(value).forEach(({ tenant, party, secret }, i) => {
        if (!ID.test(tenant) || party !== undefined || !SECRET.test(secret) || Object.hasOwn(secrets, tenant)) {
          ctx.addIssue({ code: 'custom', message: `entry ${i + 1} ("${tenant}:…"): write "tenant:secret", one per tenant, the secret 16 to 256 characters without ":" or spaces` });
        }
        secrets[tenant] = secret;
      });
      return secrets;
    }),
  BATON_SLACK_TOKEN: z.string().min(1).optional(),
  BATON_SLACK_API_URL: z.url().optional(),
  BATON_FRESHSERVICE_URL: z.url().optional(),
  BATON_FRESHSERVICE_API_KEY: z.string().min(1).optional(),
});

/** Every key and webhook secret is one credential: given twice, one would silently take the other's tenant or scope. */
const checkedEnvSchema = envSchema.superRefine((config, ctx) => {
  const seen = new Map<string, string>();
  const credentials = [
    ...config.BATON_API_KEYS.map((k, i) => [k.key, `BATON_API_KEYS entry ${i + 1}`] as const),
    ...Object.entries(config.BATON_WEBHOOK_SECRETS).map(([tenant, secret]) => [secret, `BATON_WEBHOOK_SECRETS "${tenant}"`] as const),
  ];
  for (const [secret, where] of credentials) {
    const first = seen.get(secret);
    if (first !== undefined && secret !== '') ctx.addIssue({ code: 'custom', path: ['BATON_API_KEYS'], message: `${first} and ${where} give the same secret; each key or secret is one tenant's, for one use` });
    if (first === undefined) seen.set(secret, where);
  }
});

export type LocalConfig = z.output<typeof checkedEnvSchema>;

/** @throws Error naming every bad variable. */
export function readLocalConfig(env: NodeJS.ProcessEnv): LocalConfig {
  const parsed = checkedEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration:\n${fieldIssues(parsed.error).map((f) => `  ${f.path}: ${f.message}`).join('\n')}`);
  }
  return parsed.data;
}
