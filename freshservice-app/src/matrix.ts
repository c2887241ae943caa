/** The tenant's active matrix in the sidebar: checked and compiled with the shared code, and the lookups the panels need. */
import { compileMatrix, type Matrix } from '../../shared/matrix/matrix.js';
import { matrixSchema } from '../../shared/matrix/schema.js';
import type { MatrixAnswer } from './backend.js';

/**
 * The answer of GET /v1/matrix as a compiled matrix (defaults applied, references resolved), or why it
 * cannot be used; the sidebar then still shows the escalation, without prefill, preview or suggestions.
 * @example readMatrix({version: 3, matrix: doc}) // {ok: true, matrix: <Matrix "v3">}
 */
export function readMatrix(answer: MatrixAnswer): { ok: true; matrix: Matrix } | { ok: false; message: string } {
  const parsed = matrixSchema.safeParse(answer.matrix);
  if (!parsed.success) return { ok: false, message: `The escalation matrix (version ${answer.version}) could not be read: ${parsed.error.issues[0]?.message ?? 'unknown shape'}` };
  try {
    return { ok: true, matrix: compileMatrix(parsed.data, `v${answer.version}`) };
  } catch (error) {
    return { ok: false, message: `The escalation matrix (version ${answer.version}) cannot be evaluated: ${(error as Error).message}` };
  }
}

/** A team's display name, or its id when the matrix does not know it. */
export const teamName = (matrix: Matrix | null, id: string): string => matrix?.team(id)?.name ?? id;

/** A party's display name, or its id. */
export const partyName = (matrix: Matrix | null, id: string): string => matrix?.document.parties.find((p) => p.id === id)?.name ?? id;

/** The time zone a team works in (its calendar's), or null when unknown. */
export function teamZone(matrix: Matrix | null, teamId: string): string | null {
  const team = matrix?.team(teamId);
  return (team && matrix?.calendar(team.calendar)?.timezone) ?? null;
}
