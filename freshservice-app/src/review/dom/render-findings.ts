/** The Review tab's lists: breached escalations (each expandable to its handoff chain and records), handoff quality, communication failures, friction. */
import type { HandoffView } from '../../../../shared/escalation/view.js';
import { h, type Child } from '../../dom/h.js';
import { urlLink } from './links.js';
import { formatInstant } from '../../time.js';
import { plural } from '../format.js';
import { teamWithParty, type Names } from '../names.js';
import type { BreachedEscalation, FrictionPoint, WeeklyReport } from '../report.js';
import type { ReviewPage } from './review-page.js';

const REASONS: Record<string, string> = { 'missing-information': 'Missing information', 'not-our-scope': 'Not our scope', other: 'Other' };
const HANDOFF_STATUS: Record<HandoffView['status'], string> = { pending: 'waiting for acknowledgement', acknowledged: 'acknowledged', rejected: 'rejected', withdrawn: 'withdrawn' };

type When = (iso: string) => string;

function handoffItem(handoff: HandoffView, names: Names, when: When): HTMLElement {
  const record = handoff.record;
  const closed = 'closedAt' in handoff ? ` ${when(handoff.closedAt)}` : '';
  return h(
    'li',
    { class: 'handoff', 'data-test': 'handoff-record', 'data-status': handoff.status },
    h('p', { class: 'handoff-head' }, `${handoff.id}: ${teamWithParty(names, handoff.from)} → ${teamWithParty(names, handoff.to)}, requested ${when(handoff.requestedAt)}; ${HANDOFF_STATUS[handoff.status]}${closed}`, handoff.overdue ? h('span', { class: 'pill pill-not-met' }, 'acknowledged late') : null),
    handoff.status === 'rejected'
      ? h('p', { class: 'rejection' }, `Sent back: ${REASONS[handoff.reason] ?? handoff.reason}`, handoff.note ? ` — ${handoff.note}` : '', handoff.missingFields?.length ? ` (missing: ${handoff.missingFields.join(', ')})` : '')
      : null,
    record
      ? h(
          'dl',
          { class: 'record' },
          h('dt', {}, 'Current diagnosis'),
          h('dd', {}, record.diagnosis),
          h('dt', {}, 'Actions taken'),
          h('dd', {}, record.actionsTaken),
          h('dt', {}, 'Evidence'),
          h('dd', {}, ...record.evidence.flatMap((e, i) => [i > 0 ? ', ' : '', urlLink(e.url, e.label, 'evidence-link')])),
          h('dt', {}, 'Next required action'),
          h('dd', {}, record.nextAction, ` (by ${when(record.nextActionDueAt)})`),
        )
      : h('p', { class: 'muted' }, 'No record stored with this handoff.'),
  );
}

function breachedItem(b: BreachedEscalation, names: Names, when: When): HTMLElement {
  const summary = h(
    'summary',
    { 'data-test': 'breached-summary' },
    h('strong', {}, b.ticketId),
    ` ${b.subject ?? ''} — breached ${when(b.breachedAt)} while ${teamWithParty(names, b.ownerAtBreach)} owned it; ${b.incidentType}, tier ${b.impactTier}; ${plural(b.handoffs.length, 'handoff')}; ${b.state === 'resolved' ? `resolved ${b.resolvedAt ? when(b.resolvedAt) : ''}` : `open, with ${teamWithParty(names, b.owner)}`}`,
  );
  return h(
    'details',
    { class: 'breached', 'data-test': 'breached-escalation', 'data-ticket': b.ticketId },
    summary,
    h('p', { class: 'muted' }, `Decided by matrix ${b.matrixVersion}. Runbook: `, b.runbook ? urlLink(b.runbook, b.runbook, 'breached-runbook') : 'none'),
    b.handoffs.length === 0 ? h('p', { class: 'muted' }, 'It was never handed off.') : h('ol', { class: 'handoffs', 'data-test': 'handoff-chain' }, ...b.handoffs.map((x) => handoffItem(x, names, when))),
  );
}

function table(test: string, head: string[], rows: Child[][]): HTMLElement {
  return h('table', { 'data-test': test }, h('thead', {}, h('tr', {}, ...head.map((c) => h('th', {}, c)))), h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))));
}

function quality(report: WeeklyReport, names: Names, when: When): HTMLElement {
  const q = report.handoffQuality;
  const reasons = Object.entries(q.rejectionsByReason);
  return h(
    'section',
    { class: 'section', 'data-test': 'handoff-quality' },
    h('h2', {}, 'Handoff quality'),
    h('p', {}, `Sent back this week: ${reasons.map(([r, n]) => `${REASONS[r] ?? r} ${n}`).join(', ')}.`),
    q.missingFields.length > 0 ? h('p', { 'data-test': 'missing-fields' }, 'Fields most often found missing: ', q.missingFields.map((f) => `${f.label} (${f.count})`).join(', ')) : h('p', { class: 'muted' }, 'No rejection named a missing field.'),
    q.notOurScope.count === 0
      ? h('p', { class: 'muted' }, 'No handoff was rejected as not our scope.')
      : table('not-our-scope', ['Ticket', 'When', 'From', 'To', 'Note'], q.notOurScope.examples.map((e) => [e.ticketId, when(e.at), teamWithParty(names, e.from), teamWithParty(names, e.to), e.note ?? ''])),
  );
}

