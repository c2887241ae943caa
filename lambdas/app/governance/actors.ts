/** Who acts in a governance request, and what the caller's key lets them do: a party-scoped key acts only for its party. */
import type { ActingUser } from '../../../shared/escalation/commands.js';
import { ForbiddenError } from '../../../shared/errors.js';
import type { Actor } from '../../../shared/api/schemas.js';
import { approvalParties } from '../../../shared/matrix/lint-governance.js';
import type { Matrix } from '../../../shared/matrix/matrix.js';
import type { ApiKey } from '../../../shared/ports.js';
import type { EscalationService } from '../escalations.js';

/** The party of a party-scoped key (`party:msp` → `msp`); null for a tenant-wide key. */
export const keyParty = (key: ApiKey): string | null => (key.scope.startsWith('party:') ? key.scope.slice('party:'.length) : null);

/**
 * The asserted actor with the teams the server resolves for them (Freshservice groups, else the matrix's
 * members) and the key that asserted them. The key's scope is checked by what they do (below), since an
 * approver need not be in any team.
 */
export async function governanceActor(service: EscalationService, key: ApiKey, actor: Actor, matrix: Matrix): Promise<ActingUser> {
  const user = await service.actingUser(key.tenant, actor, matrix, null);
  return { ...user, via: { key: key.id, scope: key.scope } };
}

/** A party-scoped key proposes only for members of its party's teams, or its party's approvers. */
export function requireProposerScope(key: ApiKey, matrix: Matrix, user: ActingUser): void {
  const party = keyParty(key);
  if (party === null) return;
  const ofParty = user.teams.some((t) => matrix.team(t)?.party === party) || approvalParties(matrix.document, user.id, user.teams).includes(party);
  if (!ofParty) {
    throw new ForbiddenError(`This API key (${key.id}, scope ${key.scope}) acts only for members of ${party}'s teams and ${party}'s approvers; ${user.id} is neither`, { scope: key.scope });
  }
}

/** A party-scoped key approves or rejects only for its own party. */
export function requireApproverScope(key: ApiKey, user: ActingUser, party: string): void {
  const scoped = keyParty(key);
  if (scoped !== null && scoped !== party) {
    throw new ForbiddenError(`This API key (${key.id}, scope ${key.scope}) acts only for ${scoped}'s approvers; ${user.id} approves for ${party}`, { scope: key.scope });
  }
}
