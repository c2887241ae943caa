/** The active matrix as the Matrix tab shows it: one row per rule (what it matches → team, party, SLA policy, runbook), and its lint findings. */
import { describeMatch, lintMatrix } from '../../../shared/matrix/lint.js';
import type { Matrix } from '../../../shared/matrix/matrix.js';
import type { SlaPolicy } from '../../../shared/matrix/schema.js';
import { formatDuration } from '../time.js';
import type { Names } from './names.js';

export interface MatrixRow {
  /** The rule's id, or `#<index>` for a rule without one; "fallback" for the owner when no rule decides. */
  rule: string;
  index: number | null;
  match: string;
  team: string;
  party: string;
  sla: string;
  runbook: string | null;
}

export interface FindingRow {
  severity: 'error' | 'risk' | 'warning';
  where: string;
  message: string;
}

/**
 * An SLA policy as a reader weighs it.
 * @example policyText({id: 'p1', ackMinutes: 15, resolveMinutes: 240, calendar: 'always', …}) // 'p1: acknowledge in 15 min, resolve in 4 h (always)'
 */
export const policyText = (p: Pick<SlaPolicy, 'id' | 'ackMinutes' | 'resolveMinutes' | 'calendar'>): string =>
  `${p.id}: acknowledge in ${formatDuration(p.ackMinutes)}, resolve in ${formatDuration(p.resolveMinutes)} (${p.calendar})`;

/**
 * The rules in file order (the most specific match wins, so order is not priority), then the fallback.
 * @example matrixRows(matrix, names)[0] // {rule: 'network-major', match: 'network / tiers 1, 2', team: 'MSP Network Operations Centre', party: 'Acme MSP', sla: 'p1: …', runbook: 'https://kb.example.com/network-outage'}
 */
export function matrixRows(matrix: Matrix, names: Names): MatrixRow[] {
  const policy = (id: string) => {
    const found = matrix.document.slaPolicies.find((p) => p.id === id);
    return found ? policyText(found) : id;
  };
  const partyOf = (team: string) => names.party(matrix.team(team)?.party ?? '');
  const rows: MatrixRow[] = matrix.document.rules.map((rule, index) => ({
    rule: rule.id ?? `#${index}`,
    index,
    match: matchText(describeMatch(rule)),
    team: names.team(rule.owner),
    party: partyOf(rule.owner),
    sla: policy(rule.sla),
    runbook: rule.runbook ?? null,
  }));
  const fallback = matrix.fallbackOwner();
  rows.push({ rule: 'fallback', index: null, match: 'no rule decides (none matches, or two conflict)', team: names.team(fallback.id), party: names.party(fallback.party), sla: policyText(matrix.fallbackPolicy()), runbook: null });
  return rows;
}

/** "network/[1, 2]" as "network · tiers 1, 2"; "*" as "any". */
function matchText(described: string): string {
  const [type = '*', tiers = '*'] = described.split('/');
  const any = (v: string, what: string) => (v === '*' ? `any ${what}` : v);
  const tierText = tiers === '*' ? 'any tier' : tiers.startsWith('[') ? `tiers ${tiers.slice(1, -1)}` : `tier ${tiers}`;
  return `${any(type, 'type')} · ${tierText}`;
}

/**
 * The active matrix's lint findings (the same code as `npm run matrix:lint`), errors first.
 * @example matrixFindings(matrix) // [{severity: 'warning', where: 'teams.3', message: '…'}]
 */
export function matrixFindings(matrix: Matrix): FindingRow[] {
  const order = { error: 0, risk: 1, warning: 2 } as const;
  return lintMatrix(matrix.document)
    .map((f) => ({ severity: f.severity, where: f.path.join('.'), message: f.message }))
    .sort((a, b) => order[a.severity] - order[b.severity]);
}
