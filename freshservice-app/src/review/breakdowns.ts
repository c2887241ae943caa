/** The week's breakdowns as bar-chart input: business time by party (held and in handoff), ambiguity incidents by cause. */
import type { AmbiguityCause } from '../../../shared/escalation/events.js';
import type { BarsInput } from './charts/bars.js';
import { count, hoursText } from './format.js';
import type { Names } from './names.js';
import type { WeeklyReport } from './report.js';

import { CAUSE_LABELS } from '../../../shared/kpi/words.js';

/**
 * Business minutes each party held the clock of the escalations resolved this week, split into the part
 * spent as the receiver of a handoff not yet acknowledged and the rest.
 * The values are hours.
 * @example businessTimeBars(report, names).rows[0] // {key: 'internal', label: 'Contoso IT', segments: [{key: 'held', value: 5.25, …}, {key: 'handoff', value: 0.67, …}]}
 */
export function businessTimeBars(report: WeeklyReport, names: Names): BarsInput {
  const { businessMinutesByParty: held, inHandoffMinutesByParty: waiting } = report.kpis;
  const parties = [...new Set([...Object.keys(held), ...Object.keys(waiting)])];
  // In hours, so the axis steps in round hours rather than in round minutes (1,000 min is no one's unit).
  const hours = (minutes: number) => minutes / 60;
  return {
    rows: parties.map((party) => {
      const inHandoff = waiting[party] ?? 0;
      return {
        key: party,
        label: names.party(party),
        segments: [
          { key: 'held', label: 'holding the clock', value: hours(Math.max(0, (held[party] ?? 0) - inHandoff)) },
          { key: 'handoff', label: 'waiting to acknowledge a handoff', value: hours(inHandoff) },
        ],
      };
    }),
    format: hoursText,
  };
}

/**
 * The week's ambiguity incidents, one row per cause (a cause with none still shows, at 0).
 * @example ambiguityBars(report).rows.map((r) => r.label) // ['No rule matched', 'Rules in conflict', …]
 */
export function ambiguityBars(report: WeeklyReport): BarsInput {
  const byCause = report.kpis.ownershipAmbiguityIncidents.byCause;
  return {
    rows: (Object.keys(CAUSE_LABELS) as AmbiguityCause[]).map((cause) => ({ key: cause, label: CAUSE_LABELS[cause], segments: [{ key: 'count', value: byCause[cause] ?? 0 }] })),
    format: count,
  };
}
