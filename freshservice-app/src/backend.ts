/** Baton's HTTP API through the FDK's request templates (config/requests.json): one method per template, errors as BackendError. */
import type { Actor } from '../../shared/api/schemas.js';
import type { FieldIssue } from '../../shared/errors.js';
import type { RejectReason } from '../../shared/escalation/events.js';
import type { EscalationView, TimelineEntry } from '../../shared/escalation/view.js';
import type { HandoffRecord } from '../../shared/handoff/schema.js';
import type { FdkClient, FdkRejection } from './fdk.js';

/** The platform's per-app quota (50 template calls a minute per account) answers 429 before Baton is asked. */
export const QUOTA_MESSAGE = "Freshservice's app limit was reached; try again in a minute";

/** A failed call: the status (0 when Baton was not reached), Baton's error code and its field issues when it gave them. */
export class BackendError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null = null,
    readonly fields: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

/** The active matrix as GET /v1/matrix answers it (the document is checked by the caller). */
export interface MatrixAnswer {
  version: number;
  matrix: unknown;
}

type BatonErrorBody = { error: { code: string; message: string; fields?: FieldIssue[] } };

/** A template's answer as JSON; undefined when it is not JSON (a string that does not parse). */
export function parseJson(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function batonError(body: unknown): BatonErrorBody['error'] | null {
  const error = (body as Partial<BatonErrorBody> | null | undefined)?.error;
  return error && typeof error.message === 'string' && typeof error.code === 'string' ? error : null;
}

/**
 * What a rejected `invokeTemplate` means for the agent, as one message: Baton's own error (with its field
 * issues), the platform's quota, an unreachable host, or an answer that is not Baton's.
 * @example backendErrorOf({status: 429, errorSource: 'APP'}).message // QUOTA_MESSAGE
 */
export function backendErrorOf(failure: unknown): BackendError {
  const rejection = (failure ?? {}) as FdkRejection;
  const status = typeof rejection.status === 'number' ? rejection.status : 0;
  const error = batonError(parseJson(rejection.response));
  // Baton's API never answers 429 itself; a 429 is the platform's quota (or a gateway throttle with the same cure).
  if (status === 429) return new BackendError(QUOTA_MESSAGE, status, 'quota');
  if (status === 401) {
    return new BackendError(`Baton refused the app's API key${error ? ` (${error.message})` : ''}. An admin can update "Baton API key" in the app's settings.`, status, 'unauthorized');
  }
  if (error) return new BackendError(error.message, status, error.code, Array.isArray(error.fields) ? error.fields : []);
  if (status === 0 || status === 502 || status === 503 || status === 504) {
    return new BackendError(
      `Baton could not be reached${status ? ` (HTTP ${status})` : ''}. Refresh to see whether your last action was recorded, then try again; if it keeps failing, check "Baton API host" in the app's settings.`,
      status,
      'unreachable',
    );
  }
  return new BackendError(`Baton answered HTTP ${status} without an explanation; refresh and try again.`, status, 'unexpected');
}

export class Backend {
  constructor(private readonly client: Pick<FdkClient, 'request'>) {}

  /** Invokes a template and parses its JSON answer; every failure becomes a BackendError. */
  private async call<T>(template: string, context: Record<string, string | number>, body?: unknown): Promise<T> {
    let answer;
    try {
      answer = await this.client.request.invokeTemplate(template, { context, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (failure) {
      throw backendErrorOf(failure);
    }
    const parsed = parseJson(answer.response);
    if (parsed === undefined) throw new BackendError('Baton answered something that is not JSON; check "Baton API host" in the app\'s settings.', answer.status, 'unexpected');
    return parsed as T;
  }

  matrix(): Promise<MatrixAnswer> {
    return this.call('getMatrix', {});
  }

  /** The ticket's escalation, or null when it has none. */
  async escalation(ticketId: string): Promise<EscalationView | null> {
    try {
      return await this.call<EscalationView>('getEscalation', { ticketId });
    } catch (error) {
      if (error instanceof BackendError && error.code === 'not_found') return null;
      throw error;
    }
  }

  timeline(ticketId: string, before: number, limit: number): Promise<{ items: TimelineEntry[]; before: number | null }> {
    return this.call('getTimeline', { ticketId, before, limit });
  }

  open(body: { ticketId: string; subject?: string; incidentType: string; impactTier: number; actor: Actor }): Promise<EscalationView> {
    return this.call('openEscalation', {}, body);
  }

  async handOff(ticketId: string, record: HandoffRecord, actor: Actor): Promise<EscalationView> {
    return (await this.call<{ escalation: EscalationView }>('handOff', { ticketId }, { ...record, actor })).escalation;
  }

  acknowledge(ticketId: string, handoffId: string, actor: Actor): Promise<EscalationView> {
    return this.call('acknowledgeHandoff', { ticketId, handoffId }, { actor });
  }

  reject(ticketId: string, handoffId: string, body: { reason: RejectReason; note?: string; actor: Actor }): Promise<EscalationView> {
    return this.call('rejectHandoff', { ticketId, handoffId }, body);
  }

  pause(ticketId: string, reason: string, actor: Actor): Promise<EscalationView> {
    return this.call('pauseClock', { ticketId }, { reason, actor });
  }

  resume(ticketId: string, actor: Actor): Promise<EscalationView> {
    return this.call('resumeClock', { ticketId }, { actor });
  }

  resolve(ticketId: string, resolution: string, actor: Actor): Promise<EscalationView> {
    return this.call('resolveEscalation', { ticketId }, { resolution, actor });
  }
}
