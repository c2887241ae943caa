/**
 * The weekly digest's text from a week's report: the three KPIs with their movement and target, per party
 * (ambiguity by cause), the worst breach, and the link to the review.
 */
import type { HeadlineKpi, TargetMark } from '../../../shared/kpi/movement.js';
import type { MatrixDocument } from '../../../shared/matrix/schema.js';
import type { DigestMessage } from '../../../shared/ports.js';
import { CAUSE_LABELS, movementText, percent } from '../../../shared/kpi/words.js';
import type { BreachedEscalation } from './breached.js';
import type { WeeklyReport } from './weekly-schema.js';

const STATUS_WORDS: Record<NonNullable<TargetMark['status']>, string> = { met: 'met', 'on-track': 'on track', 'not-met': 'not met' };

const day = (iso: string, zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short' }).format(Date.parse(iso));
const dayAndYear = (iso: string, zone: string) => `${day(iso, zone)} ${new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric' }).format(Date.parse(iso))}`;
const dayTime = (iso: string, zone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.parse(iso));

/** "+10–25 %" or "−10–25 %": the band as the seed writes it. */
const bandText = (band: TargetMark['band']) => `${band.from < 0 ? '−' : '+'}${Math.round(Math.abs(band.from) * 100)}–${Math.round(Math.abs(band.to) * 100)} %`;

function targetText(report: WeeklyReport, kpi: HeadlineKpi): string | null {
  const mark = report.targets.find((t) => t.kpi === kpi);
  if (!mark) return null;
  return `Target ${bandText(mark.band)} by ${day(mark.dueAt, report.timeZone)}: ${mark.status === null ? 'nothing to judge this week' : STATUS_WORDS[mark.status]}`;
}

/** Hours and minutes, e.g. "3 h 20 min"; "under a minute" below one. */
function elapsed(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const hours = Math.floor(minutes / 60);
  return hours === 0 ? `${minutes} min` : `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** How long past its breach an escalation stayed unresolved, as of `asOf` for one still open. */
const overrun = (b: BreachedEscalation, asOf: number) => (b.resolvedAt === null ? asOf : Date.parse(b.resolvedAt)) - Date.parse(b.breachedAt);

/**
 * The worst of the listed breaches: the highest impact (tier 1 first), then one still open, then the longest
 * unresolved past its breach.
 * @example worstBreach(report.breachedEscalations.items, Date.parse(report.generatedAt))?.ticketId // '4521'
 */
export function worstBreach(items: readonly BreachedEscalation[], asOf: number): BreachedEscalation | null {
  const rank = (b: BreachedEscalation) => [b.impactTier, b.state === 'open' ? 0 : 1, -overrun(b, asOf)] as const;
  let worst: BreachedEscalation | null = null;
  for (const b of items) {
    if (worst === null) {
      worst = b;
      continue;
    }
    const [x, y] = [rank(b), rank(worst)];
    const better = x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    if (better < 0) worst = b;
  }
  return worst;
}

export interface DigestInput {
  report: WeeklyReport;
  document: MatrixDocument;
  /** The review's address, or null: no link. */
  reviewUrl: string | null;
}

/**
 * @example const message = digestMessage({ report, document: matrix.document, reviewUrl: 'https://contoso.freshservice.com/a/apps/baton' });
 */
export function digestMessage({ report, document, reviewUrl }: DigestInput): DigestMessage {
  const zone = report.timeZone;
  const partyName = (id: string) => document.parties.find((p) => p.id === id)?.name ?? id;
  const teamName = (id: string) => document.teams.find((t) => t.id === id)?.name ?? id;
  const against = report.movement.baseline ? 'vs baseline' : 'vs previous 4 weeks';
  const moved = report.movement.baseline ?? report.movement.previousWeeks;
  const movementOf = (kpi: HeadlineKpi) => (moved === null || moved[kpi] === null ? null : `${movementText(moved[kpi])} ${against}`);
  const perParty = (pick: (p: WeeklyReport['kpis']['byParty'][string]) => number | null) => {
    const parts = Object.entries(report.kpis.byParty).map(([party, p]) => `${partyName(party)} ${percent(pick(p))}`);
    return parts.length > 0 ? parts.join(' · ') : null;
  };
  const causes = Object.entries(report.kpis.ownershipAmbiguityIncidents.byCause)
    .filter(([, n]) => n > 0)
    .map(([cause, n]) => `${CAUSE_LABELS[cause as keyof typeof CAUSE_LABELS]} ${n}`);
  const lastDay = new Date(Date.parse(report.period.to) - 1).toISOString();
  const worst = worstBreach(report.breachedEscalations.items, Date.parse(report.generatedAt));
  return {
    tenant: report.tenant,
    week: report.week,
    title: `Weekly co-managed ops review: ${report.week}`,
    period: `${day(report.period.from, zone)} – ${dayAndYear(lastDay, zone)} (${zone})`,
    comparedWith: report.baseline
      ? `against baseline v${report.baseline.version} (${day(report.baseline.from, zone)} – ${dayAndYear(new Date(Date.parse(report.baseline.to) - 1).toISOString(), zone)})`
      : 'no baseline captured yet: against the previous 4 weeks',
    kpis: [
      {
        label: 'Escalation SLA attainment',
        value: report.kpis.escalationSlaAttainment === null ? 'no escalation resolved' : percent(report.kpis.escalationSlaAttainment),
        movement: movementOf('escalationSlaAttainment'),
        target: targetText(report, 'escalationSlaAttainment'),
        detail: perParty((p) => p.escalationSlaAttainment),
      },
      {
        label: 'Handoff rework rate',
        value: report.kpis.handoffReworkRate === null ? 'no handoff requested' : percent(report.kpis.handoffReworkRate),
        movement: movementOf('handoffReworkRate'),
        target: targetText(report, 'handoffReworkRate'),
        detail: perParty((p) => p.handoffReworkRate),
      },
      {
        label: 'Ownership ambiguity incidents',
        value: String(report.kpis.ownershipAmbiguityIncidents.total),
        movement: movementOf('ownershipAmbiguityIncidents'),
        target: targetText(report, 'ownershipAmbiguityIncidents'),
        detail: causes.length > 0 ? causes.join(' · ') : null,
      },
    ],
    breaches: report.breachedEscalations.total,
    worstBreach:
      worst === null
        ? null
        : [
            `#${worst.ticketId}${worst.subject ? ` ${worst.subject}` : ''} (${worst.incidentType}, tier ${worst.impactTier})`,
            `breached ${dayTime(worst.breachedAt, zone)} under ${teamName(worst.ownerAtBreach.team)} (${partyName(worst.ownerAtBreach.party)})`,
            worst.resolvedAt === null ? `still open ${elapsed(overrun(worst, Date.parse(report.generatedAt)))} later` : `resolved ${elapsed(overrun(worst, 0))} after the breach`,
          ].join(', '),
    link: reviewUrl === null ? null : { label: 'Open the weekly review', url: reviewUrl },
  };
}
