/**
 * The ports of the escalation's record: its commits (EscalationStore) and the outbox log (OutboxLog).
 * They live here, not in shared/, because every commit carries the application's outbox; the outbox's
 * shapes have schemas, so a store can check what it reads back.
 */
import * as z from 'zod';
import type { CorruptItemError } from '../../shared/errors.js';
import { deadlineSchema } from '../../shared/escalation/deadlines.js';
import type { EscalationEvent, EscalationEventType, RecordedEvent } from '../../shared/escalation/events.js';
import type { EscalationSummary } from '../../shared/escalation/summary.js';
import { channelAddressSchema, notificationMessageSchema } from '../../shared/ports.js';

/** A delivery planned in a commit's outbox: one message to one channel address. */
export const deliverySchema = z.object({
  key: z.string(),
  forSeq: z.number().int(),
  /** Whom the delivery serves: a team id, or "*" for every recipient (the ticket note, the local file). */
  target: z.string(),
  address: channelAddressSchema,
  message: notificationMessageSchema,
  attempts: z.number().int().nonnegative(),
  status: z.enum(['pending', 'sent', 'failed']),
  nextAttemptAt: z.string().optional(),
  lastError: z.string().optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;

/** The side effects a commit owes, written in the same item as its events. */
export const outboxSchema = z.object({
  schedule: z.array(deadlineSchema),
  cancel: z.array(deadlineSchema),
  deliveries: z.array(deliverySchema),
});
export type Outbox = z.infer<typeof outboxSchema>;

/** A commit read back from the outbox log for its outbox. */
export interface PendingOutbox {
  tenant: string;
  ticketId: string;
  commit: number;
  /** The outbox as last stored: as written with the commit, unless work left over was stored since. */
  outbox: Outbox;
  /** Where the entry sits in the outbox log, when it was read from there. */
  position?: string;
}

/**
 * An entry of the outbox log whose item could not be read back (corrupted, or written by something
 * else). No retry can carry it out: the sweeper reports it and passes it, so it holds up no other entry.
 */
export interface UnreadableOutbox {
  unreadable: CorruptItemError;
  /** The log's shard and the entry's place in it: enough to pass it. */
  shard: number;
  position: string;
}

export type OutboxLogEntry = PendingOutbox | UnreadableOutbox;

export interface EscalationHistory {
  /** Number of commits so far (0: nothing stored). */
  version: number;
  events: RecordedEvent[];
}

export interface NewCommit {
  at: string;
  events: EscalationEvent[];
  outbox: Outbox;
  /**
   * The escalation after this commit, as lists show it (keeps the list and open-escalations indexes);
   * absent when the commit changes nothing a list shows (a handoff requested, a warning, a notification sent).
   */
  summary?: EscalationSummary;
}

/** Which escalations a list wants; `cursor` continues a previous page. */
export interface EscalationQuery {
  state?: 'open' | 'resolved';
  team?: string;
  party?: string;
  /** Only escalations whose record changed at or after this instant. */
  updatedSince?: string;
  limit: number;
  cursor?: string;
}

/** A page of summaries, most recently updated first; `cursor` is null on the last page. */
export interface EscalationPage {
  items: EscalationSummary[];
  cursor: string | null;
}

/**
 * The escalation's commits. Appends are single-item conditional writes: a lost race throws ConflictError.
 * An item read back that is not in the shape the store writes throws CorruptItemError.
 */
export interface EscalationStore {
  load(tenant: string, ticketId: string): Promise<EscalationHistory>;
  /** Writes commit `base.version + 1` (numbering its events after base's) and returns the history it makes. */
  append(tenant: string, ticketId: string, base: EscalationHistory, commit: NewCommit): Promise<EscalationHistory>;
  /** Every open escalation's ticket id (start-up rebuilds the local agenda from them). */
  listOpen(tenant: string): Promise<string[]>;
  /** Summaries, filtered and paged; a cursor this store did not hand out throws ValidationError. */
  list(tenant: string, query: EscalationQuery): Promise<EscalationPage>;
}

/**
 * The outbox log: every commit that owed side effects (written with the commit by EscalationStore.append),
 * by when they were (next) due. Finishing an outbox writes nothing; the sweeper reads each entry once,
 * checks it against the escalation, and passes it.
 */
export interface OutboxLog {
  /**
   * The entries due up to `until`, after those the sweeper has passed. `limit` is shared equally among
   * the log's shards (at least one entry each): a short page is not the end, an empty one is.
   */
  pendingOutboxes(until: Date, limit: number): Promise<OutboxLogEntry[]>;
  /** The sweeper has dealt with these entries (read by pendingOutboxes): it never reads them again. */
  passOutboxes(entries: OutboxLogEntry[]): Promise<void>;
  /** Work is left over (a failed schedule call, a delivery to retry): stores it, due again at `nextDueAt`. */
  updateOutbox(pending: PendingOutbox, outbox: Outbox, nextDueAt: string): Promise<void>;
}

/** Which commits a read of the week index wants: those written in `[from, to)`, optionally only those holding an event of `types`. */
export interface WeekIndexQuery {
  from: Date;
  to: Date;
  /** Keep only commits holding at least one event of these types (the store filters; the caller still checks each event). */
  types?: readonly EscalationEventType[];
}

/**
 * The escalation commits by tenant and ISO week (the `by-week` index): what the weekly review and the
 * matrix replay read, never a table scan. Commits are placed by when they were written: a deadline's
 * event (`at` = when it fell due) may sit in a commit written later, in the next week.
 */
export interface WeekIndex {
  /** The events of the tenant's commits written in `[from, to)`, oldest commit first, one array per page read. */
  events(tenant: string, query: WeekIndexQuery): AsyncIterable<RecordedEvent[]>;
}
