/** What a matrix gives each incident type × impact tier, and which combinations a change would treat differently. */
import type { Matrix } from './matrix.js';

/**
 * What an escalation of one classification gets: its owner (and party), SLA policy and runbook, the
 * fallback when no single rule decides (`ambiguous`).
 * @example {owner: 'msp-noc', party: 'msp', sla: 'p1', runbook: 'https://kb.example.com/network-outage', rule: 'network-major', ambiguous: false}
 */
export interface Decided {
  owner: string;
  party: string;
  sla: string;
  runbook: string | null;
  /** The deciding rule's id, or `#<index>` for a rule without one; null when the fallback decides. */
  rule: string | null;
  ambiguous: boolean;
}

/**
 * The matrix's decision for a classification, the fallback included (as classify records it).
 * @example decidedBy(matrix, 'network', 1).owner // 'msp-noc'
 */
export function decidedBy(matrix: Matrix, incidentType: string, impactTier: number): Decided {
  const decision = matrix.evaluate(incidentType, impactTier);
  if (decision.kind === 'matched') {
    const { rule, index } = decision.rule;
    return { owner: decision.owner.id, party: decision.owner.party, sla: decision.policy.id, runbook: rule.runbook ?? null, rule: rule.id ?? `#${index}`, ambiguous: false };
  }
  const owner = matrix.fallbackOwner();
  return { owner: owner.id, party: owner.party, sla: matrix.fallbackPolicy().id, runbook: null, rule: null, ambiguous: true };
}

/** What differs between two decisions, as an escalation would notice it. */
export type DecidedField = 'owner' | 'party' | 'sla' | 'runbook' | 'ambiguous';

/**
 * The fields of two decisions that differ.
 * @example decidedChanges(before, after) // ['owner', 'party']
 */
export function decidedChanges(before: Decided, after: Decided): DecidedField[] {
  const fields: DecidedField[] = ['owner', 'party', 'sla', 'runbook', 'ambiguous'];
  return fields.filter((f) => before[f] !== after[f]);
}

/** One combination both matrices declare that the newer one treats differently. */
export interface DecisionChange {
  incidentType: string;
  impactTier: number;
  before: Decided;
  after: Decided;
  changed: DecidedField[];
}

/**
 * Every combination declared in both matrices whose owner, party, SLA policy, runbook or ambiguity would
 * change, type-major in the newer matrix's order. Combinations only one of them declares are not
 * compared: an escalation can only be opened with declared values.
 * @example decisionChanges(active, proposed) // [{incidentType: 'network', impactTier: 3, changed: ['runbook'], …}]
 */
export function decisionChanges(before: Matrix, after: Matrix): DecisionChange[] {
  const types = new Set(before.document.incidentTypes);
  const tiers = new Set(before.document.impactTiers);
  const changes: DecisionChange[] = [];
  for (const incidentType of new Set(after.document.incidentTypes)) {
    if (!types.has(incidentType)) continue;
    for (const impactTier of new Set(after.document.impactTiers)) {
      if (!tiers.has(impactTier)) continue;
      const b = decidedBy(before, incidentType, impactTier);
      const a = decidedBy(after, incidentType, impactTier);
      const changed = decidedChanges(b, a);
      if (changed.length > 0) changes.push({ incidentType, impactTier, before: b, after: a, changed });
    }
  }
  return changes;
}
