/** The sidebar's controller: one state, loaded on activation (never polled), changed by actions, rendered whole. */
import type { FieldIssue } from '../../../shared/errors.js';
import type { EscalationView, TimelineEntry } from '../../../shared/escalation/view.js';
import type { Matrix } from '../../../shared/matrix/matrix.js';
import { Backend, BackendError, backendErrorOf } from '../backend.js';
import type { FdkClient, NotifyType } from '../fdk.js';
import { emptyHandoffDraft, type HandoffDraft } from '../handoff-form.js';
import { agentOf, ticketOf, type Agent, type TicketInfo } from '../identity.js';
import { readMatrix } from '../matrix.js';
import { openDefaults, type OpenDraft } from '../open-form.js';
import type { Reader } from '../status.js';
import { readHandoff } from './render-handoff.js';
import { readOpen } from './render-open.js';
import { readPause, readReject, readResolve } from './render-forms.js';
import { renderSidebar, statusBlock } from './render-sidebar.js';

export type FormName = 'handoff' | 'reject' | 'pause' | 'resolve';

/** The matrix changes rarely: an activation within this long of the last load reuses it (the refresh control always reloads it). */
const MATRIX_TTL_MS = 5 * 60_000;
/** How often the countdown is redrawn; it is arithmetic on the calendar, not a request. */
const TICK_MS = 30_000;
const TIMELINE_PAGE = 20;
/** Failures after which the escalation is reloaded, since the command may have been recorded or the state moved on. */
const RELOAD_AFTER = new Set(['conflict', 'not_found', 'unreachable', 'unexpected', 'internal', 'unavailable']);

export interface Session {
  ticket: TicketInfo;
  agent: Agent;
  showNotifications: boolean;
}

/** Everything the sidebar shows; render functions read it and never change it. */
export interface SidebarState {
  phase: 'loading' | 'ready' | 'error';
  loadError: string | null;
  session: Session | null;
  matrix: Matrix | null;
  matrixNote: string | null;
  view: EscalationView | null;
  loadedAt: Date;
  older: TimelineEntry[];
  olderBefore: number | null;
  form: FormName | null;
  errors: FieldIssue[];
  actionError: string | null;
  timelineError: string | null;
  busy: string | null;
  notice: string | null;
  open: { draft: OpenDraft; note: string } | null;
  handoff: HandoffDraft;
  reject: { reason: string; note: string };
  pause: { reason: string };
  resolve: { resolution: string };
}

const blankForms = () => ({ form: null, errors: [], actionError: null, handoff: emptyHandoffDraft(), reject: { reason: '', note: '' }, pause: { reason: '' }, resolve: { resolution: '' } });