function communication(report: WeeklyReport, names: Names, when: When): HTMLElement {
  const c = report.communicationFailures;
  const channels = Object.entries(c.failedNotifications.byChannel);
  return h(
    'section',
    { class: 'section', 'data-test': 'communication-failures' },
    h('h2', {}, 'Communication failures'),
    h('p', { 'data-test': 'failed-notifications' }, `Failed notifications: ${c.failedNotifications.count}${channels.length > 0 ? ` (${channels.map(([ch, n]) => `${ch} ${n}`).join(', ')})` : ''}.`),
    c.failedNotifications.examples.length > 0 ? table('failed-notification-list', ['Ticket', 'When', 'Channel', 'To', 'Error'], c.failedNotifications.examples.map((e) => [e.ticketId, when(e.at), e.channel, e.target, e.error])) : null,
    h('p', { 'data-test': 'overdue-acks' }, `Acknowledgements overdue: ${c.overdueAcknowledgements.count}.`),
    c.overdueAcknowledgements.examples.length > 0 ? table('overdue-ack-list', ['Ticket', 'Handoff', 'Due', 'From', 'To'], c.overdueAcknowledgements.examples.map((e) => [e.ticketId, e.handoffId, when(e.at), teamWithParty(names, e.from), teamWithParty(names, e.to)])) : null,
    h('p', { 'data-test': 'silent-transfers' }, `Silent transfers (queue moves without a handoff): ${c.silentTransfers.count}.`),
    c.silentTransfers.examples.length > 0
      ? table('silent-transfer-list', ['Ticket', 'When', 'Owner', 'Moved to'], c.silentTransfers.examples.map((e) => [e.ticketId, when(e.at), teamWithParty(names, e.owner), e.toTeam ? teamWithParty(names, e.toTeam) : `group ${e.toGroupId ?? '—'}`]))
      : null,
  );
}

/** A friction point's counts in words, e.g. "3 sent back (1 not our scope), 2 late acknowledgements, 1 breach". */
export function frictionText(p: FrictionPoint): string {
  const c = p.counts;
  const parts = [
    c.rework > 0 ? `${c.rework} sent back${c.notOurScope > 0 ? ` (${c.notOurScope} not our scope)` : ''}` : '',
    c.ackOverdue > 0 ? plural(c.ackOverdue, 'late acknowledgement') : '',
    c.silentTransfers > 0 ? plural(c.silentTransfers, 'silent transfer') : '',
    c.breaches > 0 ? plural(c.breaches, 'breach', 'breaches') : '',
  ].filter((s) => s !== '');
  return parts.join(', ') || 'no friction';
}

/** Friction points as rows (the Matrix tab adds a "propose a change" control through `extra`). */
export function frictionTable(test: string, points: readonly FrictionPoint[], extra?: (p: FrictionPoint) => Child): HTMLElement {
  return table(
    test,
    ['Where', 'Friction', 'Escalations', 'Runbook', ...(extra ? [''] : [])],
    points.map((p) => [
      h('span', { 'data-test': 'friction-label', 'data-key': p.key }, p.label),
      frictionText(p),
      `${p.escalations}${p.examples.length > 0 ? ` (e.g. ${p.examples.join(', ')})` : ''}`,
      p.runbook ? urlLink(p.runbook, p.runbook, 'friction-runbook') : '—',
      ...(extra ? [extra(p)] : []),
    ]),
  );
}

/**
 * The report's lists below the charts.
 * @example main.append(...renderFindings(report, names, page))
 */
export function renderFindings(report: WeeklyReport, names: Names, page: ReviewPage): HTMLElement[] {
  const reference = new Date(report.generatedAt);
  const when: When = (iso) => formatInstant(iso, report.timeZone, page.locale, reference);
  const breached = report.breachedEscalations;
  const friction = report.frictionPoints;
  return [
    h(
      'section',
      { class: 'section', 'data-test': 'breached' },
      h('h2', {}, `Breached escalations (${breached.total})`),
      breached.total === 0 ? h('p', { class: 'muted', 'data-test': 'no-breaches' }, 'No escalation breached its target this week.') : h('div', {}, ...breached.items.map((b) => breachedItem(b, names, when))),
      breached.total > breached.items.length ? h('p', { class: 'muted' }, `The first ${breached.items.length} by due time are listed; the downloads have every one.`) : null,
    ),
    quality(report, names, when),
    communication(report, names, when),
    h(
      'section',
      { class: 'section', 'data-test': 'friction-week' },
      h('h2', {}, 'Friction points this week'),
      friction.rules.length + friction.incidentTypes.length === 0
        ? h('p', { class: 'muted' }, 'No rework, late acknowledgement, silent transfer or breach this week.')
        : h('div', {}, frictionTable('friction-rules', friction.rules), frictionTable('friction-types', friction.incidentTypes)),
      h('p', { class: 'muted' }, 'The Matrix tab ranks the last four weeks and drafts a proposal from each rule.'),
    ),
  ];
}
