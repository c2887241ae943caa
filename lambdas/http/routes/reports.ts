/** The weekly review's routes: the report (JSON, CSV, XLSX), the baselines, and the friction points. */
import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { isoWeekSchema } from '../../../shared/kpi/week.js';
import { captureBaseline, captureBaselineBody, requireTenantKey } from '../../app/reports/baseline.js';
import { postWeeklyDigest } from '../../app/reports/digest.js';
import { weeklyCsv } from '../../app/reports/csv.js';
import { frictionReport, frictionReportSchema } from '../../app/reports/friction.js';
import { partyReport } from '../../app/reports/party-scope.js';
import { baselineSchema } from '../../app/reports/ports.js';
import { weeklyReport } from '../../app/reports/weekly.js';
import { partyWeeklyReportSchema, weeklyReportSchema } from '../../app/reports/weekly-schema.js';
import { binaryResponse, textResponse } from '../apigw.js';
import { reply } from '../env.js';
import { JSON_HEADERS } from '../errors.js';
import { answer, defineRoute, type RouteEntry } from './define.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMATS = ['json', 'csv', 'xlsx'] as const;

export const weeklyQuery = z
  .object({
    week: isoWeekSchema,
    format: z.enum(FORMATS, { error: `format is one of: ${FORMATS.join(', ')} (json when left out)` }).default('json'),
    // The Freshservice app's request templates hand the page every answer as a string, which bytes would not survive.
    encoding: z
      .literal('base64', { error: 'encoding is base64 (with format=xlsx), or left out' })
      .optional()
      .describe('base64: the XLSX as base64 text (text/plain), for clients that only receive text, such as the Freshservice app'),
  })
  .strict()
  .refine((q) => q.encoding === undefined || q.format === 'xlsx', { path: ['encoding'], message: 'encoding=base64 applies to format=xlsx only' });

export const frictionQuery = z
  .object({
    weeks: z.coerce
      .number({ error: 'weeks is a whole number from 1 to 13' })
      .int('weeks is a whole number from 1 to 13')
      .min(1, 'weeks is a whole number from 1 to 13')
      .max(13, 'weeks is a whole number from 1 to 13')
      .default(4),
  })
  .strict();

/** A party-scoped key's party; null for a tenant-wide key. */
const partyOf = (scope: string): string | null => (scope.startsWith('party:') ? scope.slice('party:'.length) : null);

const download = (type: string, tenant: string, week: string, extension: string) => ({
  ...JSON_HEADERS,
  'content-type': type,
  // The tenant id is the key's own (letters, digits, "-" and "_"): nothing a header could be broken with.
  'content-disposition': `attachment; filename="baton-${tenant.replace(/[^A-Za-z0-9_-]/g, '_')}-${week}.${extension}"`,
});

const weekly = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'get',
    path: '/v1/reports/weekly',
    summary: 'The weekly co-managed ops review of an ISO week (the tenant’s time zone): KPIs, movement, targets, breaches, handoff quality, communication failures, friction; as JSON, CSV or XLSX. A party-scoped key gets its party’s figures only',
    request: { query: weeklyQuery },
    responses: {
      200: {
        description: 'The report: JSON (a tenant key’s, or a party key’s), CSV (long format: section, subject, party, measure, value) or the XLSX KPI and risk register',
        content: {
          'application/json': { schema: z.union([weeklyReportSchema, partyWeeklyReportSchema]) },
          'text/csv': { schema: z.string() },
          [XLSX]: { schema: z.string().meta({ format: 'binary' }) },
          'text/plain': { schema: z.string().meta({ contentEncoding: 'base64' }).describe('The XLSX as base64 (encoding=base64)') },
        },
      },
    },
  }),
  async handle(c) {
    const { week, format, encoding } = c.req.valid('query');
    const { key } = c.var;
    const party = partyOf(key.scope);
    const full = await weeklyReport({ deps: c.var.deps, service: c.var.service }, key.tenant, week, party ?? undefined);
    const report = party === null ? full : partyReport(full, party);
    if (format === 'csv') return textResponse(200, download('text/csv; charset=utf-8', key.tenant, week, 'csv'), weeklyCsv(report));
    if (format === 'xlsx') {
      // Only this path loads the XLSX writer (and exceljs with it).
      const { weeklyXlsx } = await import('../../app/reports/xlsx.js');
      const bytes = await weeklyXlsx(report);
      if (encoding === 'base64') return textResponse(200, { ...JSON_HEADERS, 'content-type': 'text/plain; charset=us-ascii' }, Buffer.from(bytes).toString('base64'));
      return binaryResponse(200, download(XLSX, key.tenant, week, 'xlsx'), bytes);
    }
    return reply(200, report);
  },
});

