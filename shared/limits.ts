/**
 * The bounds of one escalation, in one place: chosen so that the largest escalation Baton accepts fits
 * every DynamoDB item it is stored in (400 KB each) with room to spare, even when every character of
 * every field takes 3 bytes (test/integration/api.limits.test.ts builds it and weighs the items).
 * The README's "Limits" table is this object.
 */
export const LIMITS = {
  /** Characters of a handoff's current diagnosis, and of its actions taken. */
  diagnosis: 3000,
  actionsTaken: 3000,
  nextAction: 500,
  evidenceLinks: 5,
  evidenceLabel: 100,
  evidenceUrl: 1000,
  /** A rejection's note, a resolution. */
  note: 1000,
  resolution: 2000,
  /** A pause or reclassification reason, an escalation's subject. */
  reason: 500,
  subject: 500,
  /** Handoffs requested on one escalation, whatever became of them (a rejected one counts). */
  handoffs: 10,
  pauses: 10,
  reclassifications: 5,
  /** Silent queue moves recorded on one escalation; later ones are refused (the escalation is already flagged). */
  silentTransfers: 10,
  /** How far ahead a handoff's next-action deadline may be. */
  nextActionDays: 365,
} as const;
