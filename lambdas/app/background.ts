/** Deadline firings and the outbox sweeper: the two entry points that no person calls. */
import * as z from 'zod';
import { deadlineKey, deadlineRefSchema, dueDeadlines } from '../../shared/escalation/deadlines.js';
import type { DeadlineFiring } from '../../shared/ports.js';
import { parseOrThrow } from '../../shared/validation.js';
import type { AppDeps } from './deps.js';
import type { EscalationService } from './escalations.js';
import { describeError } from './log.js';
import type { PendingOutbox } from './ports.js';

/** Commits younger than this are still being carried out by the request that wrote them. */
export const SWEEP_GRACE_MS = 30_000;

/** A firing as a scheduler delivers it; firings scheduled before each deadline kind had its own fields still parse. */
export const deadlineFiringSchema = z.object({
  tenant: z.string().min(1),
  ticketId: z.string().min(1),
  dueAt: z.string(),
  deadline: deadlineRefSchema,
});

/** A firing that arrived before its deadline fell due: thrown so that the scheduler delivers it again. */
export class DeadlineNotDueError extends Error {
  constructor(readonly key: string, readonly dueAt: string) {
    super(`Deadline ${key} fired before it was due (${dueAt}); it is delivered again`);
    this.name = 'DeadlineNotDueError';
  }
}

/**
 * A scheduler delivered a deadline (at least once): whatever fell due by now is recorded, each as of
 * its due instant; a stale or repeated firing records nothing. An early firing is never recorded
 * early: it throws, and the scheduler's retry (or the local agenda) delivers it again.
 * @example await fireDeadline(service, JSON.parse(event.body))
 */
export async function fireDeadline(service: EscalationService, input: unknown): Promise<{ recorded: number }> {
  const firing: DeadlineFiring = parseOrThrow(deadlineFiringSchema, input, 'Invalid deadline firing');
  const { recorded, state } = await service.execute(firing.tenant, firing.ticketId, () => ({ type: 'FireDeadline', deadline: firing.deadline }));
  const key = deadlineKey(firing.deadline);
  const waiting = dueDeadlines(state).find((d) => deadlineKey(d) === key);
  if (waiting) throw new DeadlineNotDueError(key, waiting.dueAt);
  return { recorded: recorded.length };
}

/** An entry that could not be processed is tried again after this long. */
const RETRY_MS = 60_000;
/** Entries read per page; a sweep reads pages until it has caught up or spent its budget. */
const PAGE_SIZE = 100;
/** Escalations whose entries are processed at once (each escalation's own entries in order). */
const CONCURRENCY = 8;

/** A sweep reads no further page after this long (a Lambda's timeout must leave room for one more page). */
const SWEEP_BUDGET_MS = 30_000;

/**
 * Reads the outbox log past its position, page by page, does again whatever a crash or a failing
 * channel left undone (schedules, deliveries), and passes what it read.
 * @example await sweepOutboxes(deps, service) // every minute on AWS, every few seconds locally
 */
export async function sweepOutboxes(deps: AppDeps, service: EscalationService): Promise<{ processed: number; failed: number }> {
  const started = performance.now();
  let processed = 0;
  let failed = 0;
  for (;;) {
    const now = deps.clock.now();
    const page = await deps.outbox.pendingOutboxes(new Date(now.getTime() - SWEEP_GRACE_MS), PAGE_SIZE);
    const byEscalation = new Map<string, PendingOutbox[]>();
    for (const entry of page) {
      if ('unreadable' in entry) {
        // No retry can read it: reported (its key and field, never its content) and passed with the page, so it holds up nothing else.
        failed++;
        deps.log.error('outbox log entry unreadable; passed without being carried out', describeError(entry.unreadable));
        continue;
      }
      const key = `${entry.tenant}\u0000${entry.ticketId}`;
      byEscalation.set(key, [...(byEscalation.get(key) ?? []), entry]);
    }
    let stuck = false;
    const processGroup = async (entries: PendingOutbox[]) => {
      for (const item of entries) {
        try {
          await service.outbox.process(item);
        } catch (error) {
          failed++;
          deps.log.error('outbox processing failed', { tenant: item.tenant, ticketId: item.ticketId, commit: item.commit, ...describeError(error) });
          // Moved ahead, the entry is read again later; left where it is, nothing may be passed.
          await deps.outbox.updateOutbox(item, item.outbox, new Date(now.getTime() + RETRY_MS).toISOString()).catch(() => {
            stuck = true;
          });
        }
      }
    };
    const groups = [...byEscalation.values()];
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, groups.length) }, async () => {
      for (let group = groups.shift(); group; group = groups.shift()) await processGroup(group);
    }));
    processed += page.length;
    if (stuck) break;
    await deps.outbox.passOutboxes(page);
    // A short page may still leave entries in a busy shard: only an empty read means caught up.
    if (page.length === 0 || performance.now() - started > SWEEP_BUDGET_MS) break;
  }
  return { processed, failed };
}
