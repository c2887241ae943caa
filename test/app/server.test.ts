import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { freshserviceWebhookBody } from '../../shared/api/schemas.js';

const SOURCE = readFileSync(new URL('../../freshservice-app/server/server.js', import.meta.url), 'utf8');
const SECRET = 'whsec_never-logged-0123456789';

type Invocation = { name: string; options: { body?: string } };

/**
 * Loads server.js as the FDK runtime does (a script assigning `exports`, with `$request` a global) and gives
 * its handler with what it invoked, logged and waited for. `answers` are the platform's answers in order.
 */
function load(answers: Array<{ ok: true } | { ok: false; rejection: unknown }> = [{ ok: true }]) {
  const invoked: Invocation[] = [];
  const logged: string[] = [];
  const waited: number[] = [];
  const $request = {
    invokeTemplate: (name: string, options: { body?: string }) => {
      invoked.push({ name, options });
      const answer = answers[invoked.length - 1] ?? { ok: true };
      return answer.ok ? Promise.resolve({ status: 202, headers: {}, response: '{"recorded":1}' }) : Promise.reject(answer.rejection);
    },
  };
  const sandbox = {
    exports: {} as { onTicketUpdateHandler: (payload: unknown) => Promise<void> },
    $request,
    console: { error: (...args: unknown[]) => logged.push(args.join(' ')), log: (...args: unknown[]) => logged.push(args.join(' ')) },
    setTimeout: (callback: () => void, ms: number) => {
      waited.push(ms);
      callback();
    },
  };
  runInNewContext(SOURCE, sandbox);
  return { handler: sandbox.exports.onTicketUpdateHandler, invoked, logged, waited };
}

/** An onTicketUpdate payload as the platform passes it. */
const payload = (changes: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  data: { ticket: { id: 4521, subject: 'Branch VPN down', group_id: 1002 }, actor: { id: 9001, name: ' Anna Smith ', email: 'anna@example.com', type: 'agent' }, changes, ...extra },
  iparams: { baton_host: 'baton.example.com', baton_webhook_secret: SECRET },
  currentHost: { endpoint_urls: { freshservice: 'https://acme.freshservice.com' } },
  region: 'US',
  timestamp: 1_795_000_000,
});

const bodyOf = (invocation: Invocation | undefined) => JSON.parse(invocation?.options.body ?? 'null');

describe('the serverless onTicketUpdate handler', () => {
  it('forwards a group change through forwardTicketUpdate with the ticket, both groups and who moved it', async () => {
    const { handler, invoked } = load();

    await handler(payload({ group_id: [2001, 1002] }));

    expect(invoked.map((i) => i.name)).toEqual(['forwardTicketUpdate']);
    expect(bodyOf(invoked[0])).toEqual({ ticketId: 4521, changes: { group_id: [2001, 1002] }, actor: { id: '9001', name: 'Anna Smith' } });
    expect(Object.keys(invoked[0]?.options ?? {})).toEqual(['body']);
  });

  it('sends a body the webhook route accepts', async () => {
    const { handler, invoked } = load();

    await handler(payload({ group_id: [null, '1002'] }));

    expect(freshserviceWebhookBody.safeParse(bodyOf(invoked[0])).success).toBe(true);
    expect(bodyOf(invoked[0]).changes).toEqual({ group_id: [null, 1002] });
  });

  it('ignores updates that are not group changes', async () => {
    const { handler, invoked } = load();

    await handler(payload({ status: [2, 3], priority: [1, 4] }));
    await handler(payload({ group_id: [1002, 1002] }));
    await handler(payload({ group_id: ['sales', 1002] }));
    await handler({ data: { changes: { group_id: [1, 2] } } });
    await handler(undefined);

    expect(invoked).toEqual([]);
  });

  it('leaves the actor out when the platform names none', async () => {
    const { handler, invoked } = load();

    await handler(payload({ group_id: [1001, 1002] }, { actor: undefined }));

    expect(bodyOf(invoked[0])).toEqual({ ticketId: 4521, changes: { group_id: [1001, 1002] } });
  });

  it('repeats the call once when Baton answered that nothing was changed', async () => {
    const unavailable = { status: 503, errorSource: 'APP', response: JSON.stringify({ error: { code: 'unavailable', message: 'The service is briefly unavailable; nothing was changed. Try again.' } }) };
    const { handler, invoked, waited } = load([{ ok: false, rejection: unavailable }, { ok: true }]);

    await handler(payload({ group_id: [2001, 1002] }));

    expect([invoked.length, waited]).toEqual([2, [1000]]);
    expect(invoked[1]?.options).toEqual(invoked[0]?.options);
  });

  it('does not repeat a call that may have been recorded, and logs the failure without the secret', async () => {
    const timeout = { status: 504, errorSource: 'APP', headers: { 'x-baton-webhook-secret': SECRET }, response: '<html>Gateway Timeout</html>' };
    const { handler, invoked, logged } = load([{ ok: false, rejection: timeout }]);

    await expect(handler(payload({ group_id: [2001, 1002] }))).resolves.toBeUndefined();

    expect(invoked).toHaveLength(1);
    expect(logged).toEqual(['Baton: could not forward the group change of ticket 4521 (status 504, source APP, code none)']);
    expect(logged.join('\n')).not.toContain(SECRET);
  });

  it('names Baton’s error code when the webhook is refused', async () => {
    const refused = { status: 401, errorSource: 'APP', response: JSON.stringify({ error: { code: 'unauthorized', message: 'Unknown webhook secret' } }) };
    const { handler, logged } = load([{ ok: false, rejection: refused }]);

    await handler(payload({ group_id: [2001, 1002] }));

    expect(logged).toEqual(['Baton: could not forward the group change of ticket 4521 (status 401, source APP, code unauthorized)']);
  });
});
