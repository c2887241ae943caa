/**
 * The impact replay: escalations opened in a period, each by its latest classification, decided again by
 * the active matrix and by a proposal; what would have had another owner, party, SLA policy or target.
 */
import type { RecordedEvent } from '../escalation/events.js';
import { canonical } from './diff.js';
import { decidedBy, type Decided } from './impact.js';
import type { Matrix } from './matrix.js';

/** One escalation as the replay sees it: its latest classification and the matrix version that decided it. */
export interface ReplayCase {
  ticketId: string;
  openedAt: string;
  incidentType: string;
  impactTier: number;
  /** The version that made the recorded decision ("v3"). */
  decidedBy: string;
}

/**
 * Collects replay cases from recorded events, a page at a time, in any order: an `escalation.opened` in
 * `[from, to)` makes a case, and the latest `escalation.reclassified` of that ticket gives its classification.
 * @example const cases = new ReplayCases(from, to); for await (const page of pages) cases.add(page); cases.list()
 */
export class ReplayCases {
  private readonly opened = new Map<string, ReplayCase>();
  /** The latest reclassification seen per ticket (it may arrive before the opening, in another page). */
  private readonly latest = new Map<string, { at: number; incidentType: string; impactTier: number; decidedBy: string }>();
  private readonly from: number;
  private readonly to: number;

  constructor(from: string, to: string) {
    this.from = Date.parse(from);
    this.to = Date.parse(to);
  }

  add(events: Iterable<RecordedEvent>): void {
    for (const { ticketId, event } of events) {
      if (event.type === 'escalation.opened') {
        const at = Date.parse(event.at);
        if (at >= this.from && at < this.to) {
          this.opened.set(ticketId, { ticketId, openedAt: event.at, incidentType: event.incidentType, impactTier: event.impactTier, decidedBy: event.matrixVersion });
        }
      } else if (event.type === 'escalation.reclassified') {
        const at = Date.parse(event.at);
        const seen = this.latest.get(ticketId);
        if (!seen || at >= seen.at) this.latest.set(ticketId, { at, incidentType: event.incidentType, impactTier: event.impactTier, decidedBy: event.matrixVersion });
      }
    }
  }

  /** The cases, oldest opening first; a reclassification counts only when it came after the opening. */
  list(): ReplayCase[] {
    return [...this.opened.values()]
      .map((c) => {
        const r = this.latest.get(c.ticketId);
        return r && r.at >= Date.parse(c.openedAt) ? { ...c, incidentType: r.incidentType, impactTier: r.impactTier, decidedBy: r.decidedBy } : c;
      })
      .sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt) || (a.ticketId < b.ticketId ? -1 : 1));
  }
}

/** What the replay compares: the owner team, its party, the SLA policy, and its targets (minutes, calendar). */
export type ReplayField = 'owner' | 'party' | 'sla' | 'target';

export interface ReplayItem extends ReplayCase {
  /** What the active matrix decides for this classification. */
  before: Decided;
  /** What the proposal would decide; null when it no longer declares the incident type or impact tier. */
  after: Decided | null;
  changed: ReplayField[];
}

export interface ReplayReport {
  from: string;
  to: string;
  /** Escalations opened in the period. */
  escalations: number;
  /** How many would have had another owner team, party, SLA policy, or target (minutes or calendar); `any` counts each escalation once. */
  changed: Record<ReplayField | 'any', number>;
  /** Escalations the fallback owner would take (no single rule decides), under the active matrix and under the proposal. */
  ambiguous: { before: number; after: number };
  /** Escalations whose classification the proposal no longer declares. */
  undeclared: number;
  /** The escalations that would change (or that the proposal cannot classify), oldest first, at most `limit`. */
  items: ReplayItem[];
  /** Such escalations left out of `items`. */
  more: number;
}

/** The fields in which two decisions differ for the replay (a target differs when its minutes or calendar do). */
function replayChanges(active: Matrix, proposed: Matrix, before: Decided, after: Decided): ReplayField[] {
  const changed: ReplayField[] = [];
  if (before.owner !== after.owner) changed.push('owner');
  if (before.party !== after.party) changed.push('party');
  if (before.sla !== after.sla) changed.push('sla');
  const was = active.policy(before.sla);
  const now = proposed.policy(after.sla);
  // The calendar by its hours, not its id: a renamed calendar with the same hours is the same target.
  const terms = (p: typeof was, m: Matrix) => p && canonical([p.ackMinutes, p.resolveMinutes, { ...m.calendar(p.calendar), id: undefined }]);
  if (terms(was, active) !== terms(now, proposed)) changed.push('target');
  return changed;
}

/**
 * Replays `cases` under the active matrix and the proposal.
 * @example replay(cases, active, proposed, {from, to}) // {escalations: 40, changed: {owner: 3, party: 3, sla: 0, target: 0, any: 3}, …}
 */
export function replay(cases: readonly ReplayCase[], active: Matrix, proposed: Matrix, period: { from: string; to: string }, limit = 50): ReplayReport {
  const changed: ReplayReport['changed'] = { owner: 0, party: 0, sla: 0, target: 0, any: 0 };
  const ambiguous = { before: 0, after: 0 };
  const items: ReplayItem[] = [];
  let undeclared = 0;
  let listed = 0;
  const types = new Set(proposed.document.incidentTypes);
  const tiers = new Set(proposed.document.impactTiers);
  for (const c of cases) {
    const before = decidedBy(active, c.incidentType, c.impactTier);
    if (before.ambiguous) ambiguous.before++;
    const declared = types.has(c.incidentType) && tiers.has(c.impactTier);
    const after = declared ? decidedBy(proposed, c.incidentType, c.impactTier) : null;
    if (after?.ambiguous) ambiguous.after++;
    const fields = after ? replayChanges(active, proposed, before, after) : [];
    for (const f of fields) changed[f]++;
    if (fields.length > 0) changed.any++;
    if (!after) undeclared++;
    if (fields.length === 0 && after) continue;
    listed++;
    if (items.length < limit) items.push({ ...c, before, after, changed: fields });
  }
  return { ...period, escalations: cases.length, changed, ambiguous, undeclared, items, more: listed - items.length };
}
