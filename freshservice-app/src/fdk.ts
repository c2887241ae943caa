/** The part of the FDK front-end client the sidebar uses (platform 3.0); nothing else reaches the platform. */

/** A ticket as `client.data.get('ticket')` gives it; only the fields Baton reads. */
export interface FdkTicket {
  id: number | string;
  subject?: string | null;
  priority?: number | string | null;
  impact?: number | string | null;
  category?: string | null;
  group_id?: number | null;
}

/** `client.data.get('loggedInUser')`: the current shape, or the older one nesting the agent and its user. */
export interface FdkLoggedInUser {
  id?: number | string;
  name?: string;
  first_name?: string;
  last_name?: string;
  group_ids?: number[];
  contact?: { name?: string };
  agent?: { id?: number | string; group_ids?: number[] };
  user?: { name?: string; email?: string };
}

/** What `invokeTemplate` resolves with; `response` is the body as a string. */
export interface FdkResponse {
  status: number;
  headers?: Record<string, string>;
  response: string;
}

/** What `invokeTemplate` rejects with (the platform's own failures have no Baton body). */
export interface FdkRejection {
  status?: number;
  headers?: Record<string, string>;
  response?: unknown;
  errorSource?: string;
  attempts?: number;
  message?: string;
}

export type NotifyType = 'success' | 'warning' | 'info' | 'danger';

export interface FdkClient {
  events: { on(event: 'app.activated' | 'app.deactivated', callback: () => void): void };
  data: {
    get(name: 'ticket'): Promise<{ ticket: FdkTicket }>;
    get(name: 'loggedInUser'): Promise<{ loggedInUser: FdkLoggedInUser }>;
  };
  iparams: { get(): Promise<Record<string, unknown>> };
  request: { invokeTemplate(name: string, options: { context?: Record<string, string | number>; body?: string }): Promise<FdkResponse> };
  interface: { trigger(action: 'showNotify', options: { type: NotifyType; title?: string; message: string }): Promise<unknown> };
  instance: { resize(options: { height: string }): unknown };
}
