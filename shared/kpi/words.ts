/** The KPIs in words, as the review page and the weekly digest write them (docs/kpis.md defines the figures). */
import type { AmbiguityCause } from '../escalation/events.js';

/**
 * A ratio as a whole percentage; "—" when there was nothing to divide (docs/kpis.md: null, never 0 %).
 * @example percent(0.6667) // '67 %'; percent(null) // '—'
 */
export function percent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${Math.round(ratio * 100)} %`;
}

/**
 * A relative movement with its sign: +10 %, −25 %; "—" without a reference.
 * @example movementText(0.1) // '+10 %'; movementText(-0.25) // '−25 %'
 */
export function movementText(movement: number | null | undefined): string {
  if (movement === null || movement === undefined || !Number.isFinite(movement)) return '—';
  const points = Math.round(movement * 100);
  if (points === 0) return '±0 %';
  return `${points > 0 ? '+' : '−'}${Math.abs(points)} %`;
}

/** Every cause docs/kpis.md counts, as a reader says it (the record type makes a new cause a compile error here). */
export const CAUSE_LABELS: Record<AmbiguityCause, string> = {
  'no-rule': 'No rule matched',
  'rule-conflict': 'Rules in conflict',
  'ack-overdue': 'Acknowledgement overdue',
  'silent-transfer': 'Silent transfer',
  'not-our-scope': 'Rejected as not our scope',
};
