/** Everything the application functions need, wired by the Lambda handlers or by local mode. */
import type { ChannelAddress, Clock, DeadlineScheduler, DigestMessage, IdempotencyStore, MatrixStore, NotificationMessage, TenantDirectory, TicketSystem } from '../../shared/ports.js';
import type { ProposalStore } from './governance/proposal.js';
import type { Log } from './log.js';
import type { EscalationStore, OutboxLog, WeekIndex } from './ports.js';
import type { ReportStore } from './reports/ports.js';

export interface Deliverer {
  has(kind: ChannelAddress['kind']): boolean;
  send(address: ChannelAddress, message: NotificationMessage): Promise<void>;
  carriesDigest(kind: ChannelAddress['kind']): boolean;
  sendDigest(address: ChannelAddress, digest: DigestMessage): Promise<void>;
}

/** Work that may finish after the answer (local mode) or must finish before it (Lambda drains it). */
export interface BackgroundTasks {
  run(task: () => Promise<void>): void;
}

export interface AppDeps {
  store: EscalationStore;
  outbox: OutboxLog;
  /** The commits by ISO week: the weekly review and the matrix replay read them, never the whole table. */
  weeks: WeekIndex;
  /** The reports' own items: late records and baselines. */
  reports: ReportStore;
  matrices: MatrixStore;
  /** Matrix proposals awaiting approval, and the decided ones. */
  proposals: ProposalStore;
  tenants: TenantDirectory;
  idempotency: IdempotencyStore;
  scheduler: DeadlineScheduler;
  deliverer: Deliverer;
  /** The tenant's Freshservice, or null when it has none (membership comes from the matrix then, and no ticket notes). */
  ticketSystem(tenant: string): Promise<TicketSystem | null>;
  clock: Clock;
  background: BackgroundTasks;
  log: Log;
  config: {
    /** Exposes POST /v1/dev/clock (manual clock only, never in the AWS build). */
    devClock: ((body: { advanceMinutes: number } | { set: string }) => Promise<{ now: string; fired: number }>) | null;
    /** Where the weekly digest links to when the matrix names no governance.digest.reviewUrl (local mode: its /app/ page); null: no link. */
    reviewUrl(): string | null;
  };
}
