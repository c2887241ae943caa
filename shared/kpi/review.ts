/**
 * The weekly review's findings beyond the KPIs, in the same one pass over events: handoff quality,
 * communication failures and the breaches of the period, overall and by the party each is attributed to.
 */
import type { EscalationEvent, RecordedEvent, RejectReason, TeamRef } from '../escalation/events.js';
import { REJECT_REASONS } from '../escalation/events.js';
import { HANDOFF_FIELD_LABELS, HANDOFF_FIELDS, type HandoffField } from '../handoff/schema.js';
import { periodBounds, type Period } from './kpis.js';

export interface RejectionExample {
  ticketId: string;
  handoffId: string;
  at: string;
  from: TeamRef;
  to: TeamRef;
  note?: string;
}

export interface HandoffQuality {
  /** Handoffs sent back in the period, by reason. */
  rejectionsByReason: Record<RejectReason, number>;
  /** The record fields found missing (rejections for missing information that named them), most often first. */
  missingFields: Array<{ field: HandoffField; label: string; count: number }>;
  /** Handoffs rejected as not the receiver's scope: an ownership-ambiguity incident each. */
  notOurScope: { count: number; examples: RejectionExample[] };
}

export interface FailedNotificationExample {
  ticketId: string;
  at: string;
  channel: string;
  target: string;
  attempt: number;
  error: string;
}

export interface OverdueAckExample {
  ticketId: string;
  handoffId: string;
  /** When the acknowledgement fell due (`recordedAt`: when that was noticed). */
  at: string;
  recordedAt: string;
  from: TeamRef;
  to: TeamRef;
}

export interface SilentTransferExample {
  ticketId: string;
  at: string;
  fromGroupId: number | null;
  toGroupId: number | null;
  toTeam: TeamRef | null;
  owner: TeamRef;
}

export interface CommunicationFailures {
  /** Failed delivery attempts (`notification.failed`), by channel. */
  failedNotifications: { count: number; byChannel: Record<string, number>; examples: FailedNotificationExample[] };
  overdueAcknowledgements: { count: number; examples: OverdueAckExample[] };
  silentTransfers: { count: number; examples: SilentTransferExample[] };
}

/** A breach of the period: the first per escalation, placed by its due instant (`at`). */
export interface BreachFact {
  ticketId: string;
  at: string;
  recordedAt: string;
  dueAt: string;
  owner: TeamRef;
}

export interface ReviewFindings {
  handoffQuality: HandoffQuality;
  communicationFailures: CommunicationFailures;
}

export interface ReviewSections extends ReviewFindings {
  /**
   * The same findings per party: a rejection (and its missing fields) for the party that sent the handoff,
   * an overdue acknowledgement for the party that was to acknowledge, a silent transfer for the party
   * that owned the escalation, a failed notification for the party of the team it was for (one for
   * every recipient, "*", is in no party's).
   */
  byParty: Record<string, ReviewFindings>;
  breaches: BreachFact[];
}

/** Findings of one scope (overall, or one party), with example lists kept to `examples` each. */
class Findings {
  private readonly rejections = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
  private readonly missing = Object.fromEntries(HANDOFF_FIELDS.map((f) => [f, 0])) as Record<HandoffField, number>;
  private readonly notOurScope = { count: 0, examples: [] as RejectionExample[] };
  private readonly failed = { count: 0, byChannel: {} as Record<string, number>, examples: [] as FailedNotificationExample[] };
  private readonly overdue = { count: 0, examples: [] as OverdueAckExample[] };
  private readonly silent = { count: 0, examples: [] as SilentTransferExample[] };

  constructor(private readonly examples: number) {}

  /** Keeps the period's earliest examples (by instant, then ticket), whatever order its events are read in. */
  private keep<T extends { at: string; ticketId: string }>(list: T[], at: string, ticketId: string, item: () => T): void {
    const ms = Date.parse(at);
    const before = (kept: T) => {
      const keptMs = Date.parse(kept.at);
      return ms < keptMs || (ms === keptMs && ticketId < kept.ticketId);
    };
    if (list.length >= this.examples && !(list.length > 0 && before(list[list.length - 1]!))) return;
    let i = list.length;
    while (i > 0 && before(list[i - 1]!)) i--;
    list.splice(i, 0, item());
    if (list.length > this.examples) list.pop();
  }

  rejected(ticketId: string, e: Extract<EscalationEvent, { type: 'handoff.rejected' }>): void {
    this.rejections[e.reason]++;
    for (const field of e.missingFields ?? []) this.missing[field]++;
    if (e.reason === 'not-our-scope') {
      this.notOurScope.count++;
      this.keep(this.notOurScope.examples, e.at, ticketId, () => ({ ticketId, handoffId: e.handoffId, at: e.at, from: e.from, to: e.to, ...(e.note ? { note: e.note } : {}) }));
    }
  }

