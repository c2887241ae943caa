/** Local mode's configuration, from the environment, checked once at start. */
import * as z from 'zod';
import { isoInClockRange } from '../../shared/clock-range.js';
import { keyLabel } from '../../shared/keys.js';
import { fieldIssues } from '../../shared/validation.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** What fits a bearer header and a "tenant:secret" list: one word of 16 to 256 characters. */
const SECRET = /^[^\s,:]{16,256}$/;

/** The labels of keys and secrets configured without one. */
export const DEFAULT_LABELS = { apiKey: 'tenant key from BATON_API_KEYS', demoKey: 'generated demo key', webhookSecret: 'webhook secret' } as const;

interface Entry {
  tenant: string;
  party?: string;
  secret: string;
  /** The label, checked; absent when the entry gives none. */
  label?: string;
  /** Why the label was refused, if it was. */
  labelProblem?: string;
}

/**
 * "tenant[/party]:secret[ label]" entries, comma-separated: a secret keeps any further ":" (for the caller
 * to refuse); whatever follows it after white space is the label (a secret never holds white space, so
 * every list written before labels reads as it did).
 */
function splitEntries(value: string | undefined): Entry[] {
  if (!value?.trim()) return [];
  return value.split(',').map((entry) => {
    const text = entry.trim();
    const colon = text.indexOf(':');
    const [tenant = '', party] = (colon < 0 ? text : text.slice(0, colon)).split('/');
    const [secret = '', label] = colon < 0 ? [''] : splitOnce(text.slice(colon + 1));
    const checked = label === undefined ? undefined : keyLabel.safeParse(label);
    return {
      tenant,
      ...(party === undefined ? {} : { party }),
      secret,
      ...(checked?.success ? { label: checked.data } : {}),
      ...(checked && !checked.success ? { labelProblem: checked.error.issues.map((i) => i.message).join('; ') } : {}),
    };
  });
}

/** "secret label words" → ["secret", "label words"]; a lone word has no label. */
function splitOnce(text: string): [string, string?] {
  const space = text.search(/\s/);
  return space < 0 ? [text] : [text.slice(0, space), text.slice(space + 1)];
}

/** What is wrong with an entry, naming the entry and never the secret. */
const entryIssue = (i: number, entry: Pick<Entry, 'tenant' | 'party'>, problem: string) => `entry ${i + 1} ("${entry.tenant}${entry.party === undefined ? '' : `/${entry.party}`}:…"): ${problem}`;

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
  /**
   * "tenant:key" or "tenant/party:key" entries, comma-separated, each optionally followed by a space and its
   * label: the whole set of keys that work (others are revoked at start).
   */
  BATON_API_KEYS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const entries = splitEntries(value);
      entries.forEach((entry, i) => {
        const { tenant, party, secret } = entry;
        const problem = !ID.test(tenant) || (party !== undefined && !ID.test(party))
          ? 'write "tenant:key" (acts for anyone in the tenant) or "tenant/party:key" (only for members of that party\'s teams), then optionally a space and a label; ids are letters, digits, "-" or "_"'
          : secret.includes(':')
            ? 'the key contains ":" (keys are one word of 16 to 256 characters without ":", "," or spaces)'
            : !SECRET.test(secret)
              ? 'the key is 16 to 256 characters without spaces (a longer one could never be sent in the Authorization header)'
              : entry.labelProblem !== undefined
                ? `${entry.labelProblem} (the label follows the key after a space, up to the next ",")`
                : null;
        if (problem) ctx.addIssue({ code: 'custom', message: entryIssue(i, entry, problem) });
      });
      return entries.map(({ tenant, party, secret, label }) => ({ tenant, key: secret, ...(party === undefined ? {} : { party }), label: label ?? DEFAULT_LABELS.apiKey }));
    }),
  /** "tenant:secret[ label]" entries: each tenant's Freshservice webhook secret (a tenant without one gets a generated one). */
  BATON_WEBHOOK_SECRETS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const secrets: Record<string, { secret: string; label: string }> = {};
      splitEntries(value).forEach((entry, i) => {
        const { tenant, party, secret, label } = entry;
        if (!ID.test(tenant) || party !== undefined || !SECRET.test(secret) || Object.hasOwn(secrets, tenant)) {
          ctx.addIssue({ code: 'custom', message: entryIssue(i, { tenant }, 'write "tenant:secret", one per tenant, the secret 16 to 256 characters without ":" or spaces, then optionally a space and a label') });
        } else if (entry.labelProblem !== undefined) {
          ctx.addIssue({ code: 'custom', message: entryIssue(i, entry, entry.labelProblem) });
        }
        secrets[tenant] = { secret, label: label ?? DEFAULT_LABELS.webhookSecret };
      });
      return secrets;
    }),
  /** The FDK stand-in's request-template quota (the platform's is 50 a minute per account). */
  BATON_APP_CALLS_PER_MINUTE: z.coerce.number().int('A whole number of calls').min(1, 'At least 1 call a minute').max(100_000).default(50),
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
    ...Object.entries(config.BATON_WEBHOOK_SECRETS).map(([tenant, { secret }]) => [secret, `BATON_WEBHOOK_SECRETS "${tenant}"`] as const),
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
