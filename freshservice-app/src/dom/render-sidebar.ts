/** The whole panel from the state, with each control wired to the controller (checks first: nothing invalid is sent). */
import type { EscalationView } from '../../../shared/escalation/view.js';
import { canAddEvidence, checkDraft, suggestion, targetOptions } from '../handoff-form.js';
import { membershipOf, actionsFor, type ActionName } from '../roles.js';
import { teamName } from '../matrix.js';
import { checkOpenDraft, openPreview } from '../open-form.js';
import { checkPause, checkReject, checkResolve, rejectHelp } from '../small-forms.js';
import { remainingMinutes, statusModel } from '../status.js';
import { isoToLocalInput, zoneName } from '../time.js';
import { timelineRows } from '../timeline.js';
import { button, formError } from './fields.js';
import { h, type Child } from './h.js';
import { renderHandoff } from './render-handoff.js';
import { renderOpen } from './render-open.js';
import { renderPause, renderReject, renderResolve } from './render-forms.js';
import { renderStatus } from './render-status.js';
import { renderTimeline } from './render-timeline.js';
import type { FormName, Sidebar } from './sidebar.js';

const ACTION_LABELS: Record<ActionName, string> = {
  handoff: 'Hand off',
  acknowledge: 'Acknowledge',
  reject: 'Reject',
  pause: 'Pause clock',
  resume: 'Resume clock',
  resolve: 'Resolve',
};

/** The status block for the current view (also redrawn alone by the countdown). */
export function statusBlock(sidebar: Sidebar): HTMLElement | null {
  const { view, matrix, loadedAt } = sidebar.state;
  if (!view) return null;
  const reader = sidebar.reader();
  return renderStatus(statusModel(view, matrix, remainingMinutes(view, matrix, loadedAt, reader.now), reader));
}

function openForm(sidebar: Sidebar): Child[] {
  const { matrix, open, session, errors, actionError, busy, matrixNote } = sidebar.state;
  const intro = h('p', { 'data-test': 'no-escalation' }, 'This ticket has no escalation yet.');
  if (!matrix || !open || !session) return [intro, h('p', { class: 'form-error', 'data-test': 'form-error' }, matrixNote ?? 'Opening an escalation needs the escalation matrix; refresh to try again.')];
  const now = sidebar.reader().now;
  return [
    intro,
    renderOpen({
      matrix,
      draft: open.draft,
      prefillNote: open.note,
      preview: openPreview(matrix, open.draft, now),
      errors,
      formError: actionError,
      busy: busy === 'open',
      onChange: () => sidebar.update(() => Object.assign(sidebar.state, { errors: [] })),
      onSubmit: () => {
        sidebar.update(() => undefined);
        const draft = sidebar.state.open?.draft;
        if (!draft) return;
        const checked = checkOpenDraft(draft, matrix, new Date());
        if (!checked.ok) return sidebar.refuse(checked.fields);
        const subject = session.ticket.subject?.slice(0, 500);
        void sidebar.act('open', (s) => sidebar.backend.open({ ticketId: s.ticket.id, ...(subject ? { subject } : {}), incidentType: checked.incidentType, impactTier: checked.impactTier, actor: s.agent.actor }), (v) => `Escalation opened: ${teamName(matrix, v.owner.team)} owns it.`);
      },
    }),
  ];
}

const openFormNamed = (sidebar: Sidebar, form: FormName) => () => sidebar.update(() => Object.assign(sidebar.state, { form, errors: [], actionError: null, notice: null }));
const closeForm = (sidebar: Sidebar) => () => sidebar.update(() => Object.assign(sidebar.state, { form: null, errors: [], actionError: null }));

function actionsSection(sidebar: Sidebar, view: EscalationView, offered: ActionName[], notes: string[]): HTMLElement {
  const { busy, form, actionError } = sidebar.state;
  const click: Record<ActionName, () => void> = {
    handoff: openFormNamed(sidebar, 'handoff'),
    reject: openFormNamed(sidebar, 'reject'),
    pause: openFormNamed(sidebar, 'pause'),
    resolve: openFormNamed(sidebar, 'resolve'),
    acknowledge: () => {
      const pending = view.pendingHandoff;
      if (pending) void sidebar.act('acknowledge', (s) => sidebar.backend.acknowledge(s.ticket.id, pending.id, s.agent.actor), () => `You accepted handoff ${pending.id}: ${teamName(sidebar.state.matrix, pending.toTeam)} owns the escalation now.`);
    },
    resume: () => void sidebar.act('resume', (s) => sidebar.backend.resume(s.ticket.id, s.agent.actor), () => 'The SLA clock runs again.'),
  };
  return h(
    'section',
    { class: 'actions', 'data-test': 'actions' },
    h('div', { class: 'buttons' }, ...offered.filter((a) => a !== form).map((a) => button(`action-${a}`, ACTION_LABELS[a], click[a], { color: a === 'acknowledge' ? 'primary' : 'secondary', busy: busy === a }))),
    ...notes.map((note) => h('p', { class: 'muted', 'data-test': 'actions-note' }, note)),
    form === null ? formError(actionError) : null,
  );
}

