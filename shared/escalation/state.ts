/** The escalation's state, folded from its events; a union keyed on `status`. */
import type { HandoffField, HandoffRecord } from '../handoff/schema.js';
import { unreachable } from '../unreachable.js';
import type { EscalationEvent, RejectReason, SlaPlan, SlaTerms, TeamRef } from './events.js';
import { accrue, startClock, type ClockState } from './clock.js';

/** What a handoff asked for, from whom to whom, by when. */
interface HandoffRequest {
  id: string;
  from: TeamRef;
  to: TeamRef;
  record: HandoffRecord;
  requestedAt: string;
  ackDueAt: string;
}

/** Whether the acknowledgement fell overdue, and when: its due instant, however late that was noticed. */
type AckTiming = { overdue: false } | { overdue: true; overdueAt: string };

/** How the handoff ended: a pending one has not, a rejected one says why. */
type HandoffOutcome =
  | { status: 'pending' }
  | { status: 'acknowledged'; closedAt: string }
  | { status: 'rejected'; closedAt: string; reason: RejectReason; note?: string; missingFields?: HandoffField[] }
  | { status: 'withdrawn'; closedAt: string };

/**
 * One handoff, a union keyed on `status` (and on `overdue`): a rejected one always has its reason and
 * `closedAt`, a pending one neither, an overdue one its `overdueAt`.
 * @example if (h.status === 'rejected') console.log(h.reason, h.closedAt);
 */
export type Handoff = HandoffRequest & AckTiming & HandoffOutcome;
export type PendingHandoff = Extract<Handoff, { status: 'pending' }>;

interface EscalationFacts {
  ticketId: string;
  subject?: string;
  incidentType: string;
  impactTier: number;
  matrixVersion: string;
  runbook?: string;
  owner: TeamRef;
  coordinators: TeamRef[];
  /** The last team of each party that owned the ticket: the counterparty to warn. */
  lastHolders: Record<string, TeamRef>;
  sla: SlaTerms;
  /** Current deadlines; null while paused. */
  plan: SlaPlan | null;
  generation: number;
  warned: number[];
  startedAt: string;
  warnedAt: string | null;
  breachedAt: string | null;
  paused: { since: string; reason: string } | null;
  clock: ClockState;
  handoffs: Handoff[];
  /** What LIMITS bounds besides the handoffs. */
  counts: { pauses: number; reclassifications: number; silentTransfers: number };
}

export type EscalationState =
  | { status: 'none' }
  | ({ status: 'open' } & EscalationFacts)
  | ({ status: 'resolved'; resolvedAt: string; resolution: string } & EscalationFacts);

export type OpenEscalation = Extract<EscalationState, { status: 'open' }>;

export const initialState: EscalationState = { status: 'none' };

/** The handoff that waits for acknowledgement, if any. */
export function pendingHandoff(state: EscalationFacts): PendingHandoff | undefined {
  return state.handoffs.find((h) => h.status === 'pending');
}

/** Who the clock is running for right now: the receiving party while a handoff waits. */
export function clockHolder(state: EscalationFacts): { party: string; inHandoff: boolean } {
  const pending = pendingHandoff(state);
  return pending ? { party: pending.to.party, inHandoff: true } : { party: state.owner.party, inHandoff: false };
}

/** Handoff `id` changed by `change` if it is still pending (only a pending one can be answered, fall overdue or be withdrawn). */
function changePending(handoffs: Handoff[], id: string, change: (h: PendingHandoff) => Handoff): Handoff[] {
  return handoffs.map((h) => (h.id === id && h.status === 'pending' ? change(h) : h));
}

/**
 * Folds one event into the state. Pure; the business time up to the event is attributed first.
 * @example const state = events.reduce(evolve, initialState);
 */
export function evolve(state: EscalationState, event: EscalationEvent): EscalationState {
  if (event.type === 'escalation.opened') {
    // A ticket may be escalated again after a resolution: a new escalation starts from its own event.
    const { type: _type, at, actor: _actor, plan, ...facts } = event;
    return {
      status: 'open',
      ...facts,
      plan,
      generation: plan.generation,
      lastHolders: { [event.owner.party]: event.owner },
      warned: [],
      startedAt: at,
      warnedAt: null,
      breachedAt: null,
      paused: null,
      clock: startClock(at),
      handoffs: [],
      counts: { pauses: 0, reclassifications: 0, silentTransfers: 0 },
    };
  }
  if (state.status !== 'open') return state;

  const s: OpenEscalation = {
    ...state,
    clock: accrue(state.clock, state.sla.calendar, event.at, state.paused ? null : clockHolder(state)),
  };
  switch (event.type) {
    case 'ownership.ambiguous':
    case 'notification.sent':
    case 'notification.failed':
      return s;
    case 'ownership.silent-transfer':
      return { ...s, counts: { ...s.counts, silentTransfers: s.counts.silentTransfers + 1 } };
    case 'escalation.reclassified': {
      const policyChanged = event.sla.policy !== s.sla.policy || event.sla.resolveMinutes !== s.sla.resolveMinutes;
      return {
        ...s,
        incidentType: event.incidentType,
        impactTier: event.impactTier,
        matrixVersion: event.matrixVersion,
        runbook: event.runbook,
        coordinators: event.coordinators,
        sla: event.sla,
        plan: event.plan,
        generation: event.plan?.generation ?? s.generation + 1,
        warned: policyChanged ? [] : s.warned,
        counts: { ...s.counts, reclassifications: s.counts.reclassifications + 1 },
      };
    }
    case 'handoff.requested':
      return {
        ...s,
        handoffs: [
          ...s.handoffs,
          { id: event.handoffId, from: event.from, to: event.to, record: event.record, requestedAt: event.at, ackDueAt: event.ackDueAt, overdue: false, status: 'pending' },
        ],
      };
    case 'handoff.acknowledged':
      return {
        ...s,
        owner: event.to,
        lastHolders: { ...s.lastHolders, [event.to.party]: event.to },
        handoffs: changePending(s.handoffs, event.handoffId, (h) => ({ ...h, status: 'acknowledged', closedAt: event.at })),
      };
    case 'handoff.rejected':
      return {
        ...s,
        handoffs: changePending(s.handoffs, event.handoffId, (h) => ({ ...h, status: 'rejected', closedAt: event.at, reason: event.reason, ...(event.note === undefined ? {} : { note: event.note }), ...(event.missingFields === undefined ? {} : { missingFields: event.missingFields }) })),
      };
    case 'handoff.ack-overdue':
      return { ...s, handoffs: changePending(s.handoffs, event.handoffId, (h) => ({ ...h, overdue: true, overdueAt: event.at })) };
    case 'sla.paused':
      return { ...s, paused: { since: event.at, reason: event.reason }, plan: null, counts: { ...s.counts, pauses: s.counts.pauses + 1 } };
    case 'sla.resumed':
      return { ...s, paused: null, plan: event.plan, generation: event.plan.generation };
    case 'sla.warning':
      return { ...s, warned: [...s.warned, event.fraction], warnedAt: event.at };
    case 'sla.breached':
      return { ...s, breachedAt: event.at };
    case 'escalation.resolved': {
      const pending = pendingHandoff(s);
      return {
        ...s,
        status: 'resolved',
        resolvedAt: event.at,
        resolution: event.resolution,
        handoffs: pending ? changePending(s.handoffs, pending.id, (h) => ({ ...h, status: 'withdrawn', closedAt: event.at })) : s.handoffs,
      };
    }
    default:
      return unreachable(event);
  }
}
