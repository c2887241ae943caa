/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
import { z } from 'zod';
import {
  actorOnlyBody,
  devClockBody,
  freshserviceWebhookBody,
  openEscalationBody,
  pauseBody,
  reclassifyBody,
  rejectHandoffBody,
  requestHandoffBody,
  resolveBody,
  listEscalationsQuery,
  timelineQuery,
} from '../../shared/api/schemas.js';
import { escalationSummarySchema } from '../../shared/escalation/summary.js';
import { escalationViewSchema, handoffViewSchema, timelineEntrySchema } from '../../shared/escalation/view.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
const out = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' });

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { enum: ['validation', 'unauthorized', 'forbidden', 'not_found', 'method_not_allowed', 'conflict', 'payload_too_large', 'unsupported_media_type', 'internal', 'unavailable'] },
        message: { type: 'string' },
        fields: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const content = (s: object) => ({ 'application/json': { schema: s } });
const errors = {
  '400': { description: 'Invalid input; `fields` names each bad field', content: content(ref('Error')) },
  '401': { description: 'Missing or wrong API key', content: content(ref('Error')) },
  '403': { description: 'The actor is not in the team that must act', content: content(ref('Error')) },
  '404': { description: 'No such escalation (or another tenant’s)', content: content(ref('Error')) },
  '409': { description: 'Clashes with the current state', content: content(ref('Error')) },
};
const ticketParam = { name: 'ticketId', in: 'path', required: true, schema: { type: 'string' } };
const handoffParam = { name: 'handoffId', in: 'path', required: true, schema: { type: 'string' } };
const idempotencyParam = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } };

function post(summary: string, body: z.ZodType, response: object, status = '200', params: object[] = [ticketParam]) {
  return {
    post: {
      summary,
      parameters: [...params, idempotencyParam],
      requestBody: { required: true, content: content(schema(body)) },
      responses: { [status]: { description: 'OK', content: content(response) }, ...errors },
    },
  };
}

/**
 * @example GET /v1/openapi.json → buildOpenApi({ devClock: false })
 */
export function buildOpenApi(options: { devClock: boolean }): object {
  const view = ref('EscalationView');
  return {
    openapi: '3.1.0',
    info: { title: 'Baton escalation governance API', version: '1' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { EscalationView: out(escalationViewSchema), EscalationSummary: out(escalationSummarySchema), Handoff: out(handoffViewSchema), Error: errorSchema },
    },
    security: [{ bearer: [] }],
    paths: {
      '/v1/health': { get: { summary: 'Liveness', security: [], responses: { '200': { description: 'OK' } } } },
      '/v1/matrix': { get: { summary: 'The active escalation matrix and its version', responses: { '200': { description: 'OK' }, ...errors } } },
      '/v1/escalations': {
        ...post('Open an escalation; the matrix decides owner and SLA', openEscalationBody, view, '201', []),
        get: {
          summary: 'Escalation summaries, most recently updated first, filtered and paged (pass `cursor` back for the next page)',
          parameters: Object.entries(schema(listEscalationsQuery).properties ?? {}).map(([name, s]) => ({ name, in: 'query', schema: s })),
          responses: {
            '200': { description: 'OK', content: content({ type: 'object', properties: { items: { type: 'array', items: ref('EscalationSummary') }, cursor: { type: ['string', 'null'] } } }) },
            ...errors,
          },
        },
      },
      '/v1/escalations/{ticketId}': { get: { summary: 'One escalation', parameters: [ticketParam], responses: { '200': { description: 'OK', content: content(view) }, ...errors } } },
      '/v1/escalations/{ticketId}/handoffs': post('Hand off with the mandatory record', requestHandoffBody, { type: 'object', properties: { handoff: ref('Handoff'), escalation: view } }, '201'),
      '/v1/escalations/{ticketId}/timeline': {
        get: {
          summary: 'Older timeline events: the view carries the latest; pass its timelineBefore as `before`, then each page’s `before`',
          parameters: [ticketParam, ...Object.entries(schema(timelineQuery).properties ?? {}).map(([name, s]) => ({ name, in: 'query', schema: s }))],
          responses: { '200': { description: 'OK', content: content({ type: 'object', properties: { items: { type: 'array', items: out(timelineEntrySchema) }, before: { type: ['integer', 'null'] } } }) }, ...errors },
        },
      },
      '/v1/escalations/{ticketId}/handoffs/{handoffId}': {
        get: { summary: 'One handoff with its record (the escalation view carries only the latest record)', parameters: [ticketParam, handoffParam], responses: { '200': { description: 'OK', content: content(ref('Handoff')) }, ...errors } },
      },
      '/v1/escalations/{ticketId}/handoffs/{handoffId}/acknowledge': post('Accept a handoff (receiving team)', actorOnlyBody, view, '200', [ticketParam, handoffParam]),
      '/v1/escalations/{ticketId}/handoffs/{handoffId}/reject': post('Send a handoff back (receiving team)', rejectHandoffBody, view, '200', [ticketParam, handoffParam]),
      '/v1/escalations/{ticketId}/pause': post('Pause the SLA clock', pauseBody, view),
      '/v1/escalations/{ticketId}/resume': post('Resume the SLA clock', actorOnlyBody, view),
      '/v1/escalations/{ticketId}/reclassify': post('Change incident type or impact tier', reclassifyBody, view),
      '/v1/escalations/{ticketId}/resolve': post('Resolve the escalation', resolveBody, view),
      '/v1/webhooks/freshservice': post('Ticket changes from Freshservice (X-Baton-Webhook-Secret)', freshserviceWebhookBody, { type: 'object', properties: { recorded: { type: 'integer' } } }, '202', []),
      ...(options.devClock ? { '/v1/dev/clock': post('Move the manual clock and fire due deadlines (local mode only)', devClockBody, { type: 'object' }, '200', []) } : {}),
    },
  };
}
