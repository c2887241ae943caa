/** The escalation as the API, the sidebar and the review page show it. */
import * as z from 'zod';
import { HANDOFF_FIELDS, handoffRecordShape } from '../handoff/schema.js';
import { clockAt } from './deadlines.js';
import { REJECT_REASONS, escalationEventSchema, handoffRequestedSchema, teamRefSchema, type RecordedEvent } from './events.js';
import { pendingHandoff, type EscalationState, type Handoff } from './state.js';

const round = (minutes: number) => Math.round(minutes * 10) / 10;
const roundAll = (totals: Record<string, number>) => Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, round(v)]));

const minutesByParty = z.record(z.string(), z.number());

/** The timeline's events: as recorded, but a requested handoff without its record (it stands once, in `handoffs`). */
const timelineEventSchema = z.union([
  handoffRequestedSchema.omit({ record: true }),
  ...escalationEventSchema.options.filter((option) => option !== handoffRequestedSchema),
]);

export const timelineEntrySchema = z.intersection(z.object({ seq: z.number().int() }), timelineEventSchema);
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** Events the view carries; the rest are a page away. A long escalation's full timeline is the bulk of its view. */
export const TIMELINE_PAGE = 20;

const handoffViewShape = {
  id: z.string(),
  from: teamRefSchema,
  to: teamRefSchema,
  /** In the escalation's view, only the latest handoff carries its record; GET …/handoffs/{id} has any one's. */
  record: handoffRecordShape.optional(),
  requestedAt: z.string(),
  ackDueAt: z.string(),
  overdue: z.boolean(),
  /** Once overdue: the instant the acknowledgement fell due, however late that was noticed. */
  overdueAt: z.string().optional(),
};

/** A handoff as clients see it, keyed on `status` as the state is: a closed one has `closedAt`, a rejected one its reason. */
export const handoffViewSchema = z.discriminatedUnion('status', [
  z.object({ ...handoffViewShape, status: z.literal('pending') }),
  z.object({ ...handoffViewShape, status: z.literal('acknowledged'), closedAt: z.string() }),
  z.object({ ...handoffViewShape, status: z.literal('rejected'), closedAt: z.string(), reason: z.enum(REJECT_REASONS), note: z.string().optional(), missingFields: z.array(z.enum(HANDOFF_FIELDS)).optional() }),
  z.object({ ...handoffViewShape, status: z.literal('withdrawn'), closedAt: z.string() }),
]);
export type HandoffView = z.infer<typeof handoffViewSchema>;

/** The escalation as every client sees it; the OpenAPI document is generated from this schema. */
export const escalationViewSchema = z.object({
  ticketId: z.string(),
  state: z.enum(['open', 'resolved']),
  subject: z.string().nullable(),
  incidentType: z.string(),
  impactTier: z.number(),
  matrixVersion: z.string(),
  runbook: z.string().nullable(),
  owner: teamRefSchema,
  pendingHandoff: z
    .object({ id: z.string(), fromTeam: z.string(), toTeam: z.string(), requestedAt: z.string(), ackDueAt: z.string(), overdue: z.boolean() })
    .nullable(),
  sla: z.object({
    policy: z.string(),
    ackMinutes: z.number(),
    resolveMinutes: z.number(),
    startedAt: z.string(),
    dueAt: z.string().nullable(),
    paused: z.boolean(),
    pausedReason: z.string().nullable(),
    warnedAt: z.string().nullable(),
    breachedAt: z.string().nullable(),
    /** One rule with the events: false once breached, true when resolved before the due instant, null while open and not breached. */
    withinTarget: z.boolean().nullable(),
    elapsedBusinessMinutes: z.number(),
    byParty: minutesByParty,
    inHandoff: minutesByParty,
  }),
  handoffs: z.array(handoffViewSchema),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
  version: z.number().int(),
  /**
   * The latest TIMELINE_PAGE events of this escalation, oldest first; a handoff's record is in `handoffs`
   * (or GET …/handoffs/{id}), not repeated here.
   */
  timeline: z.array(timelineEntrySchema),
  /** Older events exist before this seq: GET …/timeline?before={seq} pages back; null when the timeline is whole. */
  timelineBefore: z.number().int().nullable(),
});

