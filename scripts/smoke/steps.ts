/**
 * The smoke test after a deploy: health, the OpenAPI document, then one escalation's whole life (open →
 * handoff → acknowledge → resolve) on a ticket id reserved for smoke tests (`smoke-…`), and with
 * `deadline`, a handoff left unacknowledged until the real scheduler records it overdue.
 */
import { randomBytes } from 'node:crypto';

export interface SmokeOptions {
  /** The API's base URL (no trailing /v1). */
  url: string;
  key: string;
  /** Also wait for an overdue acknowledgement fired by the deployment's scheduler. */
  deadline: boolean;
  /** How long to wait for it. @default 180_000 (3 minutes) */
  deadlineTimeoutMs?: number;
  /** How often to look. @default 5_000 */
  pollMs?: number;
}

export interface SmokeStep {
  name: string;
  ms: number;
  ok: boolean;
  detail: string;
}

/** Smoke tickets are named so; an earlier run's leftovers are resolved first. */
export const SMOKE_PREFIX = 'smoke-';

interface Team {
  id: string;
  party: string;
  members?: string[];
}

class StepFailed extends Error {}

async function call(options: SmokeOptions, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${options.url.replace(/\/$/, '')}${path}`, {
    method,
    headers: { authorization: `Bearer ${options.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (a gateway's own error page): keep the text for the message.
  }
  return { status: response.status, body: parsed };
}

/** Calls and insists on `expected`; the step fails naming what came back. */
async function expectStatus<T>(options: SmokeOptions, expected: number, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await call(options, method, path, body);
  if (answer.status !== expected) throw new StepFailed(`${method} ${path} answered ${answer.status}, not ${expected}: ${JSON.stringify(answer.body).slice(0, 300)}`);
  return answer.body as T;
}

const member = (team: Team | undefined, role: string): string => {
  const id = team?.members?.[0];
  if (!id) throw new StepFailed(`The matrix's team ${team?.id ?? '(none)'} has no members to act as the ${role}: use a smoke tenant (npm run tenant -- create <tenant> --smoke)`);
  return id;
};

const handoffRecord = (toTeam: string) => ({
  toTeam,
  diagnosis: 'Smoke test: no real incident.',
  actionsTaken: 'Opened by the post-deploy smoke test.',
  evidence: [{ label: 'Smoke test', url: 'https://example.com/baton-smoke-test' }],
  nextAction: 'Acknowledge (the smoke test does it).',
  nextActionDueAt: new Date(Date.now() + 3_600_000).toISOString(),
});

/**
 * Runs the steps in order and stops at the first failure; `report` hears each step as it ends.
 * @example const steps = await runSmoke({ url, key, deadline: false }, (s) => console.log(s.name));
 */
export async function runSmoke(options: SmokeOptions, report: (step: SmokeStep) => void = () => {}): Promise<SmokeStep[]> {
  const steps: SmokeStep[] = [];
  const step = async <T>(name: string, run: () => Promise<{ value: T; detail: string }>): Promise<T> => {
    const started = performance.now();
    try {
      const { value, detail } = await run();
      const done = { name, ms: performance.now() - started, ok: true, detail };
      steps.push(done);
      report(done);
      return value;
    } catch (error) {
      const failed = { name, ms: performance.now() - started, ok: false, detail: error instanceof Error ? error.message : String(error) };
      steps.push(failed);
      report(failed);
      throw new StepFailed(failed.detail);
    }
  };

  try {
    await step('health', async () => ({ value: await expectStatus(options, 200, 'GET', '/v1/health'), detail: 'up' }));
    await step('OpenAPI document', async () => {
      const doc = await expectStatus<{ paths: Record<string, unknown> }>(options, 200, 'GET', '/v1/openapi.json');
      return { value: doc, detail: `${Object.keys(doc.paths).length} paths` };
    });
    const matrix = await step('matrix', async () => {
      const body = await expectStatus<{ version: number; matrix: { teams: Team[]; incidentTypes: string[]; impactTiers: number[] } }>(options, 200, 'GET', '/v1/matrix');
      return { value: body.matrix, detail: `version ${body.version}` };
    });
    await step('clean up earlier smoke tickets', async () => {
      const page = await expectStatus<{ items: Array<{ ticketId: string; owner: { team: string } }> }>(options, 200, 'GET', '/v1/escalations?state=open&limit=100');
      const left = page.items.filter((i) => i.ticketId.startsWith(SMOKE_PREFIX));
      for (const item of left) {
        const owner = matrix.teams.find((t) => t.id === item.owner.team);
        await expectStatus(options, 200, 'POST', `/v1/escalations/${item.ticketId}/resolve`, { actor: { id: member(owner, 'owner') }, resolution: 'Left open by an earlier smoke test; resolved by the next one.' });
      }
      return { value: left.length, detail: `${left.length} resolved` };
    });

    const lifecycle = async (label: string) => {
      const ticketId = `${SMOKE_PREFIX}${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
      const opened = await step(`${label}: open ${ticketId}`, async () => {
        const view = await expectStatus<{ owner: { team: string; party: string } }>(options, 201, 'POST', '/v1/escalations', {
          ticketId,
          subject: 'Baton smoke test',
          incidentType: matrix.incidentTypes[0],
          impactTier: matrix.impactTiers[matrix.impactTiers.length - 1],
          actor: { id: 'baton-smoke-test' },
        });
        return { value: view, detail: `owner ${view.owner.team}` };
      });
      const from = matrix.teams.find((t) => t.id === opened.owner.team);
      const to = matrix.teams.find((t) => t.party !== opened.owner.party && (t.members?.length ?? 0) > 0);
      if (!to) throw new StepFailed('The matrix has no team of the other party with members to hand off to');
      const handoff = await step(`${label}: hand off to ${to.id}`, async () => {
        const body = await expectStatus<{ handoff: { id: string; ackDueAt: string } }>(options, 201, 'POST', `/v1/escalations/${ticketId}/handoffs`, { ...handoffRecord(to.id), actor: { id: member(from, 'owner') } });
        return { value: body.handoff, detail: `${body.handoff.id}, acknowledge by ${body.handoff.ackDueAt}` };
      });
      return { ticketId, from, to, handoff };
    };

    const first = await lifecycle('lifecycle');
    await step('lifecycle: acknowledge', async () => ({
      value: await expectStatus(options, 200, 'POST', `/v1/escalations/${first.ticketId}/handoffs/${first.handoff.id}/acknowledge`, { actor: { id: member(first.to, 'receiver') } }),
      detail: `by ${member(first.to, 'receiver')}`,
    }));
    await step('lifecycle: resolve', async () => ({
      value: await expectStatus(options, 200, 'POST', `/v1/escalations/${first.ticketId}/resolve`, { actor: { id: member(first.to, 'owner') }, resolution: 'Smoke test complete.' }),
      detail: 'resolved',
    }));

    if (options.deadline) {
      const second = await lifecycle('deadline');
      await step('deadline: overdue acknowledgement recorded by the scheduler', async () => {
        const until = Date.now() + (options.deadlineTimeoutMs ?? 180_000);
        for (;;) {
          const view = await expectStatus<{ handoffs: Array<{ id: string; overdue: boolean; overdueAt?: string }> }>(options, 200, 'GET', `/v1/escalations/${second.ticketId}`);
          const handoff = view.handoffs.find((h) => h.id === second.handoff.id);
          if (handoff?.overdue) return { value: handoff, detail: `overdue at ${handoff.overdueAt ?? second.handoff.ackDueAt}` };
          if (Date.now() > until) throw new StepFailed(`The acknowledgement due at ${second.handoff.ackDueAt} was not recorded overdue within ${Math.round((options.deadlineTimeoutMs ?? 180_000) / 1000)} s: check the deadline function, the scheduler group and its dead-letter queue`);
          await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 5_000));
        }
      });
      await step('deadline: resolve (cleanup)', async () => ({
        value: await expectStatus(options, 200, 'POST', `/v1/escalations/${second.ticketId}/resolve`, { actor: { id: member(second.from, 'owner') }, resolution: 'Smoke test complete.' }),
        detail: 'resolved',
      }));
    }
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
  }
  return steps;
}
