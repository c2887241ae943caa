/** The timeline as rows a person reads at 300 px: what happened, who (and through which key), when, and which matrix decided. */
import type { TimelineEntry } from '../../shared/escalation/view.js';
import type { Matrix } from '../../shared/matrix/matrix.js';
import { teamName } from './matrix.js';
import type { Reader } from './status.js';
import { formatDuration, formatInstant } from './time.js';

export interface TimelineRow {
  seq: number;
  type: string;
  what: string;
  who: string;
  when: string;
  /** The API key that asserted the actor, e.g. `via key key_1a2b3c4d (tenant)`; null for Baton's own events. */
  via: string | null;
  /** The matrix version that decided (opening and reclassification). */
  matrix: string | null;
}

const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
const REJECTED_AS: Record<string, string> = { 'missing-information': 'missing information', 'not-our-scope': 'not our scope', other: 'other' };

function describe(e: TimelineEntry, team: (id: string) => string): string {
  switch (e.type) {
    case 'escalation.opened':
      return `Opened as ${e.incidentType}, impact tier ${e.impactTier}: owned by ${team(e.owner.team)}, SLA ${e.sla.policy}`;
    case 'ownership.ambiguous':
      return `Ownership ambiguous (${e.cause === 'no-rule' ? 'no rule' : 'rules conflict'}): ${e.detail}`;
    case 'escalation.reclassified':
      return `Reclassified as ${e.incidentType}, impact tier ${e.impactTier} (SLA ${e.sla.policy}): ${e.reason}${e.suggestedOwner ? `; the matrix now suggests ${team(e.suggestedOwner.team)}` : ''}`;
    case 'handoff.requested':
      return `Handoff ${e.handoffId} from ${team(e.from.team)} to ${team(e.to.team)}`;
    case 'handoff.acknowledged':
      return `${team(e.to.team)} accepted handoff ${e.handoffId} after ${formatDuration(e.waitedMinutes)}`;
    case 'handoff.rejected':
      return `${team(e.to.team)} rejected handoff ${e.handoffId} (${REJECTED_AS[e.reason] ?? e.reason})${e.note ? `: ${e.note}` : ''}`;
    case 'handoff.ack-overdue':
      return `Handoff ${e.handoffId} to ${team(e.to.team)} was not accepted in time`;
    case 'sla.paused':
      return `Clock paused: ${e.reason}`;
    case 'sla.resumed':
      return `Clock resumed after ${formatDuration(e.pausedMinutes)}`;
    case 'sla.warning':
      return `Warning: ${percent(e.fraction)} of the resolution time used (${formatDuration(e.elapsedBusinessMinutes)})`;
    case 'sla.breached':
      return `Breached: the resolution target passed (${formatDuration(e.elapsedBusinessMinutes)} of business time)`;
    case 'escalation.resolved':
      return `Resolved ${e.withinTarget ? 'within' : 'after'} the target: ${e.resolution}`;
    case 'ownership.silent-transfer':
      return `Silent transfer: the ticket moved to ${e.toTeam ? team(e.toTeam.team) : `group ${e.toGroupId ?? 'none'}`} without a handoff`;
    case 'notification.sent':
      return `Notified ${e.target} (${e.channel})`;
    case 'notification.failed':
      return `Could not notify ${e.target} (${e.channel}, attempt ${e.attempt}): ${e.error}`;
    default: {
      // A newer Baton may record kinds this sidebar does not know: name them rather than break the timeline.
      const unknown: never = e;
      return (unknown as { type: string }).type;
    }
  }
}

function viaText(via: { key: string; scope: string } | undefined): string | null {
  if (!via) return null;
  const scope = via.scope === 'tenant' ? 'tenant key' : via.scope === 'webhook' ? 'webhook secret' : `${via.scope.replace(/^party:/, '')} party key`;
  return `via ${via.key} (${scope})`;
}

/**
 * Rows for the timeline, newest first; notifications only when the app's settings ask for them.
 * @example timelineRows(view.timeline, matrix, reader, false)[0] // {what: 'Clock paused: Waiting for the vendor', who: 'Anna', via: 'via key_1a2b3c4d (tenant key)', …}
 */
export function timelineRows(entries: readonly TimelineEntry[], matrix: Matrix | null, reader: Reader, showNotifications: boolean): TimelineRow[] {
  const team = (id: string) => teamName(matrix, id);
  return entries
    .filter((e) => showNotifications || (e.type !== 'notification.sent' && e.type !== 'notification.failed'))
    .map((e) => ({
      seq: e.seq,
      type: e.type,
      what: describe(e, team),
      who: e.actor ? (e.actor.name ?? e.actor.id) : 'Baton',
      when: formatInstant(e.at, reader.zone, reader.locale, reader.now),
      via: viaText(e.actor?.via),
      matrix: e.type === 'escalation.opened' || e.type === 'escalation.reclassified' ? `matrix ${e.matrixVersion}` : null,
    }))
    .reverse();
}
