import { describe, expect, it } from 'vitest';
import { CachedEscalationStore } from '../../lambdas/local/cached-escalation-store.js';
import { ConflictError } from '../../shared/errors.js';
import type { EscalationHistory, EscalationStore, NewCommit } from '../../lambdas/app/ports.js';

/** Counts the reads that reach the store behind the cache. */
function countingStore(failAppend?: Error) {
  const reads: string[] = [];
  const store: EscalationStore = {
    load: async (_tenant, ticketId) => (reads.push(ticketId), { version: 0, events: [] }),
    append: async (_tenant, _ticketId, base) => {
      if (failAppend) throw failAppend;
      return { version: base.version + 1, events: base.events };
    },
    listOpen: async () => [],
    list: async () => ({ items: [], cursor: null }),
  };
  return { store, reads };
}
const commit: NewCommit = { at: '2026-11-30T09:00:00.000Z', events: [], outbox: { schedule: [], cancel: [], deliveries: [] },
  summary: { ticketId: '1', state: 'open', subject: null, owner: { team: 'service-desk', party: 'internal' }, dueAt: null, paused: false, breached: false, breachedAt: null, updatedAt: '2026-11-30T09:00:00.000Z' },
};

describe('the write-through history cache', () => {
  it('answers a second read without the store', async () => {
    const { store, reads } = countingStore();
    const cache = new CachedEscalationStore(store);

    const first = await cache.load('t', '1');
    const second = await cache.load('t', '1');

    expect(second).toBe(first);
    expect(reads).toEqual(['1']);
  });

  it('serves what it just wrote', async () => {
    const { store, reads } = countingStore();
    const cache = new CachedEscalationStore(store);

    const written = await cache.append('t', '1', await cache.load('t', '1'), commit);

    expect(await cache.load('t', '1')).toBe(written);
    expect(reads).toEqual(['1']);
  });

  it('asks the store again after a lost race', async () => {
    const { store, reads } = countingStore(new ConflictError('lost'));
    const cache = new CachedEscalationStore(store);
    const base: EscalationHistory = await cache.load('t', '1');

    await expect(cache.append('t', '1', base, commit)).rejects.toBeInstanceOf(ConflictError);
    await cache.load('t', '1');

    expect(reads).toEqual(['1', '1']);
  });

  it('forgets the least recently used history first', async () => {
    const { store, reads } = countingStore();
    const cache = new CachedEscalationStore(store, 2);

    await cache.load('t', 'a');
    await cache.load('t', 'b');
    await cache.load('t', 'a');
    await cache.load('t', 'c');
    await cache.load('t', 'a');
    await cache.load('t', 'b');

    expect(reads).toEqual(['a', 'b', 'c', 'b']);
  });
});

describe('the write-through history cache under races', () => {
  it('keeps the newer history when an older write finishes last', async () => {
    let releaseSlow: () => void = () => {};
    const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
    const store: EscalationStore = {
      load: async () => ({ version: 4, events: [] }),
      append: async (_tenant, _ticketId, base) => {
        if (base.version === 4) await slowGate; // the slow writer of version 5
        return { version: base.version + 1, events: [] };
      },
      listOpen: async () => [],
      list: async () => ({ items: [], cursor: null }),
    };
    const cache = new CachedEscalationStore(store);
    const base = await cache.load('t', '1');

    const slow = cache.append('t', '1', base, commit);
    const newer = await cache.append('t', '1', { version: 5, events: [] }, commit);
    releaseSlow();
    await slow;

    expect(newer.version).toBe(6);
    expect((await cache.load('t', '1')).version).toBe(6);
  });

  it('does not cache a read older than a write that already finished', async () => {
    let releaseRead: () => void = () => {};
    const readGate = new Promise<void>((resolve) => (releaseRead = resolve));
    let reads = 0;
    const store: EscalationStore = {
      load: async () => {
        reads++;
        if (reads === 1) await readGate; // a read of version 4 that returns late
        return { version: reads === 1 ? 4 : 5, events: [] };
      },
      append: async (_tenant, _ticketId, base) => ({ version: base.version + 1, events: [] }),
      listOpen: async () => [],
      list: async () => ({ items: [], cursor: null }),
    };
    const cache = new CachedEscalationStore(store);

    const lateRead = cache.load('t', '1');
    await cache.append('t', '1', { version: 4, events: [] }, commit);
    releaseRead();
    await lateRead;

    expect((await cache.load('t', '1')).version).toBe(5);
  });
});
