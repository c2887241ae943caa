/** The whole page from the state: header with the tabs and Refresh, messages, then the Review or the Matrix tab. */
import { button } from '../../dom/fields.js';
import { h, type Child } from '../../dom/h.js';
import { governanceRole } from '../governance.js';
import { namesOf } from '../names.js';
import { renderMatrixTab } from './render-matrix.js';
import { readBaselineForm } from './render-baselines.js';
import { readEditForm } from './render-propose.js';
import { renderReviewTab } from './render-review.js';
import type { ReviewPage, Tab } from './review-page.js';

const TABS: Record<Tab, string> = { review: 'Weekly review', matrix: 'Matrix' };

function whoLine(page: ReviewPage): HTMLElement | null {
  const { agent, matrix } = page.state;
  if (!agent) return null;
  const names = namesOf(matrix);
  const role = matrix ? governanceRole(matrix, agent, names) : null;
  const roles = role ? [role.approverFor ? `approver for ${names.party(role.approverFor)}` : null, role.mayPropose ? 'may propose matrix changes' : null].filter(Boolean) : [];
  return h('p', { class: 'muted who', 'data-test': 'who' }, `You: ${agent.actor.name ?? agent.actor.id}`, roles.length > 0 ? ` — ${roles.join(', ')}` : '');
}

function tabs(page: ReviewPage): HTMLElement {
  return h(
    'nav',
    { class: 'tabs', 'aria-label': 'Review sections' },
    ...(Object.keys(TABS) as Tab[]).map((tab) => {
      const b = button(`tab-${tab}`, TABS[tab], () => void page.selectTab(tab), { color: page.state.tab === tab ? 'primary' : 'secondary' });
      b.setAttribute('aria-current', String(page.state.tab === tab));
      return b;
    }),
  );
}

/**
 * The page's children.
 * @example root.replaceChildren(...renderPage(page))
 */
export function renderPage(page: ReviewPage): Node[] {
  const { phase, loadError, notice, pageError, matrixNote, tab } = page.state;
  const header = h(
    'header',
    { class: 'page-header' },
    h('div', {}, h('h1', {}, 'Co-managed ops review'), whoLine(page)),
    h('div', { class: 'header-controls' }, tabs(page), button('refresh', 'Refresh', () => void page.activate(), { color: 'link', busy: phase === 'loading' })),
  );
  const messages = h(
    'div',
    { 'data-test': 'page-messages', 'aria-live': 'polite' },
    notice && h('p', { class: 'notice', 'data-test': 'notice', role: 'status' }, notice),
    pageError && h('p', { class: 'form-error', 'data-test': 'page-error', role: 'alert' }, pageError),
    matrixNote && h('p', { class: 'muted', 'data-test': 'matrix-note' }, matrixNote),
  );
  let body: Child[];
  if (phase === 'loading') body = [h('p', { class: 'loading', 'data-test': 'loading', role: 'status' }, 'Loading the review…')];
  else if (phase === 'error') {
    body = [h('section', { class: 'error', 'data-test': 'error', role: 'alert' }, h('p', { 'data-test': 'error-message' }, loadError ?? 'The review could not be loaded.'), h('p', { class: 'muted' }, 'Use Refresh to try again.'))];
  } else body = tab === 'review' ? renderReviewTab(page) : renderMatrixTab(page);
  page.harvest = tab === 'matrix' ? harvestMatrixForms(page) : harvestBaselineForm(page);
  return [header, messages, ...body.filter((c): c is Node => c instanceof Node)];
}

/** Reads the baseline capture form back into the state before a re-render. */
function harvestBaselineForm(page: ReviewPage): (root: HTMLElement) => void {
  return (root) => {
    if (page.state.baselineForm && root.querySelector('[data-test="baseline-form"]')) page.state.baselineForm = readBaselineForm(root);
  };
}

/** Reads the propose form and the proposals' note fields back into the state before a re-render. */
function harvestMatrixForms(page: ReviewPage): (root: HTMLElement) => void {
  return (root) => {
    const s = page.state;
    for (const el of root.querySelectorAll<HTMLElement>('[data-test="proposal-note"]')) {
      const id = el.dataset.proposal;
      const value = (el as HTMLElement & { value?: unknown }).value;
      if (id && typeof value === 'string') s.notes[id] = value;
    }
    if (s.edit && root.querySelector('[data-test="propose-form"]')) s.edit = readEditForm(root, s.edit);
  };
}
