/** Baton's report and governance API through the FDK's request templates (config/requests.json), one method per template. */
import type { Actor } from '../../../shared/api/schemas.js';
import type { ProposalView } from '../../../lambdas/app/governance/views.js';
import { BackendError, backendErrorOf, parseJson, type MatrixAnswer } from '../backend.js';
import type { FdkClient } from '../fdk.js';
import type { Baseline, BaselineList } from './baselines.js';
import type { FrictionReport } from './report.js';

export type { ProposalView };

/** One version of the matrix as GET /v1/matrix/versions lists it. */
export interface MatrixVersionView {
  version: number;
  active: boolean;
  activatedAt: string;
  basedOn: number | null;
  origin: string;
  governed: boolean;
  how: string;
  proposalId: string | null;
  proposedBy: { id: string; name?: string };
  proposedAt: string;
  why: string | null;
  approvedBy: Array<{ id: string; name?: string; party: string; at: string; note?: string }>;
}

/** A download's text as a template answered it, with the content type Baton named. */
export interface DownloadAnswer {
  text: string;
  contentType: string | null;
}

/** The weeks of friction the Matrix tab ranks (the monthly update looks at about a month). */
export const FRICTION_WEEKS = 4;

const header = (headers: Record<string, string> | undefined, name: string): string | null => {
  const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found ? found[1] : null;
};

export class ReviewBackend {
  constructor(private readonly client: Pick<FdkClient, 'request'>) {}

  /** Invokes a template; every failure becomes a BackendError with the sidebar's messages (the 429 quota among them). */
  private async invoke(template: string, context: Record<string, string | number>, body?: unknown) {
    try {
      return await this.client.request.invokeTemplate(template, { context, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (failure) {
      throw backendErrorOf(failure);
    }
  }

  private async json<T>(template: string, context: Record<string, string | number> = {}, body?: unknown): Promise<T> {
    const answer = await this.invoke(template, context, body);
    const parsed = parseJson(answer.response);
    if (parsed === undefined) throw new BackendError('Baton answered something that is not JSON; check "Baton API host" in the app\'s settings.', answer.status, 'unexpected');
    return parsed as T;
  }

  /** The weekly review (unchecked JSON: `readReport` checks what the page needs of it). */
  weekly(week: string): Promise<unknown> {
    return this.json('getWeeklyReport', { week });
  }

  /** The week's CSV, as text. */
  async weeklyCsv(week: string): Promise<DownloadAnswer> {
    const answer = await this.invoke('downloadWeeklyCsv', { week });
    return { text: answer.response, contentType: header(answer.headers, 'content-type') };
  }

  /** The week's XLSX register as base64 text (a template's answer is a string; bytes would not survive it). */
  async weeklyXlsx(week: string): Promise<DownloadAnswer> {
    const answer = await this.invoke('downloadWeeklyXlsx', { week });
    return { text: answer.response, contentType: header(answer.headers, 'content-type') };
  }

  friction(weeks = FRICTION_WEEKS): Promise<FrictionReport> {
    return this.json('getFrictionReport', { weeks });
  }

  /** The kept baselines (a tenant key's: a party key is answered 403). */
  baselines(): Promise<BaselineList> {
    return this.json('listBaselines');
  }

  /** Captures the KPIs over [from, to) as the next baseline (a coordinator team member or an approver, with a tenant key). */
  captureBaseline(body: { from: string; to: string; note?: string; actor: Actor }): Promise<Baseline> {
    return this.json('captureBaseline', {}, body);
  }

  matrix(): Promise<MatrixAnswer> {
    return this.json('getMatrix');
  }

  /** The open proposals (oldest first), or the latest closed ones: activated, rejected or stale (newest first). */
  async proposals(status: 'open' | 'closed'): Promise<ProposalView[]> {
    return (await this.json<{ items: ProposalView[] }>('listProposals', { status })).items;
  }

  async versions(): Promise<MatrixVersionView[]> {
    return (await this.json<{ items: MatrixVersionView[] }>('listMatrixVersions')).items;
  }

  propose(body: { matrix: unknown; rationale: string; actor: Actor }): Promise<ProposalView> {
    return this.json('proposeMatrixChange', {}, body);
  }

  approve(proposalId: string, actor: Actor, note?: string): Promise<ProposalView> {
    return this.json('approveProposal', { proposalId }, { actor, ...(note ? { note } : {}) });
  }

  reject(proposalId: string, actor: Actor, note: string): Promise<ProposalView> {
    return this.json('rejectProposal', { proposalId }, { actor, note });
  }
}
