/**
 * The review page's controller: one state, loaded on `app.activated` (never polled), rendered whole. The
 * Review tab reads one weekly report per week picked; the Matrix tab reads the proposals and versions when
 * first opened. Every failure is shown in place and through showNotify, as in the sidebar.
 */
import type { FieldIssue } from '../../../../shared/errors.js';
import type { Matrix } from '../../../../shared/matrix/matrix.js';
import { BackendError, backendErrorOf } from '../../backend.js';
import type { FdkClient, NotifyType } from '../../fdk.js';
import { agentOf, type Agent } from '../../identity.js';
import { readMatrix } from '../../matrix.js';
import { ReviewBackend, type MatrixVersionView, type ProposalView } from '../api.js';
import { baselineBody, type BaselineForm, type BaselineList } from '../baselines.js';
import { needsText } from '../governance.js';
import { namesOf } from '../names.js';
import { DownloadError, downloadName, fileContents, type DownloadFormat } from '../downloads.js';
import type { RuleEdit } from '../proposal-draft.js';
import { readReport, type FrictionReport, type WeeklyReport } from '../report.js';
import { pickableWeek, reviewedWeek, reviewZone } from '../week.js';
import { renderPage } from './render-page.js';
import { saveFile } from './save-file.js';

export type Tab = 'review' | 'matrix';

/** A failure as the agent reads it: Baton's own message, the platform's quota, or an unreachable host. */
const failureOf = (error: unknown): BackendError => (error instanceof BackendError ? error : backendErrorOf(error));

/** Everything the page shows; render functions read it and never change it. */
export interface ReviewState {
  phase: 'loading' | 'ready' | 'error';
  loadError: string | null;
  tab: Tab;
  agent: Agent | null;
  matrix: Matrix | null;
  matrixNote: string | null;
  /** The week shown, and the week Baton's clock is in (the picker's last). */
  week: string | null;
  currentWeek: string | null;
  zone: string;
  report: WeeklyReport | null;
  reportError: string | null;
  friction: FrictionReport | null;
  frictionError: string | null;
  proposals: ProposalView[] | null;
  /** The latest proposals activated, rejected or found stale, newest first. */
  decided: ProposalView[] | null;
  versions: MatrixVersionView[] | null;
  governanceError: string | null;
  /** The propose form while it is open, with its issues. */
  edit: RuleEdit | null;
  editErrors: FieldIssue[];
  editError: string | null;
  /** Per proposal: the note typed for a rejection or approval, and the last failure. */
  notes: Record<string, string>;
  proposalErrors: Record<string, string>;
  /** What is running: 'week', 'download-csv', 'propose', 'approve:<id>', … */
  busy: string | null;
  notice: string | null;
  /** The kept baselines (null while loading, or when they could not be read: `baselinesError` says why). */
  baselines: BaselineList | null;
  baselinesError: string | null;
  /** The capture form while it is open, with its issues. */
  baselineForm: BaselineForm | null;
  baselineErrors: FieldIssue[];
  baselineError: string | null;
  /** A failed download, in place above the report. */
  pageError: string | null;
  download: { name: string; url: string; bytes: number } | null;
}

