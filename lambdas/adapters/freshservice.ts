/** TicketSystem port over the Freshservice REST API v2 (Basic auth with the tenant's API key). */
import { ValidationError } from '../../shared/errors.js';
import type { Ticket, TicketSystem } from '../../shared/ports.js';
import { failureReason } from './fetch-failure.js';

export interface FreshserviceOptions {
  /** e.g. https://acme.freshservice.com (the *.freshservice.com domain, not a vanity CNAME). */
  baseUrl: string;
  /** Never appears in an error. */
  apiKey: string;
  /** @default 5000 */
  timeoutMs?: number;
}

interface FreshserviceTicket {
  id: number | string;
  subject?: string | null;
  group_id?: number | null;
  status: number;
  priority: number;
}

interface FreshserviceAgent {
  member_of?: number[];
  group_ids?: number[];
}

/** Ids go into URL paths: only digits, checked before any request. */
function numericId(name: string, value: string): string {
  if (!/^\d{1,20}$/.test(value)) {
    throw new ValidationError(`Invalid ${name}`, [{ path: name, message: `${name} must be a number` }], { [name]: value });
  }
  return encodeURIComponent(value);
}

export class FreshserviceTicketSystem implements TicketSystem {
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;

  constructor(options: FreshserviceOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${options.apiKey}:X`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async getTicket(ticketId: string): Promise<Ticket | null> {
    const answer = await this.request<{ ticket: FreshserviceTicket }>('GET', `/api/v2/tickets/${numericId('ticketId', ticketId)}`);
    if (answer === null) return null;
    const { ticket } = answer;
    return { id: String(ticket.id), subject: ticket.subject ?? '', groupId: ticket.group_id ?? null, status: ticket.status, priority: ticket.priority };
  }

  async groupsOfAgent(agentId: string): Promise<number[]> {
    const answer = await this.request<{ agent: FreshserviceAgent }>('GET', `/api/v2/agents/${numericId('agentId', agentId)}`);
    return answer?.agent.member_of ?? answer?.agent.group_ids ?? [];
  }

  async addPrivateNote(ticketId: string, html: string): Promise<void> {
    const path = `/api/v2/tickets/${numericId('ticketId', ticketId)}/notes`;
    const created = await this.request('POST', path, { body: html, private: true });
    if (created === null) throw new Error(`Freshservice POST ${path} answered 404`);
  }

  /** The parsed answer (`{}` when there is no body), or null on 404; other non-2xx answers throw naming the endpoint and status. */
  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T | null> {
    const endpoint = `${method} ${path}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new Error(`Freshservice ${endpoint} failed: ${failureReason(error, this.timeoutMs)}`, { cause: error });
    }
    if (response.ok) {
      const text = await response.text();
      return (text === '' ? {} : JSON.parse(text)) as T;
    }
    await response.body?.cancel();
    if (response.status === 404) return null;
    if (response.status === 429) {
      throw new Error(`Freshservice ${endpoint} rate limited (429); Retry-After: ${response.headers.get('retry-after') ?? 'unknown'} s`);
    }
    throw new Error(`Freshservice ${endpoint} answered ${response.status}`);
  }
}

