/**
 * The events that happened in a period, for a report: the commits written from its start to an hour past
 * its end through the week index, then the late records' commits. Never a table scan. Events outside the
 * period come along (a commit written just after the end holds later events too): every accumulator
 * places each event by its own instant.
 */
import type { RecordedEvent } from '../../../shared/escalation/events.js';
import type { Period } from '../../../shared/kpi/kpis.js';
import type { AppDeps } from '../deps.js';
import { LATE_RECORD_AFTER_MS } from './ports.js';

/**
 * @example for await (const page of periodEvents(deps, 'acme', week)) for (const e of page) kpis.add(e.event);
 */
export async function* periodEvents(deps: Pick<AppDeps, 'weeks' | 'reports'>, tenant: string, period: Period): AsyncIterable<RecordedEvent[]> {
  const from = new Date(period.from);
  const to = new Date(period.to);
  const writtenTo = new Date(to.getTime() + LATE_RECORD_AFTER_MS);
  yield* deps.weeks.events(tenant, { from, to: writtenTo });
  const late = await deps.reports.lateEvents(tenant, { from, to }, writtenTo);
  if (late.length > 0) yield late;
}
