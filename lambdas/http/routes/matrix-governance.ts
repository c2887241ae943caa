/** Governed matrix updates: propose, list and read proposals, approve or reject them, and the version history. */
import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { actorRefSchema } from '../../../shared/escalation/events.js';
import { approveBody, listProposalsQuery, proposeBody, proposeQuery, rejectBody } from '../../../shared/matrix/proposal-api.js';
import { approvalSchema, MATRIX_ORIGINS } from '../../../shared/ports.js';
import { proposalIdSchema, replaySchema, riskSchema, PROPOSAL_STATUSES } from '../../app/governance/proposal.js';
import { MatrixGovernance } from '../../app/governance/service.js';
import type { AppEnv } from '../env.js';
import { reply } from '../env.js';
import type { Context } from 'hono';
import { answer, defineRoute, type RouteEntry } from './define.js';

const jsonBody = <S extends z.ZodType>(schema: S) => ({ required: true, content: { 'application/json': { schema } } });
const proposalParams = z.object({ proposalId: proposalIdSchema });

const proposalView = z
  .object({
    id: z.string(),
    status: z.enum(PROPOSAL_STATUSES),
    baseVersion: z.number().int(),
    activeVersion: z.number().int(),
    activatedVersion: z.number().int().nullable(),
    proposedBy: actorRefSchema,
    proposedAt: z.string(),
    rationale: z.string(),
    risk: riskSchema,
    approvals: z.array(approvalSchema),
    needs: z.array(z.string()).describe('What approvals an open proposal still needs, in words'),
    rejection: approvalSchema.nullable(),
    closedAt: z.string().nullable(),
    findings: z.array(z.object({ severity: z.enum(['error', 'risk', 'warning']), code: z.string(), path: z.string(), message: z.string(), line: z.number().int().optional(), column: z.number().int().optional() })),
    diff: z.object({ rules: z.array(z.unknown()), sections: z.array(z.unknown()), decisions: z.array(z.unknown()) }).nullable().describe('Rule by rule, section by section, and each incident type × impact tier whose owner, party, SLA or runbook would change'),
    replay: replaySchema.extend({ weeks: z.number().int() }),
    matrix: z.unknown().describe('The proposed matrix (URL secrets shown as •••)'),
  })
  .meta({ id: 'MatrixProposal' });

const versionView = z
  .object({
    version: z.number().int(),
    active: z.boolean(),
    activatedAt: z.string(),
    basedOn: z.number().int().nullable(),
    origin: z.enum([...MATRIX_ORIGINS, 'unknown']),
    governed: z.boolean(),
    how: z.string(),
    proposalId: z.string().nullable(),
    proposedBy: actorRefSchema,
    proposedAt: z.string(),
    why: z.string().nullable(),
    approvedBy: z.array(approvalSchema),
  })
  .meta({ id: 'MatrixVersion' });

const governance = (c: Context<AppEnv>) => new MatrixGovernance(c.var.deps, c.var.service);
const location = (id: string) => ({ location: `/v1/matrix/proposals/${id}` });

const propose = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'post',
    path: '/v1/matrix/proposals',
    summary: 'Propose a matrix change (a coordinator team member or an approver): lint, diff, risk and the impact replay of the last `weeks` weeks',
    request: { query: proposeQuery, body: jsonBody(proposeBody) },
    responses: { 201: answer('The proposal, open for approval', proposalView) },
  }),
  async handle(c) {
    const view = await governance(c).propose(c.var.key, c.req.valid('json'), c.req.valid('query').weeks);
    return reply(201, view, location(view.id));
  },
});

const listProposals = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'get',
    path: '/v1/matrix/proposals',
    summary: 'The open proposals, oldest first; with `status=closed`, the latest `limit` activated, rejected or stale ones, newest first',
    request: { query: listProposalsQuery },
    responses: { 200: answer('Proposals', z.object({ items: z.array(proposalView) })) },
  }),
  async handle(c) {
    const { status, limit } = c.req.valid('query');
    const items = status === 'open' ? await governance(c).listOpen(c.var.key.tenant) : await governance(c).listClosed(c.var.key.tenant, limit);
    return reply(200, { items });
  },
});

const getProposal = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'get',
    path: '/v1/matrix/proposals/{proposalId}',
    summary: 'One proposal, whatever its status',
    request: { params: proposalParams },
    responses: { 200: answer('The proposal', proposalView) },
  }),
  handle: async (c) => reply(200, await governance(c).get(c.var.key.tenant, c.req.valid('param').proposalId)),
});

const approveProposal = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'post',
    path: '/v1/matrix/proposals/{proposalId}/approve',
    summary: 'Approve (an approver of the active matrix, not the proposer); the approval that completes it activates it as the next version',
    request: { params: proposalParams, body: jsonBody(approveBody) },
    responses: { 200: answer('The proposal after the approval (status `activated` once it has what its risk needs)', proposalView) },
  }),
  handle: async (c) => reply(200, await governance(c).approve(c.var.key, c.req.valid('param').proposalId, c.req.valid('json'))),
});

const rejectProposal = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'post',
    path: '/v1/matrix/proposals/{proposalId}/reject',
    summary: 'Reject an open proposal (an approver), saying why',
    request: { params: proposalParams, body: jsonBody(rejectBody) },
    responses: { 200: answer('The rejected proposal', proposalView) },
  }),
  handle: async (c) => reply(200, await governance(c).reject(c.var.key, c.req.valid('param').proposalId, c.req.valid('json'))),
});

const matrixVersions = defineRoute({
  auth: 'key',
  route: createRoute({
    method: 'get',
    path: '/v1/matrix/versions',
    summary: 'Every matrix version, newest first: who proposed and approved it, when, why, and whether it was governed',
    responses: { 200: answer('The version history', z.object({ items: z.array(versionView) })) },
  }),
  handle: async (c) => reply(200, { items: await governance(c).versions(c.var.key.tenant) }),
});

export const routes: readonly RouteEntry[] = [propose, listProposals, getProposal, approveProposal, rejectProposal, matrixVersions];
