/**
 * Late records: a commit that records an event more than LATE_RECORD_AFTER_MS before the commit itself
 * (a deadline noticed long after it fell due: an outage, a dead-lettered firing, the manual clock's jump)
 * leaves a small item in the partition of that event's ISO week (UTC), so the report of the event's week
 * finds the commit without reading every later week. Written before the commit: a record whose commit
 * then failed points at nothing (or at the winner's commit, whose events are read and placed by instant),
 * never at a lost event.
 */
import type { RecordedEvent } from '../../../shared/escalation/events.js';
import { LATE_RECORD_AFTER_MS } from '../../app/reports/ports.js';
import { isoWeek, keys } from './table.js';

/** The late records of commit `n` of a ticket written at `commitAt`: one per UTC ISO week of its late events (usually none). */
export function lateRecordItems(tenant: string, ticketId: string, n: number, commitAt: string, recorded: readonly RecordedEvent[]): Record<string, unknown>[] {
  const written = Date.parse(commitAt);
  const weeks = new Map<string, string>();
  for (const { event } of recorded) {
    const at = Date.parse(event.at);
    if (!(written - at > LATE_RECORD_AFTER_MS)) continue;
    const week = isoWeek(new Date(at));
    const first = weeks.get(week);
    if (first === undefined || Date.parse(first) > at) weeks.set(week, event.at);
  }
  return [...weeks].map(([week, first]) => ({ pk: keys.lateRecords(tenant, week), sk: `${ticketId}#${keys.commit(n)}`, ticketId, commit: n, first, writtenAt: commitAt }));
}
