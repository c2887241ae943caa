/**
 * Proposals on the Matrix tab: open ones with who proposed what and why, risk, findings, diff, impact replay and
 * approve / reject; decided ones with how they ended (the rejection's note is what the proposer learns from).
 */
import { button, formError } from '../../dom/fields.js';
import { h, type Child } from '../../dom/h.js';
import { formatInstant } from '../../time.js';
import type { ProposalView } from '../api.js';
import { needsText, outcomeOf, proposalActions, type GovernanceRole } from '../governance.js';
import type { Names } from '../names.js';
import { decisionLines, replayRows, replaySummary, ruleLines, sectionLines, type DiffLine, type ProposalDiff } from '../proposal-view.js';
import type { ReviewPage } from './review-page.js';

function diffList(test: string, lines: DiffLine[]): HTMLElement | null {
  if (lines.length === 0) return null;
  return h('ul', { class: 'diff', 'data-test': test }, ...lines.map((l) => h('li', { class: `diff-${l.change}`, 'data-change': l.change }, h('strong', {}, `${l.change} ${l.what}`), `: ${l.detail}`)));
}

function rowsTable(test: string, head: string[], rows: string[][]): HTMLElement {
  return h('table', { 'data-test': test }, h('thead', {}, h('tr', {}, ...head.map((c) => h('th', {}, c)))), h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))));
}

function diffSection(p: ProposalView, names: Names): HTMLElement {
  const diff = p.diff as ProposalDiff | null;
  if (!diff) return h('p', { class: 'muted', 'data-test': 'proposal-diff' }, `The version it was based on (${p.baseVersion}) is no longer stored, so no diff can be shown.`);
  const decisions = decisionLines(diff, names);
  return h(
    'div',
    { 'data-test': 'proposal-diff' },
    h('h4', {}, 'What changes'),
    diffList('diff-rules', ruleLines(diff, names)),
    diffList('diff-sections', sectionLines(diff)),
    decisions.length > 0
      ? rowsTable('diff-decisions', ['Incident type · tier', 'Now', 'Proposed', 'Changes'], decisions.map((d) => [d.what, d.before, d.after, d.changed]))
      : h('p', { class: 'muted' }, 'No incident type and tier would get another owner, party, SLA policy or runbook.'),
  );
}

function replaySection(p: ProposalView, names: Names): HTMLElement {
  const rows = replayRows(p.replay.items, names);
  return h(
    'div',
    { 'data-test': 'proposal-replay' },
    h('h4', {}, 'Impact replay'),
    h('p', { 'data-test': 'replay-summary' }, replaySummary(p.replay)),
    rows.length > 0 ? rowsTable('replay-items', ['Ticket', 'Classification', 'Decided then', 'Under the proposal', 'Changes'], rows.map((r) => [r.ticketId, r.classification, r.before, r.after, r.changed])) : null,
    p.replay.more > 0 ? h('p', { class: 'muted' }, `${p.replay.more} more not listed.`) : null,
  );
}

function decisionControls(page: ReviewPage, p: ProposalView, role: GovernanceRole | null, names: Names): Child[] {
  const { agent, busy, notes, proposalErrors } = page.state;
  if (!agent || !role) return [];
  const offer = proposalActions(p, role, agent.actor.id, names);
  const note = notes[p.id] ?? '';
  const readNote = () => (page.state.notes[p.id] ?? '').trim();
  const approve = () => {
    page.update(() => undefined);
    void page.decide(p.id, `approve:${p.id}`, () => page.backend.approve(p.id, agent.actor, readNote() || undefined), (after) =>
      after.status === 'activated' ? `Approved: the proposal is active as version ${after.activatedVersion}.` : `Approved for ${names.party(role.approverFor ?? '')}; it still needs ${needsText(after.needs, names)}.`,
    );
  };
  const reject = () => {
    page.update(() => undefined);
    const why = readNote();
    if (!why) {
      page.update(() => Object.assign(page.state, { proposalErrors: { ...page.state.proposalErrors, [p.id]: 'Say why it is rejected (the note): the proposer must learn what to change.' } }));
      return;
    }
    void page.decide(p.id, `reject:${p.id}`, () => page.backend.reject(p.id, agent.actor, why), () => 'Rejected; the proposer sees your note.');
  };
  return [
    offer.note ? h('p', { class: 'muted', 'data-test': 'proposal-note-text' }, offer.note) : null,
    offer.approve || offer.reject
      ? h(
          'div',
          { class: 'decide', 'data-test': 'proposal-decide' },
          h('fw-textarea', { 'data-test': 'proposal-note', 'data-proposal': p.id, label: 'Note (required to reject)', value: note, rows: 2, maxlength: 1000 }),
          h(
            'div',
            { class: 'buttons' },
            offer.approve ? button('proposal-approve', 'Approve', approve, { color: 'primary', busy: busy === `approve:${p.id}` }) : null,
            offer.reject ? button('proposal-reject', 'Reject', reject, { color: 'danger', busy: busy === `reject:${p.id}` }) : null,
          ),
        )
      : null,
    formError(proposalErrors[p.id] || null),
  ];
}

