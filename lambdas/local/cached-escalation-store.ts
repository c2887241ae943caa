/**
 * A write-through cache of escalation histories for local mode, where this process is the store's
 * only writer: a read after a write needs no round trip. Never used on AWS, where many Lambda
 * instances write; the conditional commit keeps even a stale entry from losing anything.
 */
import type { EscalationHistory, EscalationPage, EscalationQuery, EscalationStore, NewCommit } from '../app/ports.js';

const DEFAULT_ENTRIES = 20_000;

export class CachedEscalationStore implements EscalationStore {
  /** Insertion order is recency: a hit moves its entry to the end, the oldest goes first. */
  private readonly histories = new Map<string, EscalationHistory>();
  /**
   * The highest version known to be stored, per key. Reads and writes finish in any order (a slow
   * write may return after a later one), so a history older than this is never cached.
   */
  private readonly known = new Map<string, number>();

  constructor(
    private readonly inner: EscalationStore,
    private readonly maxEntries = DEFAULT_ENTRIES,
  ) {}

  async load(tenant: string, ticketId: string): Promise<EscalationHistory> {
    const key = `${tenant}\u0000${ticketId}`;
    const hit = this.histories.get(key);
    if (hit) {
      this.histories.delete(key);
      this.histories.set(key, hit);
      return hit;
    }
    const history = await this.inner.load(tenant, ticketId);
    this.remember(key, history);
    return history;
  }

  async append(tenant: string, ticketId: string, base: EscalationHistory, commit: NewCommit): Promise<EscalationHistory> {
    const key = `${tenant}\u0000${ticketId}`;
    try {
      const history = await this.inner.append(tenant, ticketId, base, commit);
      this.remember(key, history);
      return history;
    } catch (error) {
      // A lost race (or an outage, which may have written) means the store holds more than `base`:
      // forget the entry, and never again cache anything as old as `base`.
      this.histories.delete(key);
      this.raiseKnown(key, base.version + 1);
      throw error;
    }
  }

  listOpen(tenant: string): Promise<string[]> {
    return this.inner.listOpen(tenant);
  }

  list(tenant: string, query: EscalationQuery): Promise<EscalationPage> {
    return this.inner.list(tenant, query);
  }

  private remember(key: string, history: EscalationHistory): void {
    if (history.version < (this.known.get(key) ?? 0)) return;
    this.raiseKnown(key, history.version);
    this.histories.delete(key);
    this.histories.set(key, history);
    if (this.histories.size > this.maxEntries) this.histories.delete(this.histories.keys().next().value!);
  }

  private raiseKnown(key: string, version: number): void {
    if (version <= (this.known.get(key) ?? 0)) return;
    this.known.delete(key);
    this.known.set(key, version);
    if (this.known.size > this.maxEntries * 2) this.known.delete(this.known.keys().next().value!);
  }
}
