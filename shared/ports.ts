/**
 * The domain-facing ports; adapters in lambdas/adapters implement them for AWS and for local mode. The
 * escalation's record and its outbox log carry the application's outbox: their ports are in lambdas/app/ports.ts.
 * What a store reads back has a schema here, and its type comes from it.
 */
import * as z from 'zod';
import type { Deadline, DeadlineRef } from './escalation/deadlines.js';
import { actorRefSchema, eventTypeSchema } from './escalation/events.js';

/** Where time comes from: the system clock in production, a manual one in tests and demos. */
export interface Clock {
  now(): Date;
}

/** A deadline as a scheduler sees it: whose it is and when it falls due. */
export type ScheduledDeadline = Deadline & {
  tenant: string;
  ticketId: string;
};

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
  /**
   * Whether the deadline's schedule stands (made, and neither fired nor cancelled): the sweeper asks before it
   * schedules a deadline again, so each deadline is created once however often its outbox entry is checked.
   */
  isScheduled(deadline: ScheduledDeadline): Promise<boolean>;
}

/**
 * Where one notification goes.
 * @example channelAddressSchema.parse({ kind: 'slack', channel: '#it-service-desk' })
 */
export const channelAddressSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('slack'), channel: z.string() }),
  z.object({ kind: z.literal('teams'), url: z.string() }),
  z.object({ kind: z.literal('ticket-note'), ticketId: z.string() }),
  z.object({ kind: z.literal('outbox-file') }),
]);
export type ChannelAddress = z.infer<typeof channelAddressSchema>;
export type ChannelKind = ChannelAddress['kind'];

/**
 * A notification in plain text; each channel escapes it for its own format.
 * @example notificationMessageSchema.parse(plannedDelivery.message)
 */
export const notificationMessageSchema = z.object({
  tenant: z.string(),
  ticketId: z.string(),
  subject: z.string().optional(),
  eventType: eventTypeSchema,
  seq: z.number().int(),
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.string(),
  /** Facts, one per line ("Owner: MSP NOC (msp)"). */
  lines: z.array(z.string()),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  /** The teams this notification is for (a ticket note serves all of them at once). */
  recipients: z.array(z.object({ team: z.string(), party: z.string(), name: z.string() })),
});
export type NotificationMessage = z.infer<typeof notificationMessageSchema>;

/**
 * The weekly digest in plain text, as both coordinator teams' channels receive it; each channel escapes it.
 * @example digestMessageSchema.parse(record.message)
 */
export const digestMessageSchema = z.object({
  tenant: z.string(),
  week: z.string(),
  title: z.string(),
  /** The week's days and zone, e.g. "Mon 30 Nov – Sun 6 Dec 2026 (Europe/London)". */
  period: z.string(),
  /** What the movement is against: the current baseline, else the previous 4 weeks. */
  comparedWith: z.string(),
  kpis: z.array(
    z.object({
      label: z.string(),
      value: z.string(),
      movement: z.string().nullable(),
      /** The seed's target range and where the KPI stands against it; null without a baseline. */
      target: z.string().nullable(),
      /** The figure per party (or, for ambiguity, by cause). */
      detail: z.string().nullable(),
    }),
  ),
  breaches: z.number().int().nonnegative(),
  /** The week's worst breach in one line, or null when nothing breached. */
  worstBreach: z.string().nullable(),
  link: z.object({ label: z.string(), url: z.string() }).nullable(),
});
export type DigestMessage = z.infer<typeof digestMessageSchema>;

