import { describe, expect, it } from 'vitest';
import { Backend, BackendError, QUOTA_MESSAGE, backendErrorOf } from '../../freshservice-app/src/backend.js';
import type { FdkClient } from '../../freshservice-app/src/fdk.js';

type Call = { name: string; options: { context?: Record<string, string | number>; body?: string } };

/** The FDK client's request method as the platform behaves: resolves `{status, response}` (a string) or rejects. */
function client(answer: (call: Call) => Promise<{ status: number; response: string }>): { client: Pick<FdkClient, 'request'>; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    client: {
      request: {
        invokeTemplate: (name, options) => {
          calls.push({ name, options });
          return answer({ name, options });
        },
      },
    },
  };
}

const batonError = (status: number, code: string, message: string, fields?: unknown) => ({ status, response: JSON.stringify({ error: { code, message, ...(fields ? { fields } : {}) } }), errorSource: 'APP' });

describe('calling Baton through request templates', () => {
  it('sends each command through its template with the ids in context and the body as JSON', async () => {
    const { client: c, calls } = client(async () => ({ status: 200, response: '{"ticketId":"4521"}' }));
    const backend = new Backend(c);

    await backend.acknowledge('4521', 'h1', { id: 'agent-ivan' });
    await backend.reject('4521', 'h2', { reason: 'other', note: 'Wrong site', actor: { id: 'agent-ivan' } });

    expect(calls).toEqual([
      { name: 'acknowledgeHandoff', options: { context: { ticketId: '4521', handoffId: 'h1' }, body: '{"actor":{"id":"agent-ivan"}}' } },
      { name: 'rejectHandoff', options: { context: { ticketId: '4521', handoffId: 'h2' }, body: '{"reason":"other","note":"Wrong site","actor":{"id":"agent-ivan"}}' } },
    ]);
  });

  it('reads a ticket without an escalation as none, and any other 404 as an error', async () => {
    const none = new Backend(client(() => Promise.reject(batonError(404, 'not_found', 'No escalation exists for this ticket'))).client);
    const wrongHost = new Backend(client(() => Promise.reject({ status: 404, response: '<html>Not Found</html>' })).client);

    expect(await none.escalation('1')).toBeNull();
    await expect(wrongHost.escalation('1')).rejects.toThrow('Baton answered HTTP 404 without an explanation');
  });

  it('returns the escalation from a handoff’s answer', async () => {
    const backend = new Backend(client(async () => ({ status: 201, response: '{"handoff":{"id":"h1"},"escalation":{"ticketId":"7"}}' })).client);

    expect(await backend.handOff('7', {} as never, { id: 'a' })).toEqual({ ticketId: '7' });
  });

  it('refuses an answer that is not JSON', async () => {
    const backend = new Backend(client(async () => ({ status: 200, response: '<html>' })).client);

    await expect(backend.matrix()).rejects.toThrow('not JSON');
  });
});

describe('what a failed call tells the agent', () => {
  it('shows the platform’s 429 as the app limit', () => {
    expect(backendErrorOf({ status: 429, errorSource: 'APP', response: '' })).toMatchObject({ message: QUOTA_MESSAGE, code: 'quota' });
  });

  it('passes Baton’s own message and field issues on', () => {
    const error = backendErrorOf(batonError(400, 'validation', 'Invalid handoff record', [{ path: 'diagnosis', message: 'Current diagnosis is required' }]));

    expect(error).toBeInstanceOf(BackendError);
    expect([error.status, error.code, error.message, error.fields]).toEqual([400, 'validation', 'Invalid handoff record', [{ path: 'diagnosis', message: 'Current diagnosis is required' }]]);
  });

  it('reads a body the platform already parsed', () => {
    expect(backendErrorOf({ status: 503, response: { error: { code: 'unavailable', message: 'The service is briefly unavailable; nothing was changed. Try again.' } } }).message).toBe(
      'The service is briefly unavailable; nothing was changed. Try again.',
    );
  });

  it('tells an admin to fix the API key on a 401', () => {
    expect(backendErrorOf(batonError(401, 'unauthorized', 'Unknown API key')).message).toBe('Baton refused the app\'s API key (Unknown API key). An admin can update "Baton API key" in the app\'s settings.');
  });

  it('says Baton could not be reached on a timeout or a gateway error, and to refresh before retrying', () => {
    expect(backendErrorOf({ errorSource: 'PLATFORM', message: 'timeout' }).message).toMatch(/^Baton could not be reached\. Refresh to see whether your last action was recorded/);
    expect(backendErrorOf({ status: 504, response: '' }).code).toBe('unreachable');
    expect(backendErrorOf(undefined).status).toBe(0);
  });
});
