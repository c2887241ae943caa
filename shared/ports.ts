/** The ports the handlers talk to; adapters in lambdas/adapters implement them for AWS and for local mode. */
import type { Deadline, DeadlineRef } from './escalation/deadlines.js';
import type { EscalationEvent, EscalationEventType, RecordedEvent } from './escalation/events.js';
import type { EscalationSummary } from './escalation/summary.js';

/** Where time comes from: the system clock in production, a manual one in tests and demos. */
export interface Clock {
  now(): Date;
}

/** A deadline as a scheduler sees it: whose it is and when it falls due. */
export interface ScheduledDeadline extends Deadline {
  tenant: string;
  ticketId: string;
}

/** What a scheduler delivers back to the deadline handler when a deadline falls due. */
export interface DeadlineFiring {
  tenant: string;
  ticketId: string;
  deadline: DeadlineRef;
  dueAt: string;
}

/**
 * One-time deadlines. Both calls are idempotent: scheduling an existing deadline or cancelling
 * a missing one succeeds; anything else that fails throws, and the outbox sweeper tries again.
 */
export interface DeadlineScheduler {
  schedule(deadline: ScheduledDeadline): Promise<void>;
  cancel(deadline: ScheduledDeadline): Promise<void>;
}

export type ChannelKind = 'slack' | 'teams' | 'ticket-note' | 'outbox-file';

/** Where one notification goes. */
export type ChannelAddress =
  | { kind: 'slack'; channel: string }
  | { kind: 'teams'; url: string }
  | { kind: 'ticket-note'; ticketId: string }
  | { kind: 'outbox-file' };

/** A notification in plain text; each channel escapes it for its own format. */
export interface NotificationMessage {
  tenant: string;
  ticketId: string;
  subject?: string;
  eventType: EscalationEventType;
  seq: number;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  /** Facts, one per line ("Owner: MSP NOC (msp)"). */
  lines: string[];
  links: { label: string; url: string }[];
  /** The teams this notification is for (a ticket note serves all of them at once). */
  recipients: { team: string; party: string; name: string }[];
}

/** One delivery channel. `send` resolves when the channel accepted the message, and throws otherwise. */
export interface Notifier {
  readonly kind: ChannelKind;
  send(address: ChannelAddress, message: NotificationMessage): Promise<void>;
}

/** The ticket as the ticket system knows it. */
export interface Ticket {
  id: string;
  subject: string;
  groupId: number | null;
  status: number;
  priority: number;
}

/** The service desk (Freshservice) seen from Baton. */
export interface TicketSystem {
  getTicket(ticketId: string): Promise<Ticket | null>;
  /** Agent group ids the agent is a member of. */
  groupsOfAgent(agentId: string): Promise<number[]>;
  /** Adds a private note (HTML, already escaped by the caller). */
  addPrivateNote(ticketId: string, html: string): Promise<void>;
}

/** A delivery planned in a commit's outbox: one message to one channel address. */
export interface Delivery {
  key: string;
  forSeq: number;
  /** Whom the delivery serves: a team id, or "*" for every recipient (the ticket note, the local file). */
  target: string;
  address: ChannelAddress;
  message: NotificationMessage;
  attempts: number;
  status: 'pending' | 'sent' | 'failed';
  nextAttemptAt?: string;
  lastError?: string;
}

/** The side effects a commit owes, written in the same item as its events. */
export interface Outbox {
  schedule: Deadline[];
  cancel: Deadline[];
  deliveries: Delivery[];
}

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