function formSection(sidebar: Sidebar, view: EscalationView, form: FormName): HTMLElement {
  const s = sidebar.state;
  const { matrix } = s;
  const common = { errors: s.errors, formError: s.actionError, busy: s.busy === form, onCancel: closeForm(sidebar) };
  const submitWith = (run: () => void) => () => {
    sidebar.update(() => undefined);
    run();
  };
  switch (form) {
    case 'handoff': {
      const hint = suggestion(view, matrix);
      const zone = sidebar.reader().zone;
      return renderHandoff({
        ...common,
        draft: s.handoff,
        options: targetOptions(view, matrix),
        suggestion: hint,
        suggestedName: hint.team ? teamName(matrix, hint.team) : null,
        canAddEvidence: canAddEvidence(s.handoff),
        minDeadline: isoToLocalInput(new Date().toISOString(), zone),
        zoneName: zoneName(zone),
        onAddEvidence: () => sidebar.update(() => void s.handoff.evidence.push({ label: '', url: '' })),
        onRemoveEvidence: (i) => sidebar.update(() => void s.handoff.evidence.splice(i, 1)),
        onUseSuggestion: () => sidebar.update(() => void (s.handoff.toTeam = hint.team ?? s.handoff.toTeam)),
        onSubmit: submitWith(() => {
          const checked = checkDraft(s.handoff, zone, new Date());
          if (!checked.ok) return sidebar.refuse(checked.fields);
          void sidebar.act('handoff', (x) => sidebar.backend.handOff(x.ticket.id, checked.record, x.agent.actor), () => `Handoff sent to ${teamName(matrix, checked.record.toTeam)}; it must be accepted before its deadline.`);
        }),
      });
    }
    case 'reject': {
      const pending = view.pendingHandoff;
      return renderReject({
        ...common,
        ...s.reject,
        help: rejectHelp(s.reject.reason, teamName(matrix, pending?.fromTeam ?? view.owner.team)),
        onReasonChange: () => sidebar.update(() => undefined),
        onSubmit: submitWith(() => {
          const checked = checkReject(s.reject);
          if (!checked.ok) return sidebar.refuse(checked.fields);
          if (pending) void sidebar.act('reject', (x) => sidebar.backend.reject(x.ticket.id, pending.id, { ...checked.value, actor: x.agent.actor }), () => `Handoff ${pending.id} sent back to ${teamName(matrix, pending.fromTeam)}.`);
        }),
      });
    }
    case 'pause':
      return renderPause({
        ...common,
        ...s.pause,
        onSubmit: submitWith(() => {
          const checked = checkPause(s.pause.reason);
          if (!checked.ok) return sidebar.refuse(checked.fields);
          void sidebar.act('pause', (x) => sidebar.backend.pause(x.ticket.id, checked.value, x.agent.actor), () => 'The SLA clock is paused.');
        }),
      });
    case 'resolve':
      return renderResolve({
        ...common,
        ...s.resolve,
        onSubmit: submitWith(() => {
          const checked = checkResolve(s.resolve.resolution);
          if (!checked.ok) return sidebar.refuse(checked.fields);
          void sidebar.act('resolve', (x) => sidebar.backend.resolve(x.ticket.id, checked.value, x.agent.actor), (v) => (v.sla.withinTarget ? 'Resolved within the target.' : 'Resolved.'));
        }),
      });
  }
}

function escalationSections(sidebar: Sidebar, view: EscalationView): Child[] {
  const { matrix, session, form, older, olderBefore, busy, timelineError } = sidebar.state;
  const membership = session ? membershipOf(matrix, session.agent) : { teams: new Set<string>(), known: false };
  const { offered, notes } = actionsFor(view, matrix, membership);
  // A form whose action is no longer offered (someone else acted meanwhile) is not shown.
  const shownForm = form && offered.includes(form) ? form : null;
  const rows = timelineRows([...older, ...view.timeline], matrix, sidebar.reader(), session?.showNotifications ?? false);
  return [
    statusBlock(sidebar),
    view.state === 'open' ? actionsSection(sidebar, view, offered, notes) : null,
    shownForm && formSection(sidebar, view, shownForm),
    renderTimeline(rows, { available: olderBefore !== null, busy: busy === 'older', load: () => void sidebar.loadOlder() }),
    timelineError && h('p', { class: 'form-error', 'data-test': 'form-error' }, timelineError),
  ];
}

/**
 * The panel's children: header with the refresh control, then loading, the error in place, or the escalation.
 * @example root.replaceChildren(...renderSidebar(sidebar))
 */
export function renderSidebar(sidebar: Sidebar): Node[] {
  const { phase, loadError, notice, matrixNote, view } = sidebar.state;
  const header = h('header', { class: 'header' }, h('h1', {}, 'Baton'), button('refresh', 'Refresh', () => void sidebar.activate(true), { color: 'link', busy: phase === 'loading' }));
  const body: Child[] =
    phase === 'loading'
      ? [h('p', { class: 'loading', 'data-test': 'loading', role: 'status' }, 'Loading Baton…')]
      : phase === 'error'
        ? [h('section', { class: 'error', 'data-test': 'error', role: 'alert' }, h('p', { 'data-test': 'error-message' }, loadError ?? 'Baton could not be loaded.'), h('p', { class: 'muted' }, 'Use Refresh to try again.'))]
        : [
            notice && h('p', { class: 'notice', 'data-test': 'notice', role: 'status' }, notice),
            matrixNote && view && h('p', { class: 'muted', 'data-test': 'matrix-note' }, matrixNote),
            ...(view ? escalationSections(sidebar, view) : openForm(sidebar)),
          ];
  return [header, ...body.filter((c): c is Node => c instanceof Node)];
}
