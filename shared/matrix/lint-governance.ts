/** Lints governance.approvers: who may approve matrix changes, and for which party each approval counts. */
import type { LintFinding } from './lint.js';
import type { MatrixDocument } from './schema.js';

type Path = LintFinding['path'];
const finding = (severity: LintFinding['severity'], code: LintFinding['code'], path: Path, message: string): LintFinding => ({ severity, code, path, message });

/**
 * The parties a person approves for under `doc`: their own entry's party, and the party of every approver
 * team they are in (`teamsOfPerson`, as the server resolved them; by default the teams whose `members` list them). More than one party makes their approval ambiguous (it is refused).
 * @example approvalParties(doc, 'agent-carla') // ['internal']
 */
export function approvalParties(doc: MatrixDocument, personId: string, teamsOfPerson?: readonly string[]): string[] {
  const teams = new Map(doc.teams.map((t) => [t.id, t]));
  const inTeam = (teamId: string) => (teamsOfPerson ? teamsOfPerson.includes(teamId) : (teams.get(teamId)?.members.includes(personId) ?? false));
  const parties = new Set<string>();
  for (const a of doc.governance.approvers) {
    const party = a.team !== undefined ? (inTeam(a.team) ? teams.get(a.team)?.party : undefined) : a.id === personId ? a.party : undefined;
    if (party !== undefined) parties.add(party);
  }
  return [...parties];
}

/**
 * Findings about governance.approvers (the parties of person approvers are checked with the other references):
 * - errors: an unknown approver team, an approver named twice, a person who approves for a party none of
 *   their teams belongs to, or for two parties at once (an approval counts for exactly one party);
 * - a warning: a person approver in no team while the matrix lists members (is the id the one the API
 *   receives?). A party with no approver is said where it matters, on a proposal that needs one.
 * They do not stop a stored version from deciding escalations (compileMatrix ignores them), but a
 * proposal, `npm start` and `matrix:lint` refuse the errors like any other.
 * @example lintGovernance(doc).filter((f) => f.severity === 'error') // [] when every approval has one party
 */
export function lintGovernance(doc: MatrixDocument): LintFinding[] {
  const findings: LintFinding[] = [];
  const teams = new Map(doc.teams.map((t) => [t.id, t]));
  const listsMembers = doc.teams.some((t) => t.members.length > 0);
  const seen = new Map<string, number>();
  doc.governance.approvers.forEach((a, i) => {
    const path: Path = ['governance', 'approvers', i];
    const key = a.team !== undefined ? `team ${a.team}` : `person ${a.id ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      findings.push(finding('error', 'duplicate-id', path, `Approver ${a.team !== undefined ? `team "${a.team}"` : `"${a.id}"`} appears twice in governance.approvers (items ${first} and ${i}); name each once.`));
      return;
    }
    seen.set(key, i);
    if (a.team !== undefined) {
      if (!teams.has(a.team)) {
        findings.push(finding('error', 'unknown-reference', [...path, 'team'], `Approver team "${a.team}" is not declared in teams (${[...teams.keys()].join(', ')}).`));
      }
      return;
    }
    const id = a.id ?? '';
    const memberOf = doc.teams.filter((t) => t.members.includes(id));
    if (memberOf.length > 0 && !memberOf.some((t) => t.party === a.party)) {
      findings.push(finding('error', 'governance', [...path, 'party'],
        `Approver "${id}" approves for party "${a.party}" but is a member of ${memberOf.map((t) => `${t.id} (${t.party})`).join(', ')} only; give the party of their team, or check the id.`));
    } else if (memberOf.length === 0 && listsMembers) {
      findings.push(finding('warning', 'governance', [...path, 'id'],
        `Approver "${id}" is a member of no team in this matrix: approvals are made by actor id, so make sure "${id}" is the id the API receives (the Freshservice agent id when membership comes from agent groups).`));
    }
  });
  const people = new Set([...doc.teams.flatMap((t) => t.members), ...doc.governance.approvers.flatMap((a) => (a.id === undefined ? [] : [a.id]))]);
  for (const person of people) {
    const parties = approvalParties(doc, person);
    if (parties.length > 1) {
      const i = doc.governance.approvers.findIndex((a) => a.id === person || (a.team !== undefined && teams.get(a.team)?.members.includes(person)));
      findings.push(finding('error', 'governance', ['governance', 'approvers', i],
        `"${person}" approves for ${parties.map((p) => `"${p}"`).join(' and ')} (through governance.approvers and team membership); an approval counts for one party, so name them for one.`));
    }
  }
  return findings;
}
