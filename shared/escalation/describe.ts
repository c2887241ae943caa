/** Plain-text wording of the events people are told about; channels escape and format it. */
import { HANDOFF_FIELD_LABELS } from '../handoff/schema.js';
import type { NotificationMessage } from '../ports.js';
import { unreachable } from '../unreachable.js';
import type { EscalationEvent, TeamRef } from './events.js';

export interface DescribeContext {
  tenant: string;
  ticketId: string;
  subject?: string;
  runbook?: string;
  /** Display name of a team id (the id itself when unknown). */
  teamName(team: string): string;
}

type Described = Pick<NotificationMessage, 'severity' | 'title' | 'lines' | 'links'>;

const minutes = (m: number) => `${Math.round(m)} business min`;

/**
 * An instant as people read it in a notification, to the minute, in UTC (recipients sit in several zones).
 * @example readableInstant('2026-11-30T12:00:00.000Z') // '2026-11-30 12:00 UTC'
 */
export function readableInstant(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A deadline noticed more than this after it fell due says when it was noticed too. */
const NOTICED_LATE_MS = 60_000;

/** "Reached at …", and "noticed at …" only when that was more than a minute later. */
function fellDueLines(what: string, event: { at: string; recordedAt: string }): string[] {
  const late = Date.parse(event.recordedAt) - Date.parse(event.at) > NOTICED_LATE_MS;
  return [`${what} ${readableInstant(event.at)}`, ...(late ? [`Noticed at ${readableInstant(event.recordedAt)}`] : [])];
}

/** Each event type's wording, or null where the event type is decided not to be notified. */
function wording(event: EscalationEvent, name: (t: TeamRef) => string): Described | null {
  switch (event.type) {
    case 'ownership.ambiguous':
      return { severity: 'warning', title: 'Ownership is ambiguous', lines: [event.detail, 'The escalation went to the fallback owner; confirm who owns it.'], links: [] };
    case 'handoff.requested':
      return {
        severity: 'info',
        title: `Handoff to ${name(event.to)}: acknowledge by ${readableInstant(event.ackDueAt)}`,
        lines: [
          `From: ${name(event.from)}`,
          `Diagnosis: ${event.record.diagnosis}`,
          `Actions taken: ${event.record.actionsTaken}`,
          `Next action: ${event.record.nextAction} (by ${readableInstant(event.record.nextActionDueAt)})`,
        ],
        links: event.record.evidence.map((e) => ({ label: e.label, url: e.url })),
      };
    case 'handoff.acknowledged':
      return { severity: 'info', title: `${name(event.to)} acknowledged the handoff`, lines: [`Waited ${Math.round(event.waitedMinutes)} min`], links: [] };
    case 'handoff.rejected':
      return {
        severity: 'warning',
        title: `${name(event.to)} rejected the handoff (${event.reason})`,
        lines: [
          ...(event.note ? [`Note: ${event.note}`] : []),
          ...(event.missingFields ? [`Missing: ${event.missingFields.map((f) => HANDOFF_FIELD_LABELS[f]).join(', ')}`] : []),
          `Ownership stays with ${name(event.from)}.`,
        ],
        links: [],
      };
    case 'handoff.ack-overdue':
      return {
        severity: 'warning',
        title: `Handoff to ${name(event.to)} not acknowledged in time`,
        lines: [...fellDueLines('Acknowledgement was due', event), `Sent by ${name(event.from)}`],
        links: [],
      };
    case 'sla.warning':
      return {
        severity: 'warning',
        title: `SLA at ${Math.round(event.fraction * 100)}%: resolve by ${readableInstant(event.dueAt)}`,
        lines: [...fellDueLines(`Reached ${Math.round(event.fraction * 100)}% at`, event), `Owner: ${name(event.owner)}`, `Elapsed: ${minutes(event.elapsedBusinessMinutes)}`],
        links: [],
      };
    case 'sla.breached':
      return {
        severity: 'critical',
        title: `SLA breached at ${readableInstant(event.at)}`,
        lines: [...fellDueLines('Breached at', event), `Owner: ${name(event.owner)}`, `Elapsed: ${minutes(event.elapsedBusinessMinutes)}`],
        links: [],
      };
    case 'ownership.silent-transfer':
      return {
        severity: 'warning',
        title: 'Ticket moved to another queue without a handoff',
        lines: [`Moved to: ${event.toTeam ? name(event.toTeam) : `group ${event.toGroupId ?? 'none'}`}`, `Owner of record: ${name(event.owner)}`],
        links: [],
      };
    // Not notified (they name nobody to tell): the timeline shows them.
    case 'escalation.opened':
    case 'escalation.reclassified':
    case 'sla.paused':
    case 'sla.resumed':
    case 'escalation.resolved':
      return null;
    // Not notified: the outcome of a notification (telling of it would need another one).
    case 'notification.sent':
    case 'notification.failed':
      return null;
    default:
      return unreachable(event);
  }
}

/**
 * The notification for an event, or null when the event tells nobody.
 * @example describeEvent(event, 7, { tenant, ticketId: '42', teamName: (id) => matrix.team(id)?.name ?? id })
 */
export function describeEvent(event: EscalationEvent, seq: number, ctx: DescribeContext): NotificationMessage | null {
  if (!('notify' in event) || event.notify.length === 0) return null;
  const name = (t: TeamRef) => `${ctx.teamName(t.team)} (${t.party})`;
  const described = wording(event, name);
  if (!described) return null;
  return {
    tenant: ctx.tenant,
    ticketId: ctx.ticketId,
    ...(ctx.subject ? { subject: ctx.subject } : {}),
    eventType: event.type,
    seq,
    ...described,
    links: ctx.runbook ? [...described.links, { label: 'Runbook', url: ctx.runbook }] : described.links,
    recipients: event.notify.map((t) => ({ team: t.team, party: t.party, name: ctx.teamName(t.team) })),
  };
}