export class Sidebar {
  readonly state: SidebarState = {
    phase: 'loading', loadError: null, session: null, matrix: null, matrixNote: null, view: null, loadedAt: new Date(), older: [], olderBefore: null,
    timelineError: null, busy: null, notice: null, open: null, ...blankForms(),
  };
  readonly backend: Backend;
  private matrixLoadedAt = Number.NEGATIVE_INFINITY;
  /** Bumped by each activation and refresh: an answer for an older one is dropped. */
  private generation = 0;
  private renderedGeneration = -1;
  private timer: ReturnType<typeof setInterval> | null = null;
  private height = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly client: FdkClient,
    private readonly zone: string,
    private readonly locale: string | undefined,
  ) {
    this.backend = new Backend(client);
  }

  reader(): Reader {
    return { zone: this.zone, locale: this.locale, now: new Date() };
  }

  /** `app.activated` (first or again) and the refresh control: read the ticket and agent afresh, then load. */
  async activate(forceMatrix = false): Promise<void> {
    const generation = ++this.generation;
    this.stopTicking();
    this.update(() => Object.assign(this.state, { phase: 'loading', loadError: null, notice: null, timelineError: null, busy: null, ...blankForms() }));
    try {
      const [ticketData, userData, iparams] = await Promise.all([this.client.data.get('ticket'), this.client.data.get('loggedInUser'), this.client.iparams.get()]);
      const ticket = ticketOf(ticketData?.ticket);
      const agent = agentOf(userData?.loggedInUser);
      if (!ticket) throw new Error('Freshservice did not give this ticket’s id; reload the page.');
      if (!agent) throw new Error('Freshservice did not say who is logged in; reload the page.');
      const session: Session = { ticket, agent, showNotifications: iparams?.show_notifications === true || iparams?.show_notifications === 'true' };
      const withMatrix = forceMatrix || this.state.matrix === null || Date.now() - this.matrixLoadedAt > MATRIX_TTL_MS;
      const [matrix, view] = await Promise.all([withMatrix ? this.backend.matrix().then((answer) => ({ answer }), (error: unknown) => ({ error })) : null, this.backend.escalation(ticket.id)]);
      if (generation !== this.generation) return;
      this.update(() => {
        this.state.session = session;
        if (matrix && 'answer' in matrix) {
          const read = readMatrix(matrix.answer);
          this.state.matrix = read.ok ? read.matrix : this.state.matrix;
          this.state.matrixNote = read.ok ? null : read.message;
          if (read.ok) this.matrixLoadedAt = Date.now();
        } else if (matrix) {
          this.state.matrixNote = `The escalation matrix could not be loaded: ${backendErrorOf(matrix.error).message}`;
        }
        this.setView(view);
        this.state.phase = 'ready';
      });
      if (this.state.matrixNote) this.notify('warning', this.state.matrixNote);
      this.startTicking();
    } catch (error) {
      if (generation !== this.generation) return;
      const message = error instanceof BackendError ? error.message : error instanceof Error ? error.message : 'Baton could not be loaded; refresh to try again.';
      this.update(() => Object.assign(this.state, { phase: 'error', loadError: message }));
      this.notify('danger', message);
    }
  }

  deactivate(): void {
    this.stopTicking();
  }

  /** Changes the state through `change` and renders; the open form's typed values are read back first. */
  update(change: () => void): void {
    if (this.renderedGeneration === this.generation) this.harvest();
    change();
    this.render();
  }

  /** Runs an action against the backend once; the answer is the new view, a failure is shown in place and notified. */
  async act(name: string, run: (session: Session) => Promise<EscalationView>, success: (view: EscalationView) => string): Promise<void> {
    const session = this.state.session;
    if (this.state.busy || !session) return;
    const generation = this.generation;
    this.update(() => Object.assign(this.state, { busy: name, actionError: null, notice: null }));
    try {
      const view = await run(session);
      if (generation !== this.generation) return;
      const message = success(view);
      this.update(() => {
        Object.assign(this.state, { ...blankForms(), busy: null, notice: message });
        this.setView(view);
      });
      this.notify('success', message);
    } catch (error) {
      if (generation !== this.generation) return;
      const failure = error instanceof BackendError ? error : backendErrorOf(error);
      this.notify('danger', failure.message);
      const view = failure.code && RELOAD_AFTER.has(failure.code) ? await this.backend.escalation(session.ticket.id).catch(() => undefined) : undefined;
      if (generation !== this.generation) return;
      this.update(() => {
        Object.assign(this.state, { busy: null, errors: failure.fields, actionError: failure.message });
        if (view !== undefined) this.setView(view, true);
      });
    }
  }

  /** Field issues found before sending: shown in place, nothing sent. */
  refuse(fields: FieldIssue[]): void {
    this.update(() => Object.assign(this.state, { errors: fields, actionError: 'Some fields need attention; nothing was sent.' }));
  }

  async loadOlder(): Promise<void> {
    const { session, olderBefore } = this.state;
    if (!session || olderBefore === null || this.state.busy) return;
    const generation = this.generation;
    this.update(() => Object.assign(this.state, { busy: 'older', timelineError: null }));
    try {
      const page = await this.backend.timeline(session.ticket.id, olderBefore, TIMELINE_PAGE);
      if (generation !== this.generation) return;
      this.update(() => Object.assign(this.state, { busy: null, older: [...page.items, ...this.state.older], olderBefore: page.before }));
    } catch (error) {
      if (generation !== this.generation) return;
      const message = backendErrorOf(error).message;
      this.update(() => Object.assign(this.state, { busy: null, timelineError: message }));
      this.notify('danger', message);
    }
  }

  notify(type: NotifyType, message: string): void {
    try {
      void Promise.resolve(this.client.interface.trigger('showNotify', { type, title: 'Baton', message })).catch(() => undefined);
    } catch {
      // The message is also shown in place; a failing notification must not hide it.
    }
  }

  /** A new view (or none): the timeline starts again from it, and a ticket without an escalation gets the open form's prefill. */
  private setView(view: EscalationView | null, keepForm = false): void {
    Object.assign(this.state, { view, loadedAt: new Date(), older: [], olderBefore: view?.timelineBefore ?? null });
    if (!keepForm) this.state.form = null;
    const { matrix, session } = this.state;
    this.state.open = view === null && matrix && session ? (this.state.open ?? openDefaults(matrix, session.ticket)) : null;
  }

  /** Reads the fields of whichever form is on screen into the state, so a re-render keeps what was typed. */
  private harvest(): void {
    const find = (test: string) => this.root.querySelector(`[data-test="${test}"]`);
    const s = this.state;
    if (find('open-form') && s.open) s.open = { ...s.open, draft: readOpen(this.root) };
    if (find('handoff-form')) s.handoff = readHandoff(this.root);
    if (find('reject-form')) s.reject = readReject(this.root);
    if (find('pause-form')) s.pause = readPause(this.root);
    if (find('resolve-form')) s.resolve = readResolve(this.root);
  }

  private render(): void {
    this.renderedGeneration = this.generation;
    this.root.dataset.phase = this.state.phase;
    this.root.replaceChildren(...renderSidebar(this));
    this.resize();
  }

  private startTicking(): void {
    this.stopTicking();
    this.timer = setInterval(() => {
      const status = this.root.querySelector('[data-test="status"]');
      const fresh = statusBlock(this);
      if (status && fresh) status.replaceWith(fresh);
    }, TICK_MS);
  }

  private stopTicking(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private resize(): void {
    const height = Math.min(700, Math.max(200, this.root.scrollHeight + 24));
    if (height === this.height) return;
    this.height = height;
    try {
      void Promise.resolve(this.client.instance.resize({ height: `${height}px` })).catch(() => undefined);
    } catch {
      // Resizing is cosmetic: the panel scrolls without it.
    }
  }
}