  failedNotification(ticketId: string, e: Extract<EscalationEvent, { type: 'notification.failed' }>): void {
    this.failed.count++;
    this.failed.byChannel[e.channel] = (this.failed.byChannel[e.channel] ?? 0) + 1;
    this.keep(this.failed.examples, e.at, ticketId, () => ({ ticketId, at: e.at, channel: e.channel, target: e.target, attempt: e.attempt, error: e.error }));
  }

  ackOverdue(ticketId: string, e: Extract<EscalationEvent, { type: 'handoff.ack-overdue' }>): void {
    this.overdue.count++;
    this.keep(this.overdue.examples, e.at, ticketId, () => ({ ticketId, handoffId: e.handoffId, at: e.at, recordedAt: e.recordedAt, from: e.from, to: e.to }));
  }

  silentTransfer(ticketId: string, e: Extract<EscalationEvent, { type: 'ownership.silent-transfer' }>): void {
    this.silent.count++;
    this.keep(this.silent.examples, e.at, ticketId, () => ({ ticketId, at: e.at, fromGroupId: e.fromGroupId, toGroupId: e.toGroupId, toTeam: e.toTeam, owner: e.owner }));
  }

  result(): ReviewFindings {
    const missingFields = HANDOFF_FIELDS.filter((f) => this.missing[f] > 0)
      .map((field) => ({ field, label: HANDOFF_FIELD_LABELS[field], count: this.missing[field] }))
      .sort((a, b) => b.count - a.count);
    return {
      handoffQuality: { rejectionsByReason: { ...this.rejections }, missingFields, notOurScope: this.notOurScope },
      communicationFailures: { failedNotifications: this.failed, overdueAcknowledgements: this.overdue, silentTransfers: this.silent },
    };
  }
}

/**
 * Accumulates the review's findings over the events of `period` (any order, tickets mixed).
 * `partyOfTeam` names a team's party (for failed notifications, which name only their target team).
 * @example const review = new ReviewAccumulator(week, (team) => matrix.team(team)?.party); review.add(recorded); review.result();
 */
export class ReviewAccumulator {
  private readonly from: number;
  private readonly to: number;
  private readonly overall: Findings;
  private readonly parties = new Map<string, Findings>();
  private readonly breaches = new Map<string, BreachFact>();

  constructor(
    period: Period,
    private readonly partyOfTeam: (team: string) => string | undefined,
    private readonly examples = 20,
  ) {
    ({ from: this.from, to: this.to } = periodBounds(period));
    this.overall = new Findings(examples);
  }

  private party(party: string | undefined): Findings | undefined {
    if (party === undefined) return undefined;
    let findings = this.parties.get(party);
    if (!findings) this.parties.set(party, (findings = new Findings(this.examples)));
    return findings;
  }

  private includes(at: string): boolean {
    const ms = Date.parse(at);
    return ms >= this.from && ms < this.to;
  }

  add({ ticketId, event }: RecordedEvent): void {
    switch (event.type) {
      case 'handoff.rejected':
        if (!this.includes(event.at)) return;
        this.overall.rejected(ticketId, event);
        this.party(event.from.party)?.rejected(ticketId, event);
        return;
      case 'handoff.ack-overdue':
        if (!this.includes(event.at)) return;
        this.overall.ackOverdue(ticketId, event);
        this.party(event.to.party)?.ackOverdue(ticketId, event);
        return;
      case 'ownership.silent-transfer':
        if (!this.includes(event.at)) return;
        this.overall.silentTransfer(ticketId, event);
        this.party(event.owner.party)?.silentTransfer(ticketId, event);
        return;
      case 'notification.failed':
        if (!this.includes(event.at)) return;
        this.overall.failedNotification(ticketId, event);
        this.party(this.partyOfTeam(event.target))?.failedNotification(ticketId, event);
        return;
      case 'sla.breached':
        if (this.includes(event.at)) {
          // The first breach per escalation, whatever order its commits were read in.
          const seen = this.breaches.get(ticketId);
          if (!seen || Date.parse(event.at) < Date.parse(seen.at)) this.breaches.set(ticketId, { ticketId, at: event.at, recordedAt: event.recordedAt, dueAt: event.dueAt, owner: event.owner });
        }
        return;
      default:
        return;
    }
  }

  result(): ReviewSections {
    return {
      ...this.overall.result(),
      byParty: Object.fromEntries([...this.parties].map(([party, findings]) => [party, findings.result()])),
      breaches: [...this.breaches.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.ticketId.localeCompare(b.ticketId)),
    };
  }
}

/** The findings of a scope in which nothing happened. @example emptyFindings().handoffQuality.notOurScope.count // 0 */
export const emptyFindings = (): ReviewFindings => new Findings(0).result();
