/** What the matrix decides for a classification: owner, SLA terms, and the ambiguity a fallback records. */
import { ValidationError, type FieldIssue } from '../errors.js';
import type { Matrix } from '../matrix/matrix.js';
import type { Team } from '../matrix/schema.js';
import type { ActingUser } from './commands.js';
import type { ActorRef, EventOf, SlaTerms, TeamRef } from './events.js';

export const teamRef = (t: Team): TeamRef => ({ team: t.id, party: t.party });
export const actorRef = (a: ActingUser): ActorRef => ({ id: a.id, ...(a.name ? { name: a.name } : {}), ...(a.via ? { via: a.via } : {}) });

function termsOf(matrix: Matrix, policyId: string): SlaTerms {
  const policy = matrix.policy(policyId);
  const calendar = policy && matrix.calendar(policy.calendar);
  if (!policy || !calendar) throw new ValidationError(`SLA policy "${policyId}" is not usable in matrix ${matrix.version}`);
  return { policy: policy.id, ackMinutes: policy.ackMinutes, resolveMinutes: policy.resolveMinutes, warnAt: policy.warnAt, calendar };
}

/** The matrix's verdict for a classification, with the fallback and the ambiguity it records. */
export function classify(matrix: Matrix, incidentType: string, impactTier: number, at: string) {
  const fields: FieldIssue[] = [];
  if (!matrix.document.incidentTypes.includes(incidentType)) {
    fields.push({ path: 'incidentType', message: `Incident type must be one of: ${matrix.document.incidentTypes.join(', ')}` });
  }
  if (!matrix.document.impactTiers.includes(impactTier)) {
    fields.push({ path: 'impactTier', message: `Impact tier must be one of: ${matrix.document.impactTiers.join(', ')}` });
  }
  if (fields.length > 0) throw new ValidationError('Invalid classification', fields);

  const decision = matrix.evaluate(incidentType, impactTier);
  const coordinators = matrix.coordinatorTeams().map(teamRef);
  const common = { incidentType, impactTier, matrixVersion: matrix.version, coordinators };
  if (decision.kind === 'matched') {
    const { rule } = decision.rule;
    return {
      owner: teamRef(decision.owner),
      decided: { ...common, rule: { index: decision.rule.index, ...(rule.id ? { id: rule.id } : {}) }, ...(rule.runbook ? { runbook: rule.runbook } : {}), sla: termsOf(matrix, decision.policy.id) },
      ambiguity: null,
    };
  }
  const detail =
    decision.kind === 'no-rule'
      ? `No matrix rule covers ${incidentType} at impact tier ${impactTier}`
      : `Rules ${decision.rules.map((r) => r.rule.id ?? `#${r.index}`).join(' and ')} both claim ${incidentType} at impact tier ${impactTier}`;
  const ambiguity: EventOf<'ownership.ambiguous'> = {
    type: 'ownership.ambiguous',
    at,
    cause: decision.kind === 'no-rule' ? 'no-rule' : 'rule-conflict',
    detail,
    notify: coordinators,
  };
  return {
    owner: teamRef(matrix.fallbackOwner()),
    decided: { ...common, rule: null, sla: termsOf(matrix, matrix.fallbackPolicy().id) },
    ambiguity,
  };
}

