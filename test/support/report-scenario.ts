/**
 * A hand-computable week for the weekly-review tests, driven through the HTTP API on the manual clock
 * (Monday 30 November 2026, London = UTC): four escalations whose every figure is worked out in the test.
 */
import { expect } from 'vitest';
import { handoffBody, openBody, WEBHOOK_SECRET, type TestBaton } from './baton.js';

/**
 * The example matrix with no catch-all rule (so security × 3 has none), msp-l2's Teams channel on a port nothing
 * listens on, and no weekly digest (its Monday run would count the weeks a test's own reports are to count first).
 */
export async function reviewMatrix(example: Record<string, unknown>): Promise<Record<string, unknown>> {
  const rules = (example.rules as Array<{ id?: string }>).filter((r) => r.id !== 'catch-all');
  const teams = (example.teams as Array<{ id: string; channels?: Record<string, string> }>).map((t) => (t.id === 'msp-l2' ? { ...t, channels: { teams: 'http://127.0.0.1:9/unreachable' } } : t));
  const { digest: _digest, ...governance } = example.governance as Record<string, unknown>;
  return { ...example, rules, teams, governance };
}

/** Calls and expects the status; answers the body. */
export async function ok<T = unknown>(h: TestBaton, status: number, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await h.call<T>(method, path, body);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(status);
  return answer.body;
}

/** Moves the manual clock to `iso` (firing what fell due, sweeping). */
export async function at(h: TestBaton, iso: string): Promise<void> {
  const minutes = (Date.parse(iso) - h.clock().now().getTime()) / 60_000;
  if (minutes > 0) await h.advance(minutes);
}

const record = (toTeam: string, actor: string) => handoffBody({ toTeam, actor: { id: actor }, nextActionDueAt: '2026-12-10T12:00:00Z' });

/**
 * The week (all Monday 30 November unless said):
 * - 4521 network × 1 → msp-noc (p1, always, due 13:00). 09:10 handed to infrastructure (ack due 09:25, overdue),
 *   acknowledged 09:30 (waited 20); warnings 11:00 and 12:00; breached 13:00 (infrastructure owned it), resolved 13:30.
 * - 4522 application × 2 → infrastructure (p3, contoso hours). 10:30 handed to msp-noc, sent back 10:45 for missing
 *   information (evidence, next action); 11:00 handed again, sent back 11:15 as not our scope; resolved 12:00 within target.
 * - 4523 server × 1 → msp-noc (p1). 14:10 its Freshservice group moved to infrastructure's with no handoff (a silent
 *   transfer); resolved 15:00 by msp-noc within target.
 * - 4524 security × 3, Tuesday 09:00: no rule → service-desk (fallback, p1). 10:00 handed to msp-l2, whose Teams channel fails.
 */
export async function playReviewWeek(h: TestBaton): Promise<void> {
  await ok(h, 201, 'POST', '/v1/escalations', openBody('4521'));
  await at(h, '2026-11-30T09:10:00Z');
  await ok(h, 201, 'POST', '/v1/escalations/4521/handoffs', record('infrastructure', 'agent-nick'));
  await at(h, '2026-11-30T09:30:00Z');
  await ok(h, 200, 'POST', '/v1/escalations/4521/handoffs/h1/acknowledge', { actor: { id: 'agent-ivan' } });
  await at(h, '2026-11-30T10:00:00Z');
  await ok(h, 201, 'POST', '/v1/escalations', openBody('4522', { subject: 'Payroll app slow', incidentType: 'application', impactTier: 2, actor: { id: 'agent-ivan' } }));
  await at(h, '2026-11-30T10:30:00Z');
  await ok(h, 201, 'POST', '/v1/escalations/4522/handoffs', record('msp-noc', 'agent-ivan'));
  await at(h, '2026-11-30T10:45:00Z');
  await ok(h, 200, 'POST', '/v1/escalations/4522/handoffs/h1/reject', { actor: { id: 'agent-nick' }, reason: 'missing-information', missingFields: ['evidence', 'nextAction'] });
  await at(h, '2026-11-30T11:00:00Z');
  await ok(h, 201, 'POST', '/v1/escalations/4522/handoffs', record('msp-noc', 'agent-ivan'));
  await at(h, '2026-11-30T11:15:00Z');
  await ok(h, 200, 'POST', '/v1/escalations/4522/handoffs/h2/reject', { actor: { id: 'agent-nick' }, reason: 'not-our-scope', note: 'Payroll is Contoso-hosted' });
  await at(h, '2026-11-30T12:00:00Z');
  await ok(h, 200, 'POST', '/v1/escalations/4522/resolve', { actor: { id: 'agent-ivan' }, resolution: 'Index rebuilt' });
  await at(h, '2026-11-30T13:30:00Z');
  await ok(h, 200, 'POST', '/v1/escalations/4521/resolve', { actor: { id: 'agent-ivan' }, resolution: 'Core switch replaced' });
  await at(h, '2026-11-30T14:00:00Z');
  await ok(h, 201, 'POST', '/v1/escalations', openBody('4523', { subject: 'File server down', incidentType: 'server', impactTier: 1 }));
  await at(h, '2026-11-30T14:10:00Z');
  const moved = await h.call('POST', '/v1/webhooks/freshservice', { ticketId: '4523', changes: { group_id: [2001, 1002] } }, { key: null, headers: { 'x-baton-webhook-secret': WEBHOOK_SECRET } });
  expect(moved.status).toBeLessThan(300);
  await at(h, '2026-11-30T15:00:00Z');
  await ok(h, 200, 'POST', '/v1/escalations/4523/resolve', { actor: { id: 'agent-nick' }, resolution: 'Disk replaced' });
  await at(h, '2026-12-01T09:00:00Z');
  await ok(h, 201, 'POST', '/v1/escalations', openBody('4524', { subject: 'Phishing report', incidentType: 'security', impactTier: 3, actor: { id: 'agent-anna' } }));
  await at(h, '2026-12-01T10:00:00Z');
  await ok(h, 201, 'POST', '/v1/escalations/4524/handoffs', record('msp-l2', 'agent-anna'));
  await h.baton.tasks.drain();
}
