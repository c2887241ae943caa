/** A matrix proposal in words for the Matrix tab: its diff rule by rule, the combinations it decides differently, and its impact replay. */
import type { ProposalView } from '../../../lambdas/app/governance/views.js';
import type { RuleChange, SectionChange } from '../../../shared/matrix/diff.js';
import type { Decided, DecisionChange } from '../../../shared/matrix/impact.js';
import type { ReplayItem } from '../../../shared/matrix/replay.js';
import { plural } from './format.js';
import type { Names } from './names.js';

export interface DiffLine {
  change: 'added' | 'removed' | 'changed';
  what: string;
  detail: string;
}

/** The diff as GET /v1/matrix/proposals answers it (typed loosely in the OpenAPI document). */
export interface ProposalDiff {
  rules: RuleChange[];
  sections: SectionChange[];
  decisions: DecisionChange[];
}

const RULE_FIELDS = ['match', 'owner', 'sla', 'runbook'] as const;

function ruleFieldText(field: string, value: unknown, names: Names): string {
  if (value === undefined) return 'none';
  if (field === 'owner' && typeof value === 'string') return names.team(value);
  if (field === 'match' && typeof value === 'object' && value !== null) {
    const m = value as { incidentType?: unknown; impactTier?: unknown };
    return `${JSON.stringify(m.incidentType)} / ${JSON.stringify(m.impactTier)}`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * One line per rule added, removed or changed, with each changed field as "before → after".
 * @example ruleLines(diff, names)[0] // {change: 'changed', what: 'Rule server-other', detail: 'owner: MSP Second Line → Infrastructure & Applications'}
 */
export function ruleLines(diff: ProposalDiff, names: Names): DiffLine[] {
  return diff.rules.map((r) => {
    if (r.change !== 'changed') {
      const rule = (r.after ?? r.before)!.rule;
      return { change: r.change, what: `Rule ${r.rule}`, detail: `${ruleFieldText('match', rule.match, names)} → ${names.team(rule.owner)}, ${rule.sla}` };
    }
    const before = r.before!.rule as unknown as Record<string, unknown>;
    const after = r.after!.rule as unknown as Record<string, unknown>;
    const fields = r.fields.length > 0 ? r.fields : RULE_FIELDS.filter((f) => before[f] !== after[f]);
    return { change: r.change, what: `Rule ${r.rule}`, detail: fields.map((f) => `${f}: ${ruleFieldText(f, before[f], names)} → ${ruleFieldText(f, after[f], names)}`).join('; ') };
  });
}

/** Section changes (teams, policies, calendars, governance …), one line each. */
export function sectionLines(diff: ProposalDiff): DiffLine[] {
  return diff.sections.map((s) => ({ change: s.change, what: `${s.section} ${s.id}`, detail: s.fields.length > 0 ? `changed: ${s.fields.join(', ')}` : s.change }));
}

/** A decision as the tables show it: "MSP Second Line (Acme MSP), p2". */
export const decidedText = (d: Decided | null, names: Names): string => (d === null ? 'not declared' : `${names.team(d.owner)} (${names.party(d.party)}), ${d.sla}${d.ambiguous ? ', no single rule decides' : ''}`);

/**
 * The combinations the proposal decides differently.
 * @example decisionLines(diff, names)[0] // {what: 'server · tier 2', before: 'MSP Second Line (Acme MSP), p2', after: 'Infrastructure & Applications (Contoso IT), p2', changed: 'owner, party'}
 */
export function decisionLines(diff: ProposalDiff, names: Names): Array<{ what: string; before: string; after: string; changed: string }> {
  return diff.decisions.map((d) => ({ what: `${d.incidentType} · tier ${d.impactTier}`, before: decidedText(d.before, names), after: decidedText(d.after, names), changed: d.changed.join(', ') }));
}

/**
 * The replay in one sentence.
 * @example replaySummary(p.replay) // 'Of 23 escalations opened in the last 4 weeks, 6 would have gone differently: 6 another owner, 6 another party, 0 another SLA policy, 0 another target.'
 */
export function replaySummary(replay: ProposalView['replay']): string {
  const c = replay.changed;
  const head = `Of ${plural(replay.escalations, 'escalation')} opened in the last ${plural(replay.weeks, 'week')}, ${c.any} would have gone differently`;
  const detail = `${c.owner} another owner, ${c.party} another party, ${c.sla} another SLA policy, ${c.target} another target`;
  const ambiguity = replay.ambiguous.before !== replay.ambiguous.after ? ` Without a single deciding rule: ${replay.ambiguous.before} now, ${replay.ambiguous.after} under the proposal.` : '';
  const undeclared = replay.undeclared > 0 ? ` ${replay.undeclared} could not be classified under the proposal.` : '';
  return `${head}${c.any > 0 ? `: ${detail}` : ''}.${ambiguity}${undeclared}`;
}

/** The replayed escalations that would change, as table rows. */
export function replayRows(items: readonly ReplayItem[], names: Names): Array<{ ticketId: string; classification: string; before: string; after: string; changed: string }> {
  return items.map((i) => ({ ticketId: i.ticketId, classification: `${i.incidentType} · tier ${i.impactTier}`, before: decidedText(i.before, names), after: decidedText(i.after, names), changed: i.changed.join(', ') || 'cannot be classified' }));
}
