/** Display names for the ids reports carry (parties, teams), from the active matrix; an id the matrix does not know shows as itself. */
import type { Matrix } from '../../../shared/matrix/matrix.js';
import { partyName, teamName } from '../matrix.js';

export interface Names {
  party(id: string): string;
  team(id: string): string;
}

/**
 * The matrix's names, or the ids themselves while the matrix is not loaded.
 * @example namesOf(matrix).party('msp') // 'Acme MSP'
 */
export function namesOf(matrix: Matrix | null): Names {
  return { party: (id) => partyName(matrix, id), team: (id) => teamName(matrix, id) };
}

/** A team with its party, as the review writes an owner: "MSP Second Line (Acme MSP)". */
export const teamWithParty = (names: Names, ref: { team: string; party: string }): string => `${names.team(ref.team)} (${names.party(ref.party)})`;
