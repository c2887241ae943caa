/** What a commit owes the world: deadline changes, and one delivery per message and channel address. */
import { deadlineChanges, dueDeadlines } from '../../shared/escalation/deadlines.js';
import { describeEvent } from '../../shared/escalation/describe.js';
import type { RecordedEvent } from '../../shared/escalation/events.js';
import type { EscalationState } from '../../shared/escalation/state.js';
import type { Matrix } from '../../shared/matrix/matrix.js';
import type { ChannelAddress } from '../../shared/ports.js';
import type { Deliverer } from './deps.js';
import type { Delivery, Outbox } from './ports.js';

export interface OutboxInput {
  tenant: string;
  ticketId: string;
  before: EscalationState;
  after: EscalationState;
  recorded: RecordedEvent[];
  matrix: Matrix;
  /** Which channels are configured: a delivery is planned only for those. */
  deliverer: Pick<Deliverer, 'has'>;
  ticketNotes: boolean;
}

function addressesFor(recipients: { team: string }[], input: OutboxInput): Array<{ address: ChannelAddress; scope: string }> {
  const out: Array<{ address: ChannelAddress; scope: string }> = [];
  if (input.deliverer.has('outbox-file')) out.push({ address: { kind: 'outbox-file' }, scope: '*' });
  if (input.ticketNotes && input.deliverer.has('ticket-note')) out.push({ address: { kind: 'ticket-note', ticketId: input.ticketId }, scope: '*' });
  for (const { team } of recipients) {
    const channels = input.matrix.team(team)?.channels;
    if (channels?.slack && input.deliverer.has('slack')) out.push({ address: { kind: 'slack', channel: channels.slack }, scope: team });
    if (channels?.teams && input.deliverer.has('teams')) out.push({ address: { kind: 'teams', url: channels.teams }, scope: team });
  }
  return out;
}

/**
 * Plans the outbox of a commit from the states around it and the events it records.
 * @example const outbox = planOutbox({ tenant, ticketId, before, after, recorded, matrix, deliverer, ticketNotes: true });
 */
export function planOutbox(input: OutboxInput): Outbox {
  const { schedule, cancel } = deadlineChanges(dueDeadlines(input.before), dueDeadlines(input.after));
  const facts = input.after.status === 'none' ? undefined : input.after;
  const deliveries: Delivery[] = [];
  for (const { seq, event } of input.recorded) {
    const message = describeEvent(event, seq, {
      tenant: input.tenant,
      ticketId: input.ticketId,
      ...(facts?.subject ? { subject: facts.subject } : {}),
      ...(facts?.runbook ? { runbook: facts.runbook } : {}),
      teamName: (id) => input.matrix.team(id)?.name ?? id,
    });
    if (!message) continue;
    for (const { address, scope } of addressesFor(message.recipients, input)) {
      deliveries.push({ key: `${seq}:${address.kind}:${scope}`, forSeq: seq, target: scope, address, message, attempts: 0, status: 'pending' });
    }
  }
  return { schedule, cancel, deliveries };
}

export const isEmptyOutbox = (o: Outbox) => o.schedule.length === 0 && o.cancel.length === 0 && o.deliveries.length === 0;
