/**
 * What each function does with the table, read from the adapters in lambdas/adapters/dynamodb/: the
 * only actions and indexes its role is granted. A new store call needs a line here (the bundle test fails without it).
 */
import { INDEX } from '../../lambdas/adapters/dynamodb/table.js';

export type TableAction = 'dynamodb:GetItem' | 'dynamodb:BatchGetItem' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem' | 'dynamodb:DeleteItem' | 'dynamodb:Query';
export type IndexName = (typeof INDEX)[keyof typeof INDEX]['name'];

export interface TableAccess {
  /** Actions on the table's own items. */
  readonly actions: readonly TableAction[];
  /** Indexes it queries (Query is the only action granted on them). */
  readonly indexes: readonly IndexName[];
}

/** Every escalation command: load and the active matrix (Query), commit (PutItem), summary and outbox leftovers (UpdateItem), key lookup (GetItem). */
const COMMANDS: TableAction[] = ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:GetItem'];

export const TABLE_ACCESS = {
  /** Commands, plus the key lookup (GetItem), idempotency claims (released by DeleteItem), the escalation lists, and the week index (the matrix replay, the weekly review). */
  api: { actions: [...COMMANDS, 'dynamodb:DeleteItem'], indexes: [INDEX.open.name, INDEX.escalations.name, INDEX.week.name] },
  /**
   * The weekly review's routes: a week's commits through the week index, the active matrix (Query), the key lookup
   * (GetItem), baselines (Query, PutItem) and idempotency claims (PutItem, UpdateItem, released by DeleteItem).
   */
  reports: { actions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], indexes: [INDEX.week.name] },
  /**
   * The weekly digest: the tenants (the key registry: Query, then BatchGetItem of the keys), each active matrix (Query), the week's commits through
   * the week index and its breached escalations' histories (Query), kept week KPIs and the digest record (GetItem,
   * PutItem, UpdateItem for its lease). It runs no command and writes no escalation.
   */
  weekly: { actions: ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], indexes: [INDEX.week.name] },
  /** A firing is one command on one escalation. */
  deadline: { actions: COMMANDS, indexes: [] },
  /** Reads the outbox log and its position per shard (GetItem, UpdateItem), and redoes commands. */
  sweeper: { actions: COMMANDS, indexes: [INDEX.outbox.name] },
} as const satisfies Record<string, TableAccess>;
