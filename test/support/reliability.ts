/** Shared steps of the HTTP API reliability suites. */
import { expect } from 'vitest';
import { deadlineRefSchema, type DeadlineKind } from '../../shared/escalation/deadlines.js';
import type { DeadlineFiring } from '../../shared/ports.js';
import type { EscalationView } from '../../shared/escalation/view.js';
import { handoffBody, openBody, type HandoffAnswer, type TestBaton } from './baton.js';

export const MSP_NOC = { team: 'msp-noc', party: 'msp' };
export const MSP_L2 = { team: 'msp-l2', party: 'msp' };
export const SERVICE_DESK = { team: 'service-desk', party: 'internal' };
export const INFRASTRUCTURE = { team: 'infrastructure', party: 'internal' };
export const UNAVAILABLE = { error: { code: 'unavailable', message: 'The service is briefly unavailable; nothing was changed. Try again.' } };

/** Opens an escalation on `ticketId` (network, tier 1 → MSP NOC); returns its view. */
export const opened = async (h: TestBaton, ticketId: string) => {
  const answer = await h.call<EscalationView>('POST', '/v1/escalations', openBody(ticketId));
  expect(answer.status).toBe(201);
  return answer.body;
};
/** Hands the escalation off to infrastructure with a complete record; returns the handoff answer. */
export const handedOff = async (h: TestBaton, ticketId: string) => {
  const answer = await h.call<HandoffAnswer>('POST', `/v1/escalations/${ticketId}/handoffs`, handoffBody());
  expect(answer.status).toBe(201);
  return answer.body;
};

/** The firing a scheduler would deliver for one of the ticket's scheduled deadlines. */
export function firingOf(h: TestBaton, ticketId: string, kind: DeadlineKind, fraction?: number): DeadlineFiring {
  const scheduled = h.baton.scheduler.pending().find((d) => d.ticketId === ticketId && d.kind === kind && (d.kind === 'sla-warning' ? d.fraction : undefined) === fraction);
  if (!scheduled) throw new Error(`No ${kind} deadline is scheduled for ${ticketId}`);
  return { tenant: scheduled.tenant, ticketId, dueAt: scheduled.dueAt, deadline: deadlineRefSchema.parse(scheduled) };
}
