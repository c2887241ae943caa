/** The Matrix tab: the active matrix as a table and its findings, the last weeks' friction with a proposal draft each, the propose form, open and decided proposals, and the version history. */
import { button } from '../../dom/fields.js';
import { h, type Child } from '../../dom/h.js';
import { urlLink } from './links.js';
import { formatInstant } from '../../time.js';
import { governanceRole, type GovernanceRole } from '../governance.js';
import { matrixFindings, matrixRows } from '../matrix-table.js';
import { namesOf, type Names } from '../names.js';
import { startEdit } from '../proposal-draft.js';
import type { RankedFrictionPoint } from '../report.js';
import { frictionTable } from './render-findings.js';
import { decidedCard, proposalCard } from './render-proposals.js';
import { renderProposeForm } from './render-propose.js';
import type { ReviewPage } from './review-page.js';
import type { Matrix } from '../../../../shared/matrix/matrix.js';

function activeMatrix(matrix: Matrix, names: Names): HTMLElement {
  const rows = matrixRows(matrix, names);
  const findings = matrixFindings(matrix);
  return h(
    'section',
    { class: 'section', 'data-test': 'active-matrix' },
    h('h2', {}, `Active matrix (version ${matrix.version.replace(/^v/, '')})`),
    h('p', { class: 'muted' }, 'The most specific rule wins: a single value beats a list, a list beats "any".'),
    h(
      'table',
      { 'data-test': 'matrix-table' },
      h('thead', {}, h('tr', {}, ...['Rule', 'Matches', 'Owner team', 'Party', 'SLA policy', 'Runbook'].map((c) => h('th', {}, c)))),
      h(
        'tbody',
        {},
        ...rows.map((r) =>
          h('tr', { 'data-test': 'matrix-rule', 'data-rule': r.rule }, h('td', {}, r.rule), h('td', {}, r.match), h('td', {}, r.team), h('td', {}, r.party), h('td', {}, r.sla), h('td', {}, r.runbook ? urlLink(r.runbook, r.runbook, 'rule-runbook') : '—')),
        ),
      ),
    ),
    h('h3', {}, 'Findings'),
    findings.length === 0
      ? h('p', { class: 'muted', 'data-test': 'matrix-findings' }, 'None: no gap, conflict, unused part or governance problem.')
      : h('ul', { class: 'findings', 'data-test': 'matrix-findings' }, ...findings.map((f) => h('li', { class: `finding-${f.severity}`, 'data-severity': f.severity }, h('strong', {}, f.severity), ` at ${f.where}: ${f.message}`))),
  );
}

function frictionSection(page: ReviewPage, matrix: Matrix, role: GovernanceRole | null): HTMLElement {
  const { friction, frictionError, busy } = page.state;
  const propose = (p: RankedFrictionPoint) => () => page.update(() => Object.assign(page.state, { edit: startEdit(matrix, p.draftProposal), editErrors: [], editError: null, notice: null }));
  const control = (p: RankedFrictionPoint): Child => (p.draftProposal && role?.mayPropose ? button('friction-propose', 'Propose a change', propose(p), { busy: busy === 'propose' }) : null);
  return h(
    'section',
    { class: 'section', 'data-test': 'friction' },
    h('h2', {}, `Friction over the last ${friction?.weeks ?? 4} weeks`),
    frictionError ? h('p', { class: 'form-error', 'data-test': 'friction-error', role: 'alert' }, frictionError) : null,
    friction && friction.rules.length + friction.incidentTypes.length === 0 ? h('p', { class: 'muted' }, 'No friction recorded: nothing to change from.') : null,
    friction && friction.rules.length > 0 ? frictionTable('friction-rules-month', friction.rules, (p) => control(p as RankedFrictionPoint)) : null,
    friction && friction.incidentTypes.length > 0 ? frictionTable('friction-types-month', friction.incidentTypes) : null,
    role && !role.mayPropose ? h('p', { class: 'muted', 'data-test': 'propose-who' }, `Changes are proposed by ${role.proposers}.`) : null,
    role?.mayPropose && !page.state.edit ? button('propose-blank', 'Propose another change', () => page.update(() => Object.assign(page.state, { edit: startEdit(matrix, null), editErrors: [], editError: null }))) : null,
  );
}

function proposalsSection(page: ReviewPage, role: GovernanceRole | null, names: Names): HTMLElement {
  const { proposals, governanceError } = page.state;
  return h(
    'section',
    { class: 'section', 'data-test': 'proposals' },
    h('h2', {}, 'Open proposals'),
    governanceError ? h('p', { class: 'form-error', 'data-test': 'governance-error', role: 'alert' }, governanceError) : null,
    proposals === null && !governanceError ? h('p', { class: 'loading', 'data-test': 'proposals-loading' }, 'Loading the proposals…') : null,
    proposals?.length === 0 ? h('p', { class: 'muted', 'data-test': 'no-proposals' }, 'None open.') : null,
    ...(proposals ?? []).map((p) => proposalCard(page, p, role, names)),
  );
}

function decidedSection(page: ReviewPage, names: Names): HTMLElement | null {
  const { decided } = page.state;
  if (!decided) return null;
  return h(
    'section',
    { class: 'section', 'data-test': 'decided-proposals' },
    h('h2', {}, 'Decided proposals'),
    decided.length === 0 ? h('p', { class: 'muted' }, 'None yet.') : h('p', { class: 'muted' }, `The latest ${decided.length}, newest first.`),
    ...decided.map((p) => decidedCard(page, p, names)),
  );
}

function versionsSection(page: ReviewPage, names: Names): HTMLElement | null {
  const { versions, zone } = page.state;
  if (!versions) return null;
  const when = (iso: string) => formatInstant(iso, zone, page.locale, new Date());
  return h(
    'section',
    { class: 'section', 'data-test': 'versions' },
    h('h2', {}, 'Version history'),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...['Version', 'Active since', 'How', 'Proposed by', 'Approved by', 'Why'].map((c) => h('th', {}, c)))),
      h(
        'tbody',
        {},
        ...versions.map((v) =>
          h(
            'tr',
            { 'data-test': 'version', 'data-version': String(v.version), 'data-active': String(v.active) },
            h('td', {}, `${v.version}${v.active ? ' (active)' : ''}`),
            h('td', {}, when(v.activatedAt)),
            h('td', {}, v.how),
            h('td', {}, v.proposedBy.name ?? v.proposedBy.id),
            h('td', {}, v.approvedBy.map((a) => `${a.name ?? a.id} (${names.party(a.party)})`).join(', ') || '—'),
            h('td', {}, v.why ?? '—'),
          ),
        ),
      ),
    ),
  );
}

/**
 * The Matrix tab's sections.
 * @example root.append(...renderMatrixTab(page))
 */
export function renderMatrixTab(page: ReviewPage): Child[] {
  const { matrix, agent, edit } = page.state;
  if (!matrix) return [h('section', { class: 'error', 'data-test': 'matrix-error', role: 'alert' }, h('p', {}, page.state.matrixNote ?? 'The active matrix could not be read.'))];
  const names = namesOf(matrix);
  const role = agent ? governanceRole(matrix, agent, names) : null;
  return [activeMatrix(matrix, names), frictionSection(page, matrix, role), edit ? renderProposeForm(page, matrix, names) : null, proposalsSection(page, role, names), decidedSection(page, names), versionsSection(page, names)];
}