const captureBaselineRoute = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'post',
    path: '/v1/reports/baseline',
    summary: 'Capture the KPIs over [from, to) as the tenant’s next baseline version (a coordinator team member or an approver; a tenant key). Versions are kept, never overwritten; the latest is the current one',
    request: { body: { required: true, content: { 'application/json': { schema: captureBaselineBody } } } },
    responses: { 201: answer('The baseline captured', baselineSchema.meta({ id: 'Baseline' })) },
  }),
  async handle(c) {
    const baseline = await captureBaseline({ deps: c.var.deps, service: c.var.service }, c.var.key, c.req.valid('json'));
    return reply(201, baseline);
  },
});

const listBaselines = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'get',
    path: '/v1/reports/baseline',
    summary: 'Every baseline of the tenant, oldest first; `current` is the latest (a tenant key)',
    responses: { 200: answer('The baselines', z.object({ items: z.array(baselineSchema), current: z.number().int().nullable() })) },
  }),
  async handle(c) {
    requireTenantKey(c.var.key, 'reading the baselines');
    const items = await c.var.deps.reports.baselines(c.var.key.tenant);
    return reply(200, { items, current: items.at(-1)?.version ?? null });
  },
});

const friction = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'get',
    path: '/v1/reports/friction',
    summary: 'Matrix rules and incident types ranked by rework, overdue acknowledgements, silent transfers, not-our-scope rejections and breaches over the last `weeks` weeks, with runbooks, examples and draft proposals (a tenant key)',
    request: { query: frictionQuery },
    responses: { 200: answer('The friction points', frictionReportSchema) },
  }),
  async handle(c) {
    requireTenantKey(c.var.key, 'the friction report');
    return reply(200, await frictionReport({ deps: c.var.deps, service: c.var.service }, c.var.key.tenant, c.req.valid('query').weeks));
  },
});

export const digestBody = z
  .object({ week: isoWeekSchema.optional().describe('The ISO week to sum up; by default the last week that ended (in the tenant’s review time zone)') })
  .strict()
  .meta({ id: 'PostDigest' });

const deliveryOutcome = z.object({
  team: z.string().describe('The coordinator team whose channel it is ("*" for local mode’s notifications file)'),
  party: z.string(),
  channel: z.enum(['slack', 'teams', 'ticket-note', 'outbox-file']),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  sentAt: z.string().optional(),
  lastError: z.string().optional(),
});

export const digestOutcomeSchema = z
  .object({
    week: z.string(),
    status: z.enum(['posted', 'retrying', 'failed', 'in-progress', 'no-channels']),
    sentNow: z.number().int().describe('Channels this request posted to: 0 when the week’s digest had been posted already'),
    createdAt: z.string(),
    trigger: z.enum(['schedule', 'on-demand']),
    deliveries: z.array(deliveryOutcome),
  })
  .meta({ id: 'DigestOutcome' });

const digest = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'post',
    path: '/v1/reports/weekly/digest',
    summary: 'Post the week’s digest (the three KPIs, their movement, the worst breach, a link to the review) to both parties’ coordinator channels now, as the Monday schedule does; a week’s digest is posted once, and asking again only retries channels that failed (a tenant key)',
    request: { body: { required: false, content: { 'application/json': { schema: digestBody } } } },
    responses: { 200: answer('What was posted, channel by channel (never their addresses)', digestOutcomeSchema) },
  }),
  async handle(c) {
    requireTenantKey(c.var.key, 'posting the weekly digest');
    const { week } = c.req.valid('json');
    return reply(200, await postWeeklyDigest({ deps: c.var.deps, service: c.var.service }, c.var.key.tenant, { ...(week ? { week } : {}), trigger: 'on-demand' }));
  },
});

/** Served on AWS by the reports function (`servedBy` in the route table): a week's report reads more, and only it writes XLSX. */
export const routes: readonly RouteEntry[] = [weekly, digest, captureBaselineRoute, listBaselines, friction];
