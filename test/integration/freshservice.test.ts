import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FreshserviceTicketSystem } from '../../lambdas/adapters/freshservice.js';
import { ValidationError } from '../../shared/errors.js';
import { recordingServer } from '../support/recording-server.js';


const API_KEY = 'fs-api-key-SECRET';
const http = recordingServer({ body: {} });
let freshservice: FreshserviceTicketSystem;
beforeAll(async () => {
  const baseUrl = await http.start();
  freshservice = new FreshserviceTicketSystem({ baseUrl, apiKey: API_KEY, timeoutMs: 1000 });
});
afterAll(() => http.stop());
beforeEach(() => http.reset());

const failureOf = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e as Error);

describe('FreshserviceTicketSystem.getTicket', () => {
  it('authenticates with Basic auth: the API key as user name and X as password', async () => {
    http.answer({ body: { ticket: { id: 42, subject: 'VPN down', group_id: 1001, status: 2, priority: 3 } } });

    await freshservice.getTicket('42');

    expect(http.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from(`${API_KEY}:X`).toString('base64')}`);
  });

  it('reads the ticket and maps it, with the id as a string', async () => {
    http.answer({ body: { ticket: { id: 42, subject: 'VPN down', group_id: 1001, status: 2, priority: 3, urgency: 1 } } });

    const ticket = await freshservice.getTicket('42');

    expect(http.requests[0]).toMatchObject({ method: 'GET', url: '/api/v2/tickets/42' });
    expect(ticket).toEqual({ id: '42', subject: 'VPN down', groupId: 1001, status: 2, priority: 3 });
  });

  it('maps a ticket without a group to a null group id', async () => {
    http.answer({ body: { ticket: { id: 43, subject: 'New laptop', group_id: null, status: 2, priority: 1 } } });

    expect((await freshservice.getTicket('43'))?.groupId).toBeNull();
  });

  it('answers null for a ticket that does not exist', async () => {
    http.answer({ status: 404, body: { code: 'access_denied' } });

    expect(await freshservice.getTicket('404')).toBeNull();
  });

  it('rejects a non-numeric ticket id before any request', async () => {
    await expect(freshservice.getTicket('1/../../agents/2')).rejects.toBeInstanceOf(ValidationError);
    expect(http.requests).toHaveLength(0);
  });

  it('rejects a 429 with the Retry-After in the message and without the API key', async () => {
    http.answer({ status: 429, headers: { 'retry-after': '60' } });

    const error = await failureOf(freshservice.getTicket('42'));

    expect(error.message).toBe('Freshservice GET /api/v2/tickets/42 rate limited (429); Retry-After: 60 s');
    expect(error.message).not.toContain(API_KEY);
  });

  it('rejects a server error naming the endpoint and status', async () => {
    http.answer({ status: 500 });

    await expect(freshservice.getTicket('42')).rejects.toThrow('Freshservice GET /api/v2/tickets/42 answered 500');
  });

  it('rejects when Freshservice does not answer within the timeout', async () => {
    http.answer({ delayMs: 3000, body: { ticket: { id: 42 } } });

    await expect(freshservice.getTicket('42')).rejects.toThrow('Freshservice GET /api/v2/tickets/42 failed: no answer within 1000 ms');
  });
});

describe('FreshserviceTicketSystem.groupsOfAgent', () => {
  it('reads the groups an agent is a member of', async () => {
    http.answer({ body: { agent: { id: 7, member_of: [1001, 1002], observer_of: [2001] } } });

    const groups = await freshservice.groupsOfAgent('7');

    expect(http.requests[0]).toMatchObject({ method: 'GET', url: '/api/v2/agents/7' });
    expect(groups).toEqual([1001, 1002]);
  });

  it('falls back to group_ids when member_of is missing', async () => {
    http.answer({ body: { agent: { id: 7, group_ids: [1003] } } });

    expect(await freshservice.groupsOfAgent('7')).toEqual([1003]);
  });

  it('answers no groups for an agent that does not exist', async () => {
    http.answer({ status: 404 });

    expect(await freshservice.groupsOfAgent('404')).toEqual([]);
  });

  it('rejects a non-numeric agent id before any request', async () => {
    await expect(freshservice.groupsOfAgent('agent-anna')).rejects.toBeInstanceOf(ValidationError);
    expect(http.requests).toHaveLength(0);
  });
});

describe('FreshserviceTicketSystem.addPrivateNote', () => {
  it('posts the HTML as a private note', async () => {
    http.answer({ status: 201, body: { conversation: { id: 9, private: true } } });

    await freshservice.addPrivateNote('42', '<p>Handoff to <strong>MSP NOC</strong></p>');

    expect(http.requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/v2/tickets/42/notes',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: { body: '<p>Handoff to <strong>MSP NOC</strong></p>', private: true },
    });
  });

  it('rejects when the ticket does not exist', async () => {
    http.answer({ status: 404 });

    await expect(freshservice.addPrivateNote('404', '<p>x</p>')).rejects.toThrow('Freshservice POST /api/v2/tickets/404/notes answered 404');
  });
});
