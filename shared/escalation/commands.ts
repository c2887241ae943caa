/** Commands in the imperative, and `decide`: what each one means given the state and the time. */
import type { Matrix } from '../matrix/matrix.js';
import type { HandoffField, HandoffRecord } from '../handoff/schema.js';
import type { DeadlineRef } from './deadlines.js';
import type { RejectReason } from './events.js';

/** The person acting, with the teams the server resolved for them (Freshservice groups or matrix members). */
export interface ActingUser {
  id: string;
  name?: string;
  teams: readonly string[];
  /** The API key that asserted this actor (its id and scope), recorded with every event they cause. */
  via?: { key: string; scope: string };
}

export type EscalationCommand =
  | { type: 'OpenEscalation'; ticketId: string; subject?: string; incidentType: string; impactTier: number; matrix: Matrix; actor: ActingUser }
  | { type: 'RequestHandoff'; record: HandoffRecord; matrix: Matrix; actor: ActingUser }
  | { type: 'AcknowledgeHandoff'; handoffId: string; actor: ActingUser }
  | { type: 'RejectHandoff'; handoffId: string; reason: RejectReason; note?: string; missingFields?: HandoffField[]; actor: ActingUser }
  | { type: 'PauseClock'; reason: string; actor: ActingUser }
  | { type: 'ResumeClock'; actor: ActingUser }
  | { type: 'Reclassify'; incidentType?: string; impactTier?: number; reason: string; matrix: Matrix; actor: ActingUser }
  | { type: 'Resolve'; resolution: string; actor: ActingUser }
  | { type: 'FireDeadline'; deadline: DeadlineRef }
  | { type: 'RecordGroupChange'; fromGroupId: number | null; toGroupId: number | null; matrix: Matrix; actor?: ActingUser }
  | { type: 'RecordNotification'; outcome: 'sent' | 'failed'; forSeq: number; channel: string; target: string; error?: string; attempt: number };

export type EscalationCommandType = EscalationCommand['type'];
export type CommandOf<T extends EscalationCommandType> = Extract<EscalationCommand, { type: T }>;
