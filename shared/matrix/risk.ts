/**
 * How risky a matrix change is, and whose approval it needs. High-risk: it moves any ownership across
 * parties, shortens any SLA target, or changes who governs (approvers, coordinators). See docs/governance.md.
 */
import type { CalendarSpec } from '../calendar/spec.js';
import { canonical } from './diff.js';
import { decidedBy } from './impact.js';
import type { Matrix } from './matrix.js';
import type { MatrixDocument } from './schema.js';

/**
 * A change's risk: `reasons` say what makes it high-risk (none for a low-risk one), `parties` must each
 * approve it, `approvals` is how many distinct approvers it needs.
 * @example {level: 'high', reasons: ['Ownership moves from msp to internal for network/3'], parties: ['internal', 'msp'], approvals: 2}
 */
export interface RiskAssessment {
  level: 'low' | 'high';
  reasons: string[];
  parties: string[];
  approvals: number;
}

const MINUTES = 24 * 60;

/** The minutes of a day an interval list opens, merged, as [start, end) pairs. */
function openMinutes(intervals: readonly string[] = []): Array<[number, number]> {
  const minutes = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return Math.min(MINUTES, h * 60 + m);
  };
  const spans = intervals.map((i) => i.split('-').map(minutes) as [number, number]).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of spans) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * Whether a clock counting on `after` can reach a target sooner (in wall time) than on `before`: it is
 * open at some moment `before` is not (more hours, a holiday dropped, always open now, another zone).
 * @example opensMore({…, weekly: {mon: ['09:00-17:00']}}, {…, weekly: {mon: ['08:00-17:00']}}) // true
 */
export function opensMore(before: CalendarSpec, after: CalendarSpec): boolean {
  if (before.alwaysOpen === true) return false;
  if (after.alwaysOpen === true) return true;
  if (before.timezone !== after.timezone) return true;
  const kept = new Set(after.holidays ?? []);
  if ((before.holidays ?? []).some((day) => !kept.has(day))) return true;
  const days = new Set([...Object.keys(before.weekly ?? {}), ...Object.keys(after.weekly ?? {})]) as Set<keyof NonNullable<CalendarSpec['weekly']>>;
  for (const day of days) {
    const was = openMinutes(before.weekly?.[day]);
    if (openMinutes(after.weekly?.[day]).some(([s, e]) => !was.some(([ws, we]) => ws <= s && e <= we))) return true;
  }
  return false;
}

/** Reasons grouped by what they say, each naming the combinations (a few, then a count). */
class Reasons {
  private readonly groups = new Map<string, string[]>();
  readonly parties = new Set<string>();

  add(reason: string, what: string | null, ...parties: string[]): void {
    const list = this.groups.get(reason) ?? [];
    if (what !== null) list.push(what);
    this.groups.set(reason, list);
    for (const p of parties) this.parties.add(p);
  }

  list(): string[] {
    return [...this.groups].map(([reason, what]) => {
      if (what.length === 0) return reason;
      const shown = what.length > 6 ? `${what.slice(0, 6).join(', ')} and ${what.length - 6} more` : what.join(', ');
      return `${reason} for ${shown}`;
    });
  }
}

/** The parties whose governance (approvers, coordinator, approver teams' membership) a change touches. */
function governanceParties(before: MatrixDocument, after: MatrixDocument): string[] {
  const parties = new Set<string>();
  const coordinators = new Set([...Object.keys(before.governance.coordinators), ...Object.keys(after.governance.coordinators)]);
  for (const party of coordinators) if (before.governance.coordinators[party] !== after.governance.coordinators[party]) parties.add(party);
  const entries = (doc: MatrixDocument) =>
    new Map(doc.governance.approvers.map((a) => {
      const team = a.team === undefined ? undefined : doc.teams.find((t) => t.id === a.team);
      // An approver team is its membership: a member added to it is an approver added.
      const key = a.team === undefined ? `person ${a.id}` : `team ${a.team}`;
      return [key, { party: team?.party ?? a.party ?? '', shape: canonical(team ? { party: team.party, members: team.members, group: team.freshserviceGroupId } : a) }];
    }));
  const was = entries(before);
  const now = entries(after);
  for (const [key, entry] of now) if (was.get(key)?.shape !== entry.shape) parties.add(entry.party).add(was.get(key)?.party ?? entry.party);
  for (const [key, entry] of was) if (!now.has(key)) parties.add(entry.party);
  parties.delete('');
  return [...parties];
}

/**
 * The risk of replacing `before` (the active version) with `after`, and the approvals it needs: one
 * approver for a low-risk change; for a high-risk one, one approver from each party it affects and at
 * least two in all. Only combinations both declare are compared (escalations use declared values only).
 * @example assessRisk(active, proposed) // {level: 'low', reasons: [], parties: [], approvals: 1} for a runbook link
 */
export function assessRisk(before: Matrix, after: Matrix): RiskAssessment {
  const reasons = new Reasons();
  const tiers = new Set(before.document.impactTiers);
  const types = new Set(before.document.incidentTypes);
  for (const incidentType of new Set(after.document.incidentTypes)) {
    if (!types.has(incidentType)) continue;
    for (const impactTier of new Set(after.document.impactTiers)) {
      if (!tiers.has(impactTier)) continue;
      const combo = `${incidentType}/${impactTier}`;
      const b = decidedBy(before, incidentType, impactTier);
      const a = decidedBy(after, incidentType, impactTier);
      if (b.party !== a.party) reasons.add(`Ownership moves from party ${b.party} to party ${a.party}`, combo, b.party, a.party);
      const was = before.policy(b.sla);
      const now = after.policy(a.sla);
      if (!was || !now) continue;
      if (now.resolveMinutes < was.resolveMinutes) reasons.add(`The resolution target gets shorter (${was.resolveMinutes} → ${now.resolveMinutes} minutes)`, combo, a.party);
      if (now.ackMinutes < was.ackMinutes) reasons.add(`The acknowledgement target gets shorter (${was.ackMinutes} → ${now.ackMinutes} minutes)`, combo, a.party);
      const wasCalendar = before.calendar(was.calendar);
      const nowCalendar = after.calendar(now.calendar);
      if (wasCalendar && nowCalendar && opensMore(wasCalendar, nowCalendar)) {
        const calendar = was.calendar === now.calendar ? `calendar "${now.calendar}" is` : `new calendar "${now.calendar}" (was "${was.calendar}") is`;
        reasons.add(`The resolution clock's ${calendar} open for more time, so the target can fall due sooner`, combo, a.party);
      }
    }
  }
  for (const team of after.document.teams) {
    const wasTeam = before.team(team.id);
    const wasCalendar = wasTeam && before.calendar(wasTeam.calendar);
    const nowCalendar = after.calendar(team.calendar);
    if (wasCalendar && nowCalendar && opensMore(wasCalendar, nowCalendar)) {
      reasons.add(`Acknowledgements of handoffs to team "${team.id}" can fall due sooner: its calendar is open for more time`, null, team.party);
    }
  }
  const governed = governanceParties(before.document, after.document);
  if (governed.length > 0) reasons.add(`Who governs changes (approvers or coordinators of party ${governed.join(', ')})`, null, ...governed);
  const list = reasons.list();
  const order = [...after.document.parties, ...before.document.parties].map((p) => p.id);
  const parties = [...reasons.parties].sort((x, y) => order.indexOf(x) - order.indexOf(y));
  return list.length === 0 ? { level: 'low', reasons: [], parties: [], approvals: 1 } : { level: 'high', reasons: list, parties, approvals: Math.max(2, parties.length) };
}
