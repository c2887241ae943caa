/** Opening an escalation: the form's prefill from the ticket, the matrix's verdict before confirming, and the form's check. */
import { ValidationError, type FieldIssue } from '../../shared/errors.js';
import { classify } from '../../shared/escalation/classify.js';
import type { Matrix } from '../../shared/matrix/matrix.js';
import { prefillFromTicket, type MappedTicketFields } from '../../shared/matrix/ticket-mapping.js';
import { freeText } from '../../shared/text.js';
import { partyName, teamName } from './matrix.js';
import { formatDuration } from './time.js';

/** The form's values as its selects hold them (strings; '' when not chosen). */
export interface OpenDraft {
  incidentType: string;
  impactTier: string;
}

/**
 * The form's first values from the ticket through the matrix's mapping, and a sentence saying where they came from.
 * @example openDefaults(matrix, {priority: 4, category: 'Network'}) // {draft: {incidentType: 'network', impactTier: '1'}, note: 'Prefilled from the ticket: …'}
 */
export function openDefaults(matrix: Matrix, ticket: MappedTicketFields): { draft: OpenDraft; note: string } {
  const prefill = prefillFromTicket(matrix.document, ticket);
  const from = [
    prefill.incidentTypeFrom && `incident type from its ${prefill.incidentTypeFrom}`,
    prefill.impactTierFrom && `impact tier from its ${prefill.impactTierFrom}`,
  ].filter(Boolean);
  return {
    draft: { incidentType: prefill.incidentType ?? '', impactTier: prefill.impactTier === null ? '' : String(prefill.impactTier) },
    note: from.length > 0 ? `Prefilled from the ticket: ${from.join('; ')}. Change them if they are wrong.` : 'Choose the incident type and impact tier (the matrix maps nothing from this ticket).',
  };
}

export interface OpenPreview {
  owner: string;
  sla: string;
  runbook: string | null;
  /** Set when no single rule decides: the fallback owner takes it and an ownership-ambiguity incident is recorded. */
  ambiguity: string | null;
}

/**
 * What the matrix would decide for the draft, by the same `classify` the API runs; null until both are chosen.
 * @example openPreview(matrix, {incidentType: 'network', impactTier: '1'}, now)?.owner // 'MSP NOC (Acme MSP)'
 */
export function openPreview(matrix: Matrix, draft: OpenDraft, now: Date): OpenPreview | null {
  const tier = Number(draft.impactTier);
  if (draft.incidentType === '' || draft.impactTier === '' || !Number.isInteger(tier)) return null;
  let verdict;
  try {
    verdict = classify(matrix, draft.incidentType, tier, now.toISOString());
  } catch {
    return null;
  }
  const { owner, decided, ambiguity } = verdict;
  return {
    owner: `${teamName(matrix, owner.team)} (${partyName(matrix, owner.party)})`,
    sla: `SLA ${decided.sla.policy}: handoffs accepted within ${formatDuration(decided.sla.ackMinutes)}, resolved within ${formatDuration(decided.sla.resolveMinutes)} of business time`,
    runbook: 'runbook' in decided && typeof decided.runbook === 'string' && /^https?:\/\//i.test(decided.runbook) ? decided.runbook : null,
    ambiguity: ambiguity ? `${ambiguity.detail}: the fallback owner takes it and an ownership-ambiguity incident is recorded.` : null,
  };
}

const incidentTypeText = freeText('Incident type', 64);

/**
 * The draft as the API's body fields, or every problem with it, worded as the API words them (its schema's
 * text check, then the same `classify` that refuses values the matrix does not declare).
 * @example checkOpenDraft({incidentType: '', impactTier: '1'}, matrix, now) // {ok: false, fields: [{path: 'incidentType', message: 'Incident type is required'}]}
 */
export function checkOpenDraft(draft: OpenDraft, matrix: Matrix, now: Date): { ok: true; incidentType: string; impactTier: number } | { ok: false; fields: FieldIssue[] } {
  const type = incidentTypeText.safeParse(draft.incidentType);
  const tier = draft.impactTier.trim() === '' ? Number.NaN : Number(draft.impactTier);
  try {
    classify(matrix, type.success ? type.data : draft.incidentType, tier, now.toISOString());
  } catch (error) {
    const fields = error instanceof ValidationError ? error.fields : [{ path: 'body', message: (error as Error).message }];
    return { ok: false, fields: type.success ? fields : [{ path: 'incidentType', message: type.error.issues[0]?.message ?? 'Incident type is required' }, ...fields.filter((f) => f.path !== 'incidentType')] };
  }
  return type.success ? { ok: true, incidentType: type.data, impactTier: tier } : { ok: false, fields: [{ path: 'incidentType', message: type.error.issues[0]?.message ?? 'Incident type is required' }] };
}
