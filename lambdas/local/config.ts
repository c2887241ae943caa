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
  /** "tenant:key" pairs, comma-separated; keys at least 16 characters. */
  BATON_API_KEYS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value?.trim()) return [];
      return value.split(',').map((pair) => {
        const [tenant, key] = pair.trim().split(':');
        if (!tenant || !key || !/^[A-Za-z0-9_-]{1,64}$/.test(tenant) || key.length < 16) {
          ctx.addIssue({ code: 'custom', message: 'Use "tenant:key" pairs; tenant is letters, digits, "-" or "_", key at least 16 characters' });
        }
        return { tenant: tenant ?? '', key: key ?? '' };
      });
    }),
  BATON_WEBHOOK_SECRET: z.string().min(16, 'At least 16 characters').optional(),
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