/**
 * One proposal as a card.
 * @example list.append(proposalCard(page, proposal, role, names))
 */
export function proposalCard(page: ReviewPage, p: ProposalView, role: GovernanceRole | null, names: Names): HTMLElement {
  const when = (iso: string) => formatInstant(iso, page.state.zone, page.locale, new Date(p.proposedAt));
  const findings = p.findings.filter((f) => f.severity !== 'warning');
  return h(
    'article',
    { class: 'proposal', 'data-test': 'proposal', 'data-proposal': p.id, 'data-status': p.status },
    h('h3', {}, `Proposal ${p.id}`, ' ', h('span', { class: `pill pill-risk-${p.risk.level}`, 'data-test': 'proposal-risk' }, `${p.risk.level} risk`)),
    h('p', {}, `Proposed by ${p.proposedBy.name ?? p.proposedBy.id} ${when(p.proposedAt)}, on version ${p.baseVersion}: `, h('q', { 'data-test': 'proposal-rationale' }, p.rationale)),
    p.risk.reasons.length > 0 ? h('ul', { class: 'risk-reasons' }, ...p.risk.reasons.map((r) => h('li', {}, r))) : null,
    h('p', { 'data-test': 'proposal-needs' }, p.needs.length > 0 ? `Needs ${needsText(p.needs, names)}.` : 'Has the approvals it needs.'),
    p.approvals.length > 0 ? h('p', { 'data-test': 'proposal-approvals' }, `Approved by ${p.approvals.map((a) => `${a.name ?? a.id} for ${names.party(a.party)}`).join(', ')}.`) : null,
    findings.length > 0 ? h('ul', { class: 'findings', 'data-test': 'proposal-findings' }, ...findings.map((f) => h('li', { class: `finding-${f.severity}` }, `${f.severity} at ${f.path}: ${f.message}`))) : null,
    diffSection(p, names),
    replaySection(p, names),
    ...decisionControls(page, p, role, names),
  );
}

/**
 * A decided proposal (activated, rejected or stale), its diff folded away.
 * @example list.append(decidedCard(page, proposal, names))
 */
export function decidedCard(page: ReviewPage, p: ProposalView, names: Names): HTMLElement {
  const when = (iso: string) => formatInstant(iso, page.state.zone, page.locale, new Date());
  const mine = page.state.agent?.actor.id === p.proposedBy.id;
  return h(
    'article',
    { class: `proposal decided${mine ? ' mine' : ''}`, 'data-test': 'decided-proposal', 'data-proposal': p.id, 'data-status': p.status },
    h('h3', {}, `Proposal ${p.id}`, ' ', h('span', { class: `pill pill-${p.status}`, 'data-test': 'decided-status' }, p.status), mine ? h('span', { class: 'muted' }, ' (yours)') : null),
    h('p', {}, `Proposed by ${p.proposedBy.name ?? p.proposedBy.id} ${when(p.proposedAt)}: `, h('q', {}, p.rationale)),
    h('p', { 'data-test': 'decided-outcome' }, p.closedAt ? `${when(p.closedAt)}: ` : '', outcomeOf(p) ?? ''),
    h('details', {}, h('summary', {}, 'What it changed'), diffSection(p, names)),
  );
}