export type EscalationView = z.infer<typeof escalationViewSchema>;

const withoutRecord = <T extends { record: unknown }>({ record: _record, ...rest }: T): Omit<T, 'record'> => rest;
/** Not `withoutRecord`: its `Omit` would merge the union, this rest keeps each status's fields. */
const handoffWithoutRecord = ({ record: _record, ...rest }: Handoff): HandoffView => rest;

/**
 * A page of the current escalation's timeline, oldest first: up to `limit` events before seq `before`
 * (the latest when omitted), and where the next older page starts (null when none is left).
 * @example timelinePage(history.events, undefined, 20) // {items: [the latest 20], before: 31}
 */
export function timelinePage(events: RecordedEvent[], before: number | undefined, limit: number): { items: TimelineEntry[]; before: number | null } {
  // The timeline is this escalation's own: a ticket escalated again starts a new one.
  const start = Math.max(0, events.findLastIndex((r) => r.event.type === 'escalation.opened'));
  const firstAtOrAfter = before === undefined ? -1 : events.findIndex((r) => r.seq >= before);
  const end = firstAtOrAfter === -1 ? events.length : Math.max(start, firstAtOrAfter);
  const from = Math.max(start, end - limit);
  return {
    items: events.slice(from, end).map((r) => ({ seq: r.seq, ...(r.event.type === 'handoff.requested' ? withoutRecord(r.event) : r.event) })),
    before: from > start ? events[from]!.seq : null,
  };
}

/**
 * Projects the folded state and its events into the view, with the clock brought up to `now`.
 * @example toView(state, history.events, history.version, clock.now())
 */
export function toView(state: Exclude<EscalationState, { status: 'none' }>, events: RecordedEvent[], version: number, now: Date): EscalationView {
  const clock = clockAt(state, now);
  const pending = pendingHandoff(state);
  const timeline = timelinePage(events, undefined, TIMELINE_PAGE);
  return {
    ticketId: state.ticketId,
    state: state.status,
    subject: state.subject ?? null,
    incidentType: state.incidentType,
    impactTier: state.impactTier,
    matrixVersion: state.matrixVersion,
    runbook: state.runbook ?? null,
    owner: state.owner,
    pendingHandoff: pending
      ? { id: pending.id, fromTeam: pending.from.team, toTeam: pending.to.team, requestedAt: pending.requestedAt, ackDueAt: pending.ackDueAt, overdue: pending.overdue }
      : null,
    sla: {
      policy: state.sla.policy,
      ackMinutes: state.sla.ackMinutes,
      resolveMinutes: state.sla.resolveMinutes,
      startedAt: state.startedAt,
      dueAt: state.plan?.dueAt ?? null,
      paused: state.paused !== null,
      pausedReason: state.paused?.reason ?? null,
      warnedAt: state.warnedAt,
      breachedAt: state.breachedAt,
      withinTarget: state.breachedAt !== null ? false : state.status === 'resolved' ? true : null,
      elapsedBusinessMinutes: round(clock.elapsedMinutes),
      byParty: roundAll(clock.byParty),
      inHandoff: roundAll(clock.inHandoff),
    },
    // Records are the bulk of a long escalation: the view carries the latest one, the timeline none.
    handoffs: state.handoffs.map((h, i) => (i === state.handoffs.length - 1 ? h : handoffWithoutRecord(h))),
    resolvedAt: state.status === 'resolved' ? state.resolvedAt : null,
    resolution: state.status === 'resolved' ? state.resolution : null,
    version,
    timeline: timeline.items,
    timelineBefore: timeline.before,
  };
}