export class ReviewPage {
  readonly state: ReviewState = {
    phase: 'loading', loadError: null, tab: 'review', agent: null, matrix: null, matrixNote: null, week: null, currentWeek: null, zone: 'UTC',
    report: null, reportError: null, friction: null, frictionError: null, proposals: null, decided: null, versions: null, governanceError: null,
    edit: null, editErrors: [], editError: null, notes: {}, proposalErrors: {}, busy: null, notice: null, pageError: null, download: null,
    baselines: null, baselinesError: null, baselineForm: null, baselineErrors: [], baselineError: null,
  };
  readonly backend: ReviewBackend;
  /** Bumped by each activation and refresh: an answer for an older one is dropped. */
  private generation = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly client: FdkClient,
    readonly locale: string | undefined,
  ) {
    this.backend = new ReviewBackend(client);
  }

  /**
   * `app.activated` and Refresh: the agent, the matrix and the friction report (whose `generatedAt` is
   * Baton's clock, so the page opens on Baton's last whole week, not the browser's), then the week.
   */
  async activate(): Promise<void> {
    const generation = ++this.generation;
    this.update(() => Object.assign(this.state, { phase: 'loading', loadError: null, notice: null, busy: null, proposals: null, decided: null, versions: null, governanceError: null, baselines: null, baselinesError: null }));
    try {
      const userData = await this.client.data.get('loggedInUser');
      const agent = agentOf(userData?.loggedInUser);
      if (!agent) throw new Error('Freshservice did not say who is logged in; reload the page.');
      const [matrix, friction] = await Promise.all([this.backend.matrix(), this.backend.friction().then((f) => ({ f }), (error: unknown) => ({ error }))]);
      if (generation !== this.generation) return;
      const read = readMatrix(matrix);
      const zone = 'f' in friction ? friction.f.timeZone : reviewZone(read.ok ? read.matrix : null);
      const weeks = reviewedWeek('f' in friction ? friction.f.generatedAt : new Date().toISOString(), zone);
      this.update(() =>
        Object.assign(this.state, {
          agent,
          matrix: read.ok ? read.matrix : null,
          matrixNote: read.ok ? null : read.message,
          friction: 'f' in friction ? friction.f : null,
          frictionError: 'error' in friction ? backendErrorOf(friction.error).message : null,
          zone,
          currentWeek: weeks.current,
          week: this.state.week && pickableWeek(this.state.week, weeks.current) ? this.state.week : weeks.week,
        }),
      );
      if (this.state.frictionError) this.notify('warning', `The friction report could not be loaded: ${this.state.frictionError}`);
      await Promise.all([this.loadWeek(this.state.week!, generation), this.loadBaselines(generation)]);
      if (generation !== this.generation) return;
      this.update(() => Object.assign(this.state, { phase: 'ready' }));
      if (this.state.tab === 'matrix') await this.loadGovernance();
    } catch (error) {
      if (generation !== this.generation) return;
      const message = error instanceof Error ? error.message : failureOf(error).message;
      this.update(() => Object.assign(this.state, { phase: 'error', loadError: message }));
      this.notify('danger', message);
    }
  }

  /** Shows `week`; a failure is shown in place of the report (the picker stays usable). */
  async showWeek(week: string): Promise<void> {
    const current = this.state.currentWeek;
    if (this.state.busy || !current) return;
    if (!pickableWeek(week, current)) {
      this.update(() => Object.assign(this.state, { notice: null, reportError: `Pick an ISO week up to ${current} (e.g. ${current}).` }));
      return;
    }
    this.update(() => Object.assign(this.state, { busy: 'week', week, notice: null }));
    await this.loadWeek(week, this.generation);
    this.update(() => Object.assign(this.state, { busy: null }));
  }

  private async loadWeek(week: string, generation: number): Promise<void> {
    try {
      const read = readReport(await this.backend.weekly(week));
      if (generation !== this.generation) return;
      if (!read.ok) throw new BackendError(read.message, 200, 'unexpected');
      this.update(() => Object.assign(this.state, { report: read.report, reportError: null, zone: read.report.timeZone }));
    } catch (error) {
      if (generation !== this.generation) return;
      const message = failureOf(error).message;
      this.update(() => Object.assign(this.state, { report: null, reportError: message }));
      this.notify('danger', message);
    }
  }

  /** The kept baselines; a failure (a party key's 403 among them) is shown in place of the list. */
  private async loadBaselines(generation: number): Promise<void> {
    try {
      const baselines = await this.backend.baselines();
      if (generation !== this.generation) return;
      this.update(() => Object.assign(this.state, { baselines, baselinesError: null }));
    } catch (error) {
      if (generation !== this.generation) return;
      this.update(() => Object.assign(this.state, { baselines: null, baselinesError: failureOf(error).message }));
    }
  }

  /**
   * Captures the checked form as the next baseline; then the list and the week are read again, as the
   * week's movement is now against it. The API's field issues are shown on the form's fields.
   */
  async captureBaseline(form: BaselineForm): Promise<void> {
    const agent = this.state.agent;
    if (this.state.busy || !agent) return;
    this.update(() => Object.assign(this.state, { busy: 'baseline', baselineErrors: [], baselineError: null, notice: null }));
    try {
      const baseline = await this.backend.captureBaseline({ ...baselineBody(form), actor: agent.actor });
      const message = `Baseline ${baseline.version} captured: the review now compares each week with it.`;
      this.update(() => Object.assign(this.state, { busy: null, baselineForm: null, notice: message }));
      this.notify('success', message);
      await Promise.all([this.loadBaselines(this.generation), this.state.week ? this.loadWeek(this.state.week, this.generation) : undefined]);
    } catch (error) {
      const failure = failureOf(error);
      this.update(() => Object.assign(this.state, { busy: null, baselineErrors: failure.fields, baselineError: failure.message }));
      this.notify('danger', failure.message);
    }
  }

  async selectTab(tab: Tab): Promise<void> {
    this.update(() => Object.assign(this.state, { tab, notice: null }));
    if (tab === 'matrix' && this.state.proposals === null && this.state.phase === 'ready') await this.loadGovernance();
  }

  /** The open proposals, the decided ones and the version history (three template calls). */
  async loadGovernance(): Promise<void> {
    const generation = this.generation;
    this.update(() => Object.assign(this.state, { busy: this.state.busy ?? 'governance', governanceError: null }));
    try {
      const [proposals, decided, versions] = await Promise.all([this.backend.proposals('open'), this.backend.proposals('closed'), this.backend.versions()]);
      if (generation !== this.generation) return;
      this.update(() => Object.assign(this.state, { proposals, decided, versions, busy: this.state.busy === 'governance' ? null : this.state.busy }));
    } catch (error) {
      if (generation !== this.generation) return;
      const message = failureOf(error).message;
      this.update(() => Object.assign(this.state, { governanceError: message, busy: this.state.busy === 'governance' ? null : this.state.busy }));
      this.notify('danger', message);
    }
  }

  /** Downloads the shown week as CSV or XLSX through its request template, saved from a blob: URL. */
  async download(format: DownloadFormat): Promise<void> {
    const week = this.state.week;
    if (this.state.busy || !week) return;
    this.update(() => Object.assign(this.state, { busy: `download-${format}`, notice: null, pageError: null }));
    try {
      const answer = format === 'csv' ? await this.backend.weeklyCsv(week) : await this.backend.weeklyXlsx(week);
      const contents = fileContents(format, answer.text);
      const name = downloadName(week, format);
      const url = saveFile(name, contents);
      if (this.state.download) URL.revokeObjectURL(this.state.download.url);
      this.update(() => Object.assign(this.state, { busy: null, download: { name, url, bytes: contents.bytes }, notice: `Saved ${name}.` }));
    } catch (error) {
      const message = error instanceof DownloadError ? error.message : failureOf(error).message;
      this.update(() => Object.assign(this.state, { busy: null, pageError: message }));
      this.notify('danger', message);
    }
  }

  /**
   * Runs a governance command once; its answer (the proposal) replaces the one shown, and the lists are
   * reloaded so an activation shows as the new active matrix.
   */
  async decide(id: string, busy: string, run: () => Promise<ProposalView>, success: (p: ProposalView) => string): Promise<boolean> {
    if (this.state.busy) return false;
    this.update(() => Object.assign(this.state, { busy, notice: null, proposalErrors: { ...this.state.proposalErrors, [id]: '' } }));
    try {
      const proposal = await run();
      const message = success(proposal);
      this.update(() => Object.assign(this.state, { busy: null, notice: message, notes: { ...this.state.notes, [id]: '' } }));
      this.notify('success', message);
      if (proposal.status === 'activated') await this.reloadMatrix();
      await this.loadGovernance();
      return true;
    } catch (error) {
      const failure = failureOf(error);
      this.update(() => Object.assign(this.state, { busy: null, proposalErrors: { ...this.state.proposalErrors, [id]: failure.message } }));
      this.notify('danger', failure.message);
      return false;
    }
  }

  /** Sends the propose form; the API's field issues are shown on the form's fields (or as its error). */
  async propose(document: unknown, rationale: string): Promise<void> {
    const agent = this.state.agent;
    if (this.state.busy || !agent) return;
    this.update(() => Object.assign(this.state, { busy: 'propose', editErrors: [], editError: null, notice: null }));
    try {
      const proposal = await this.backend.propose({ matrix: document, rationale, actor: agent.actor });
      const message = `Proposed: ${proposal.risk.level}-risk, it needs ${needsText(proposal.needs, namesOf(this.state.matrix)) || 'no more approvals'}.`;
      this.update(() => Object.assign(this.state, { busy: null, edit: null, notice: message }));
      this.notify('success', message);
      await this.loadGovernance();
    } catch (error) {
      const failure = failureOf(error);
      this.update(() => Object.assign(this.state, { busy: null, editErrors: failure.fields, editError: failure.message }));
      this.notify('danger', failure.message);
    }
  }

  /** The active matrix again, after an activation. */
  private async reloadMatrix(): Promise<void> {
    try {
      const read = readMatrix(await this.backend.matrix());
      this.update(() => Object.assign(this.state, { matrix: read.ok ? read.matrix : this.state.matrix, matrixNote: read.ok ? null : read.message }));
    } catch (error) {
      this.update(() => Object.assign(this.state, { matrixNote: `The new active matrix could not be loaded: ${backendErrorOf(error).message}` }));
    }
  }

  /** Changes the state through `change` and renders; typed values in open forms are read back first. */
  update(change: () => void): void {
    this.harvest?.(this.root);
    change();
    this.root.dataset.phase = this.state.phase;
    this.root.dataset.tab = this.state.tab;
    this.root.replaceChildren(...renderPage(this));
  }

  /** Set by the renderer: reads what is typed in the page's forms into the state before a re-render. */
  harvest: ((root: HTMLElement) => void) | null = null;

  notify(type: NotifyType, message: string): void {
    try {
      void Promise.resolve(this.client.interface.trigger('showNotify', { type, title: 'Baton', message })).catch(() => undefined);
    } catch {
      // The message is also shown in place; a failing notification must not hide it.
    }
  }
}
