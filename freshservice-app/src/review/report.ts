/**
 * The reports the review page reads, as the API answers them (GET /v1/reports/weekly, /friction, /baseline).
 * Only types: the page bundles no schema for them and checks the few fields it cannot do without (`readReport`).
 */
import type { ActorRef, RejectReason, TeamRef } from '../../../shared/escalation/events.js';
import type { HandoffView } from '../../../shared/escalation/view.js';
import type { HandoffField } from '../../../shared/handoff/schema.js';
import type { KpiReport, Period } from '../../../shared/kpi/kpis.js';
import type { HeadlineKpis, Movement, TargetMark } from '../../../shared/kpi/movement.js';

export type { Period };

export interface RejectionExample { ticketId: string; handoffId: string; at: string; from: TeamRef; to: TeamRef; note?: string }

export interface ReviewFindings {
  handoffQuality: {
    rejectionsByReason: Record<RejectReason, number>;
    missingFields: Array<{ field: HandoffField; label: string; count: number }>;
    notOurScope: { count: number; examples: RejectionExample[] };
  };
  communicationFailures: {
    failedNotifications: { count: number; byChannel: Record<string, number>; examples: Array<{ ticketId: string; at: string; channel: string; target: string; attempt: number; error: string }> };
    overdueAcknowledgements: { count: number; examples: Array<{ ticketId: string; handoffId: string; at: string; recordedAt: string; from: TeamRef; to: TeamRef }> };
    silentTransfers: { count: number; examples: Array<{ ticketId: string; at: string; fromGroupId: number | null; toGroupId: number | null; toTeam: TeamRef | null; owner: TeamRef }> };
  };
}

/** A breached escalation of the week with every handoff and its record. */
export interface BreachedEscalation {
  ticketId: string;
  subject: string | null;
  incidentType: string;
  impactTier: number;
  matrixVersion: string;
  runbook: string | null;
  breachedAt: string;
  recordedAt: string;
  ownerAtBreach: TeamRef;
  state: 'open' | 'resolved';
  owner: TeamRef;
  resolvedAt: string | null;
  handoffs: HandoffView[];
}

export interface FrictionCounts { rework: number; notOurScope: number; ackOverdue: number; silentTransfers: number; breaches: number; handoffs: number }

export interface FrictionPoint {
  kind: 'rule' | 'incident-type';
  key: string;
  label: string;
  rule?: { id?: string; index: number; matrixVersion: string } | null;
  incidentType?: string;
  runbook?: string;
  counts: FrictionCounts;
  score: number;
  escalations: number;
  examples: string[];
}

/** What a proposal for a friction point starts from (rules only). */
export interface DraftProposal {
  ruleId: string | null;
  ruleIndex: number | null;
  matrixVersion: string | null;
  runbook: string | null;
  rationale: string;
}

export interface RankedFrictionPoint extends FrictionPoint {
  draftProposal: DraftProposal | null;
}

export interface FrictionReport {
  tenant: string;
  timeZone: string;
  weeks: number;
  period: Period;
  /** Baton's clock when it answered: the page's "now" (local mode's manual clock is not the browser's). */
  generatedAt: string;
  rules: RankedFrictionPoint[];
  incidentTypes: RankedFrictionPoint[];
  unattributed: number;
}

export interface TrendWeek {
  week: string;
  period: Period;
  escalationSlaAttainment: number | null;
  handoffReworkRate: number | null;
  ownershipAmbiguityIncidents: number;
  resolved: number;
  handoffsRequested: number;
  byParty: Record<string, { escalationSlaAttainment: number | null; handoffReworkRate: number | null }>;
}

export interface BaselineSummary {
  version: number;
  from: string;
  to: string;
  capturedAt: string;
  actor: ActorRef;
  note?: string;
  headline: HeadlineKpis;
}

export interface WeeklyReport extends ReviewFindings {
  tenant: string;
  week: string;
  timeZone: string;
  period: Period;
  generatedAt: string;
  complete: boolean;
  scope: 'tenant';
  kpis: KpiReport;
  /** The previous 4 weeks and this one, oldest first. */
  trend: TrendWeek[];
  baseline: BaselineSummary | null;
  movement: { baseline: Movement | null; previousWeeks: Movement | null };
  targets: TargetMark[];
  breachedEscalations: { total: number; items: BreachedEscalation[] };
  byParty: Record<string, ReviewFindings>;
  frictionPoints: { rules: FrictionPoint[]; incidentTypes: FrictionPoint[]; unattributed: number };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The weekly report, or why this page cannot show it: the sections the page is built from must be there
 * (an older Baton, or a party-scoped key's report, lacks some).
 * @example readReport(JSON.parse(answer)) // {ok: true, report}
 */
export function readReport(value: unknown): { ok: true; report: WeeklyReport } | { ok: false; message: string } {
  if (!isObject(value)) return { ok: false, message: 'Baton answered something that is not a weekly report.' };
  if (value.scope !== 'tenant') return { ok: false, message: 'This is one party’s weekly report: the review page needs the tenant’s (the app’s API key must be a tenant key, not a party-scoped one).' };
  const missing = ['kpis', 'trend', 'movement', 'targets', 'breachedEscalations', 'handoffQuality', 'communicationFailures', 'frictionPoints'].filter((k) => !(k in value));
  if (missing.length > 0 || !Array.isArray(value.trend)) return { ok: false, message: `Baton’s weekly report lacks ${missing.join(', ') || 'its trend'}; is Baton older than this app?` };
  return { ok: true, report: value as unknown as WeeklyReport };
}