/** The escalation's commits. Appends are single-item conditional writes: a lost race throws ConflictError. */
export interface EscalationStore {
  load(tenant: string, ticketId: string): Promise<EscalationHistory>;
  /** Writes commit `base.version + 1` (numbering its events after base's) and returns the history it makes. */
  append(tenant: string, ticketId: string, base: EscalationHistory, commit: NewCommit): Promise<EscalationHistory>;
  /** Every open escalation's ticket id (start-up rebuilds the local agenda from them). */
  listOpen(tenant: string): Promise<string[]>;
  /** Summaries, filtered and paged; a cursor this store did not hand out throws ValidationError. */
  list(tenant: string, query: EscalationQuery): Promise<EscalationPage>;
  /**
   * The outbox log: every commit that owed side effects, by when they were (next) due, up to `until`,
   * after the entries the sweeper has passed. Finishing an outbox writes nothing; the sweeper reads
   * each entry once, checks it against the escalation, and passes it. `limit` is shared equally among
   * the log's shards (at least one entry each): a short page is not the end, an empty one is.
   */
  pendingOutboxes(until: Date, limit: number): Promise<PendingOutbox[]>;
  /** The sweeper has dealt with these entries (read by pendingOutboxes): it never reads them again. */
  passOutboxes(entries: PendingOutbox[]): Promise<void>;
  /** Work is left over (a failed schedule call, a delivery to retry): stores it, due again at `nextDueAt`. */
  updateOutbox(pending: PendingOutbox, outbox: Outbox, nextDueAt: string): Promise<void>;
}

/** A version of the escalation matrix as stored: the document, who made it, when. */
export interface StoredMatrix {
  version: number;
  document: unknown;
  createdAt: string;
  createdBy: string;
  note?: string;
}

/** Versioned matrices per tenant; exactly one is active. */
export interface MatrixStore {
  active(tenant: string): Promise<StoredMatrix | null>;
  /** Stores a new version and makes it active (conditional on the version number being free). */
  activate(tenant: string, matrix: Omit<StoredMatrix, 'version'>): Promise<StoredMatrix>;
}

/**
 * What a key may do: assert any actor of its tenant, only members of one party's teams, or (a webhook
 * secret) nothing but report ticket changes.
 */
export type KeyScope = 'tenant' | `party:${string}` | 'webhook';

/** An API key as the directory describes it; `id` is a short prefix of its hash, safe to log and to record. */
export interface ApiKey {
  id: string;
  tenant: string;
  scope: KeyScope;
  /** What the key is for ("Freshservice app", "MSP PSA integration"); "(unlabelled)" for a key registered before labels. */
  label: string;
  /** When the key was first registered (ISO); null for a key registered before creation times were kept. */
  createdAt: string | null;
}

/** What registering a key says about it; `at` becomes its `createdAt` unless the key is registered already. */
export interface KeyRegistration {
  tenant: string;
  scope: KeyScope;
  label: string;
  at: string;
}

/** Tenant API keys, stored as hashes only; no method hands a hash out. */
export interface TenantDirectory {
  /** The key that hashes to `keyHash`, or null. */
  keyForHash(keyHash: string): Promise<ApiKey | null>;
  /** Registers the key, or gives a registered one this tenant, scope and label: it keeps its createdAt (a restart registers again). */
  register(keyHash: string, registration: KeyRegistration): Promise<void>;
  /** Every key that works, described. */
  list(): Promise<ApiKey[]>;
  /** The key stops working (idempotent). */
  revoke(keyHash: string): Promise<void>;
  /** Every key but these stops working (the configured keys are the whole set); answers the ids of those revoked. */
  revokeAllBut(keyHashes: ReadonlySet<string>): Promise<string[]>;
}

export interface IdempotentResponse {
  statusCode: number;
  /** Absent in answers remembered before headers were kept. */
  headers?: Record<string, string>;
  body: string;
}

/** A remembered answer to a request with an Idempotency-Key. */
export interface IdempotentRecord {
  requestHash: string;
  status: 'in-progress' | 'done';
  /** The answer as first given: a replay carries its headers too (location, cache-control, …). */
  response?: IdempotentResponse;
}

export interface IdempotencyStore {
  /** Claims the key; returns the existing record when the key was used before (nothing is claimed then). */
  claim(tenant: string, key: string, requestHash: string, now: Date): Promise<IdempotentRecord | null>;
  complete(tenant: string, key: string, requestHash: string, response: IdempotentResponse): Promise<void>;
  release(tenant: string, key: string): Promise<void>;
}
