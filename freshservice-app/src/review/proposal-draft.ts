/**
 * "Propose a change" on the Matrix tab: one rule's owner, SLA policy or runbook changed, starting from a
 * friction point's draft (its rule and rationale), and the whole proposed matrix built from the active one.
 */
import type { FieldIssue } from '../../../shared/errors.js';
import type { Matrix } from '../../../shared/matrix/matrix.js';
import type { MatrixDocument } from '../../../shared/matrix/schema.js';
import type { DraftProposal } from './report.js';

/** What the form edits: one rule, and why. */
export interface RuleEdit {
  ruleIndex: number;
  owner: string;
  sla: string;
  /** Empty: the rule has no runbook. */
  runbook: string;
  rationale: string;
}

/** The API's limit on a proposal's rationale (shared/matrix/proposal-api.ts). */
export const RATIONALE_MAX = 2_000;

/**
 * The rule a draft names in the active matrix: by id; by index only when the draft was made under this
 * very version (an index in another version may be another rule); else none.
 * @example draftRuleIndex(matrix, {ruleId: 'server-other', …}) // 3
 */
export function draftRuleIndex(matrix: Matrix, draft: Pick<DraftProposal, 'ruleId' | 'ruleIndex' | 'matrixVersion'>): number | null {
  const rules = matrix.document.rules;
  if (draft.ruleId !== null) {
    const index = rules.findIndex((r) => r.id === draft.ruleId);
    return index >= 0 ? index : null;
  }
  if (draft.ruleIndex !== null && draft.matrixVersion === matrix.version && draft.ruleIndex < rules.length) return draft.ruleIndex;
  return null;
}

/**
 * The form's starting values: the draft's rule as it stands, and its rationale; without a draft (or when
 * its rule is gone) the first rule and an empty rationale.
 * @example startEdit(matrix, point.draftProposal) // {ruleIndex: 3, owner: 'msp-l2', sla: 'p2', runbook: 'https://…', rationale: 'Weeks … under rule server-other: …'}
 */
export function startEdit(matrix: Matrix, draft: DraftProposal | null): RuleEdit {
  const found = draft ? draftRuleIndex(matrix, draft) : null;
  return { ...ruleValues(matrix, found ?? 0), rationale: draft && found !== null ? draft.rationale : '' };
}

/** A rule's current owner, SLA policy and runbook, for the form when another rule is picked. */
export function ruleValues(matrix: Matrix, ruleIndex: number): Omit<RuleEdit, 'rationale'> {
  const rule = matrix.document.rules[ruleIndex];
  return { ruleIndex, owner: rule?.owner ?? '', sla: rule?.sla ?? '', runbook: rule?.runbook ?? '' };
}

/**
 * The proposed matrix: a copy of the active document with the one rule changed (a blank runbook removed).
 * Secrets GET /v1/matrix showed as ••• stay masked: Baton keeps their real values when it stores the proposal.
 * @example proposedDocument(matrix.document, {ruleIndex: 3, owner: 'infrastructure', sla: 'p2', runbook: '', rationale: '…'}).rules[3].owner // 'infrastructure'
 */
export function proposedDocument(doc: MatrixDocument, edit: RuleEdit): MatrixDocument {
  const copy = structuredClone(doc);
  const rule = copy.rules[edit.ruleIndex];
  if (!rule) return copy;
  rule.owner = edit.owner;
  rule.sla = edit.sla;
  const runbook = edit.runbook.trim();
  if (runbook === '') delete rule.runbook;
  else rule.runbook = runbook;
  return copy;
}

/**
 * What is wrong with an edit before anything is sent, by the form's field names (rule, owner, sla, runbook,
 * rationale); the API lints the whole matrix again.
 * @example checkEdit(matrix, {...edit, runbook: 'kb/42'}) // [{path: 'runbook', message: 'A runbook is an http(s) link'}]
 */
export function checkEdit(matrix: Matrix, edit: RuleEdit): FieldIssue[] {
  const doc = matrix.document;
  const issues: FieldIssue[] = [];
  const rule = doc.rules[edit.ruleIndex];
  if (!rule) issues.push({ path: 'rule', message: 'Pick the rule to change' });
  if (!doc.teams.some((t) => t.id === edit.owner)) issues.push({ path: 'owner', message: 'Pick the team that should own these escalations' });
  if (!doc.slaPolicies.some((p) => p.id === edit.sla)) issues.push({ path: 'sla', message: 'Pick an SLA policy' });
  const runbook = edit.runbook.trim();
  if (runbook !== '' && !/^https?:\/\/[^\s]+$/i.test(runbook)) issues.push({ path: 'runbook', message: 'A runbook is an http(s) link, or empty' });
  const rationale = edit.rationale.trim();
  if (rationale === '') issues.push({ path: 'rationale', message: 'Say why: approvers and the version history read it' });
  else if (rationale.length > RATIONALE_MAX) issues.push({ path: 'rationale', message: `The rationale is at most ${RATIONALE_MAX} characters` });
  if (rule && issues.length === 0 && rule.owner === edit.owner && rule.sla === edit.sla && (rule.runbook ?? '') === runbook) {
    issues.push({ path: 'rule', message: 'Nothing changes: pick another owner, SLA policy or runbook' });
  }
  return issues;
}

/**
 * The form's field for an issue the API named under the proposed matrix (`matrix.rules.3.owner` → owner);
 * null for issues elsewhere in the matrix, shown as the form's error.
 * @example formFieldOf('matrix.rules.3.runbook', 3) // 'runbook'
 */
export function formFieldOf(path: string, ruleIndex: number): 'owner' | 'sla' | 'runbook' | 'rationale' | null {
  if (path === 'rationale') return 'rationale';
  const m = /^matrix\.rules\.(\d+)\.(owner|sla|runbook)\b/.exec(path);
  return m && Number(m[1]) === ruleIndex ? (m[2] as 'owner' | 'sla' | 'runbook') : null;
}