/** One delivery channel. `send` resolves when the channel accepted the message, and throws otherwise. */
export interface Notifier {
  readonly kind: ChannelKind;
  send(address: ChannelAddress, message: NotificationMessage): Promise<void>;
  /** The weekly digest; only the channels a coordinator team has (Slack, Teams) and local mode's file carry it. */
  sendDigest?(address: ChannelAddress, digest: DigestMessage): Promise<void>;
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

/** How a matrix version came to be active: a governed proposal, `npm start`'s BATON_MATRIX file, or the tenant command (a first matrix, or --replace). */
export const MATRIX_ORIGINS = ['proposal', 'local-start', 'tenant-admin'] as const;
export type MatrixOrigin = (typeof MATRIX_ORIGINS)[number];

/** One approval of a proposal: who, for which party, when, through which key. */
export const approvalSchema = z.object({ id: z.string(), name: z.string().optional(), party: z.string(), at: z.string(), note: z.string().optional(), via: actorRefSchema.shape.via });
export type Approval = z.infer<typeof approvalSchema>;

/**
 * A version of the escalation matrix as stored: the document (checked by the matrix schema when compiled), who made it, when;
 * and since governed updates, how (`origin`), what it replaced (`basedOn`) and, for a proposal, who proposed and approved it and why.
 * @example storedMatrixSchema.parse({ version: 2, document: {}, createdAt: '2026-11-30T10:00:00.000Z', createdBy: 'carla' })
 */
export const storedMatrixSchema = z.object({
  version: z.number().int().positive(),
  document: z.unknown(),
  createdAt: z.string(),
  createdBy: z.string(),
  note: z.string().optional(),
  /** Absent on versions stored before governed updates: their createdBy tells ("local-start", "tenant-admin"). */
  origin: z.enum(MATRIX_ORIGINS).optional(),
  basedOn: z.number().int().nonnegative().optional(),
  proposal: z
    .object({ id: z.string(), rationale: z.string(), proposedBy: actorRefSchema, proposedAt: z.string(), approvals: z.array(approvalSchema) })
    .optional(),
});
export type StoredMatrix = z.infer<typeof storedMatrixSchema>;
/** A version without its document: what the version history lists. */
export type MatrixVersionInfo = Omit<StoredMatrix, 'document'>;

/**
 * Versioned matrices per tenant. The active version is the latest stored: storing version n + 1 is the
 * activation, one conditional write (dynalite has no transactions, and none is needed).
 */
export interface MatrixStore {
  active(tenant: string): Promise<StoredMatrix | null>;
  version(tenant: string, version: number): Promise<StoredMatrix | null>;
  /**
   * Stores `matrix` as version `basedOn + 1` (by default the active version + 1), which makes it active.
   * @throws ConflictError when that version exists already: another activation got there first
   */
  activate(tenant: string, matrix: Omit<StoredMatrix, 'version' | 'basedOn'>, basedOn?: number): Promise<StoredMatrix>;
  /** Every version, oldest first, without documents. */
  versions(tenant: string): Promise<MatrixVersionInfo[]>;
}

/**
 * What a key may do: assert any actor of its tenant, only members of one party's teams, or (a webhook
 * secret) nothing but report ticket changes.
 * @example keyScopeSchema.parse('party:msp')
 */
export const keyScopeSchema = z.union([z.literal('tenant'), z.templateLiteral(['party:', z.string()]), z.literal('webhook')]);
export type KeyScope = z.infer<typeof keyScopeSchema>;

/** An API key as the directory describes it; `id` is a short prefix of its hash, safe to log and to record. */
export interface ApiKey {
  id: string;
  tenant: string;
  scope: KeyScope;
  /** What the key is for ("Freshservice app", "MSP PSA integration"); "(unlabelled)" for a key registered before labels. */
  label: string;
  /** When the key was first registered (ISO); null for a key registered before creation times were kept. */
  createdAt: string | null;
  /** When the key stops working (ISO): a rotated key's overlap ends then. Null: it works until revoked. */
  expiresAt: string | null;
}

/** What registering a key says about it; `at` becomes its `createdAt` unless the key is registered already. */
export interface KeyRegistration {
  tenant: string;
  scope: KeyScope;
  label: string;
  at: string;
}

/**
 * A key's id as the directory gives it: `key_` and the first 8 hex digits of its hash.
 * @example keyIdSchema.parse('key_1a2b3c4d')
 */
export const keyIdSchema = z.string().regex(/^key_[0-9a-f]{8}$/, 'a key id is "key_" and 8 hex digits, as `keys <tenant>` lists them');

/**
 * Tenant API keys, stored as hashes only; no method hands a hash out. Keys are named by hash where the
 * key itself is at hand (a request, local mode's configuration), and by tenant and id where a person names one.
 */
export interface TenantDirectory {
  /** The key that hashes to `keyHash`, or null: unknown, revoked, or expired (at its `expiresAt` it no longer works). */
  keyForHash(keyHash: string): Promise<ApiKey | null>;
  /**
   * Registers the key, or gives a registered one this tenant, scope and label and takes its expiry away: it
   * keeps its createdAt (a restart registers again).
   */
  register(keyHash: string, registration: KeyRegistration): Promise<void>;
  /** Every key that works, described. */
  list(): Promise<ApiKey[]>;
  /**
   * The tenant's key with this id stops working now; answers it as it was.
   * @throws NotFoundError when the tenant has no such key (a key of another tenant included)
   */
  revoke(tenant: string, keyId: string): Promise<ApiKey>;
  /**
   * The tenant's key with this id stops working at `at` (ISO), or sooner if it already expires sooner;
   * answers it with the expiry it now has. The store removes it some time after.
   * @throws NotFoundError when the tenant has no such key that still works
   */
  expire(tenant: string, keyId: string, at: string): Promise<ApiKey>;
  /** Every key but these stops working (the configured keys are the whole set); answers the ids of those revoked. */
  revokeAllBut(keyHashes: ReadonlySet<string>): Promise<string[]>;
}

/**
 * A tenant id: what every key of the tenant's data starts with, and the last part of its secret's name.
 * @example tenantIdSchema.parse('acme-eu')
 */
export const tenantIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a tenant id is 1–40 lowercase letters, digits or hyphens, starting with a letter or digit');

/**
 * A tenant as recorded when it was created (`npm run tenant -- create`).
 * @example tenantRecordSchema.parse({ tenant: 'acme', createdAt: '2026-11-30T09:00:00.000Z' })
 */
export const tenantRecordSchema = z.object({ tenant: tenantIdSchema, createdAt: z.string() });
export type TenantRecord = z.infer<typeof tenantRecordSchema>;

/** The tenants a platform team created; the API itself knows tenants only by their keys. */
export interface TenantRegistry {
  /** @throws ConflictError when the tenant exists */
  create(record: TenantRecord): Promise<void>;
  get(tenant: string): Promise<TenantRecord | null>;
  /** Every tenant, by id. */
  list(): Promise<TenantRecord[]>;
}

/** An answer as remembered for replay. @example idempotentResponseSchema.parse({ statusCode: 201, headers: { location: '/v1/escalations/4521' }, body: '{}' }) */
export const idempotentResponseSchema = z.object({
  statusCode: z.number().int(),
  /** Absent in answers remembered before headers were kept. */
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string(),
});
export type IdempotentResponse = z.infer<typeof idempotentResponseSchema>;

/**
 * A remembered answer to a request with an Idempotency-Key.
 * @example idempotentRecordSchema.parse({ requestHash: 'ab12…', status: 'in-progress' })
 */
export const idempotentRecordSchema = z.object({
  requestHash: z.string(),
  status: z.enum(['in-progress', 'done']),
  /** The answer as first given: a replay carries its headers too (location, cache-control, …). */
  response: idempotentResponseSchema.optional(),
});
export type IdempotentRecord = z.infer<typeof idempotentRecordSchema>;

export interface IdempotencyStore {
  /** Claims the key; returns the existing record when the key was used before (nothing is claimed then). */
  claim(tenant: string, key: string, requestHash: string, now: Date): Promise<IdempotentRecord | null>;
  complete(tenant: string, key: string, requestHash: string, response: IdempotentResponse): Promise<void>;
  release(tenant: string, key: string): Promise<void>;
}
