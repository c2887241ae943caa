/** Local mode's configuration, from the environment, checked once at start. */
import { z } from 'zod';
import { isoInClockRange } from '../../shared/clock-range.js';
import { fieldIssues } from '../../shared/validation.js';

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
      if (!value?.trim()) return [];
      const entries = value.split(',').map((entry, i) => {
        const text = entry.trim();
        const colon = text.indexOf(':');
        const [tenant = '', party] = (colon < 0 ? text : text.slice(0, colon)).split('/');
        const key = colon < 0 ? '' : text.slice(colon + 1);
        const problem = !/^[A-Za-z0-9_-]{1,64}$/.test(tenant) || (party !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(party))
          ? 'write "tenant:key" (acts for anyone in the tenant) or "tenant/party:key" (only for members of that party\'s teams); ids are letters, digits, "-" or "_"'
          : key.includes(':')
            ? 'the key contains ":" (keys are one word of 16 to 256 characters without ":", "," or spaces)'
            : !/^[^\s,]{16,256}$/.test(key)
              ? 'the key is 16 to 256 characters without spaces (a longer one could never be sent in the Authorization header)'
              : null;
        if (problem) ctx.addIssue({ code: 'custom', message: `entry ${i + 1} ("${tenant}${party === undefined ? '' : `/${party}`}:…"): ${problem}` });
        return { tenant, key, ...(party === undefined ? {} : { party }) };
      });
      const seen = new Map<string, number>();
      entries.forEach(({ key }, i) => {
        const first = seen.get(key);
        if (first !== undefined && key !== '') ctx.addIssue({ code: 'custom', message: `entries ${first + 1} and ${i + 1} give the same key; each key belongs to one tenant` });
        if (first === undefined) seen.set(key, i);
      });
      return entries;
    }),
  /** "tenant:secret" entries: each tenant's Freshservice webhook secret (a tenant without one gets a generated one). */
  BATON_WEBHOOK_SECRETS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value?.trim()) return {};
      const secrets: Record<string, string> = {};
      value.split(',').forEach((entry, i) => {
        const text = entry.trim();
        const colon = text.indexOf(':');
        const tenant = colon < 0 ? text : text.slice(0, colon);
        const secret = colon < 0 ? '' : text.slice(colon + 1);
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(tenant) || !/^[^\s,:]{16,256}$/.test(secret) || Object.hasOwn(secrets, tenant)) {
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

export type LocalConfig = z.output<typeof envSchema>;

/** @throws Error naming every bad variable. */
export function readLocalConfig(env: NodeJS.ProcessEnv): LocalConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration:\n${fieldIssues(parsed.error).map((f) => `  ${f.path}: ${f.message}`).join('\n')}`);
  }
  return parsed.data;
}
