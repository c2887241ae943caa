/**
 * The sidebar end to end: Debian Chromium, the app's real bundle and crayons, the FDK stand-in and local mode's
 * API on the manual clock, carrying one ticket through as the agents of several teams. One server, one browser;
 * the tests run in order and each starts where the one before left the ticket.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureSidebarBundle } from '../../lambdas/local/fdk/sidebar-bundle.js';
import type { EscalationView } from '../../shared/escalation/view.js';
import { START, startTestBaton, type ErrorAnswer, type TestBaton } from '../support/baton.js';
import { launchChromium } from '../support/chromium.js';
import { choose, clearScreenshots, fieldErrors, hook, openSidebar, screenshot, settled, type } from './sidebar-driver.js';

const TICKET = '4521';
/** The example matrix: network at tier 1 (priority 4 "Network" tickets) belongs to the MSP NOC, policy p1 (ack 15 min, resolve 4 h, warned at 50 %). */
const NOC = 'agent-nick';
const INFRA = 'agent-ivan';
const SERVICE_DESK = 'agent-anna';
const MSP_L2 = 'agent-mia';

let h: TestBaton;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The store's client fails every call while true (the backend answers 503). */
let storeDown = false;

const open = (agent: string, extra: Record<string, string> = {}) => openSidebar(page, h.url, TICKET, agent, extra);
const view = (): Promise<EscalationView> => h.view(TICKET);

/** Moves the API's manual clock and the browser's together, as they agree in Freshservice. */
async function advance(minutes: number): Promise<void> {
  const { now } = await h.advance(minutes);
  await context.clock.setSystemTime(new Date(now));
}

beforeAll(async () => {
  await clearScreenshots();
  await ensureSidebarBundle();
  h = await startTestBaton({
    // Enough quota for every step below; the last test spends the rest to see the platform's 429.
    env: { BATON_APP_CALLS_PER_MINUTE: '200' },
    faults: {
      wrapDynamoDb(client) {
        client.middlewareStack.add(
          (next) => async (args) => {
            if (storeDown) throw Object.assign(new Error('Service unavailable (injected)'), { name: 'ServiceUnavailable', $fault: 'server' });
            return next(args);
          },
          { step: 'initialize', name: 'e2eStoreOutage', priority: 'high' },
        );
        return client;
      },
    },
  });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 340, height: 900 }, timezoneId: 'Europe/London', locale: 'en-GB' });
  await context.clock.install({ time: new Date(START) });
  page = await context.newPage();
}, 600_000);

// What the agent saw when a step failed: a screenshot beside the steps'.
afterEach(async (test) => {
  if (test.task.result?.state === 'fail' && page) await screenshot(page, `FAILED-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

// Steps take about a second each; a loaded machine (the whole suite on two cores) gets room.
describe('the sidebar in Chromium against local mode', { timeout: 60_000 }, () => {
  it('lets an agent of the owning team open an escalation from the ticket, prefilled through the matrix', async () => {
    await open(NOC);
    await expect.poll(() => hook(page, 'no-escalation').isVisible()).toBe(true);
    expect(await hook(page, 'open-preview').textContent()).toContain('MSP Network Operations Centre');
    await screenshot(page, 'open-form');

    await hook(page, 'open-submit').click();

    await hook(page, 'status').waitFor();
    expect(await hook(page, 'status-owner').textContent()).toContain('MSP Network Operations Centre');
    expect(await hook(page, 'status').getAttribute('data-state')).toBe('running');
    expect(await view()).toMatchObject({ incidentType: 'network', impactTier: 1, owner: { team: 'msp-noc' } });
    await screenshot(page, 'opened');
  });

  it('refuses an incomplete handoff in place with the API’s own messages, sending nothing', async () => {
    const before = await view();
    await hook(page, 'action-handoff').click();
    await hook(page, 'handoff-form').waitFor();
    // What the API answers for the same empty record (validated before any escalation is looked up).
    const api = await h.call<ErrorAnswer>('POST', '/v1/escalations/oracle/handoffs', { toTeam: '', diagnosis: '', actionsTaken: '', evidence: [{ label: '', url: '' }], nextAction: '', actor: { id: NOC } });

    await hook(page, 'handoff-submit').click();

    await hook(page, 'field-error').first().waitFor();
    expect(await fieldErrors(page)).toEqual(Object.fromEntries(api.body.error.fields!.map((f) => [f.path, f.message])));
    expect(Object.keys(await fieldErrors(page))).toEqual(expect.arrayContaining(['toTeam', 'diagnosis', 'actionsTaken', 'nextAction', 'nextActionDueAt']));
    expect(await view()).toEqual(before);
    await screenshot(page, 'handoff-refused');
  });

  it('hands off once every field is valid, to the team the agent picked, with the deadline read in the agent’s time', async () => {
    await choose(hook(page, 'handoff-to-team'), 'infrastructure');
    await type(hook(page, 'handoff-diagnosis'), 'Tunnel up, but no routes from the branch');
    await type(hook(page, 'handoff-actions-taken'), 'Restarted the IPsec tunnel');
    const row = hook(page, 'handoff-evidence-row').first();
    await type(hook(row, 'handoff-evidence-label'), 'Tunnel log');
    await type(hook(row, 'handoff-evidence-url'), 'https://logs.example.com/vpn/4521');
    await type(hook(page, 'handoff-next-action'), 'Check the branch core switch');
    await hook(page, 'handoff-deadline').fill('2026-11-30T15:00');

    await hook(page, 'handoff-submit').click();

    await hook(page, 'status-pending').waitFor();
    expect(await hook(page, 'status-pending').textContent()).toContain('Infrastructure');
    const { handoffs } = await view();
    expect(handoffs).toMatchObject([{ id: 'h1', to: { team: 'infrastructure' }, status: 'pending', record: { nextActionDueAt: '2026-11-30T15:00:00.000Z', evidence: [{ url: 'https://logs.example.com/vpn/4521' }] } }]);
    await screenshot(page, 'handed-off');
  });

  it('does not let an agent of another team acknowledge: the button is not offered and the API refuses', async () => {
    await open(SERVICE_DESK);

    expect(await hook(page, 'action-acknowledge').count()).toBe(0);
    expect(await hook(page, 'actions-note').textContent()).toContain('Infrastructure');
    const refused = await page.evaluate(async (ticketId) => {
      const client = await (globalThis as unknown as { app: { initialized(): Promise<{ request: { invokeTemplate(n: string, o: unknown): Promise<unknown> } }> } }).app.initialized();
      return client.request.invokeTemplate('acknowledgeHandoff', { context: { ticketId, handoffId: 'h1' }, body: JSON.stringify({ actor: { id: 'agent-anna' } }) }).then(
        () => null,
        (rejection: { status: number }) => rejection.status,
      );
    }, TICKET);
    expect(refused).toBe(403);
    expect((await view()).handoffs[0]!.status).toBe('pending');
    await screenshot(page, 'other-team');
  });

  it('lets an agent of the receiving team acknowledge', async () => {
    await open(INFRA);

    await hook(page, 'action-acknowledge').click();

    await expect.poll(() => hook(page, 'status-pending').count()).toBe(0);
    expect(await hook(page, 'status-owner').textContent()).toContain('Infrastructure');
    expect(await view()).toMatchObject({ owner: { team: 'infrastructure' }, handoffs: [{ status: 'acknowledged' }] });
    await screenshot(page, 'acknowledged');
  });

  it('shows the warning once the clock passes it and the agent refreshes (the sidebar never polls)', async () => {
    await advance(125);
    expect(await hook(page, 'status').getAttribute('data-state')).toBe('running');

    await hook(page, 'refresh').click();

    await expect.poll(() => hook(page, 'status').getAttribute('data-state')).toBe('warned');
    expect((await view()).sla.warnedAt).not.toBeNull();
    await screenshot(page, 'warned');
  });

  it('lets the receiving team reject a handoff with a reason, and the timeline says so', async () => {
    await hook(page, 'action-handoff').click();
    await choose(hook(page, 'handoff-to-team'), 'msp-l2');
    await type(hook(page, 'handoff-diagnosis'), 'Core switch fine; the WAN router drops the branch routes');
    await type(hook(page, 'handoff-actions-taken'), 'Checked the core switch and its logs');
    const row = hook(page, 'handoff-evidence-row').first();
    await type(hook(row, 'handoff-evidence-label'), 'Switch log');
    await type(hook(row, 'handoff-evidence-url'), 'https://logs.example.com/switch/4521');
    await type(hook(page, 'handoff-next-action'), 'Reload the WAN router config');
    await hook(page, 'handoff-deadline').fill('2026-11-30T16:00');
    await hook(page, 'handoff-submit').click();
    await hook(page, 'status-pending').waitFor();
    await open(MSP_L2);

    await hook(page, 'action-reject').click();
    await choose(hook(page, 'reject-reason'), 'not-our-scope');
    await expect.poll(() => hook(page, 'reject-reason-help').textContent()).toContain('ownership-ambiguity incident');
    await type(hook(page, 'reject-note'), 'The WAN router is managed by Contoso');
    await hook(page, 'reject-submit').click();

    await expect.poll(() => hook(page, 'status-pending').count()).toBe(0);
    await expect.poll(() => page.locator('[data-test="timeline-entry"][data-type="handoff.rejected"]').count()).toBe(1);
    expect((await view()).handoffs[1]).toMatchObject({ status: 'rejected', reason: 'not-our-scope', note: 'The WAN router is managed by Contoso' });
    await screenshot(page, 'rejected');
  });

  it('lets the owner pause the clock with a reason and resume it', async () => {
    await open(INFRA);
    await hook(page, 'action-pause').click();
    await type(hook(page, 'pause-reason'), 'Waiting for the branch to power-cycle the router');

    await hook(page, 'pause-submit').click();

    await expect.poll(() => hook(page, 'status').getAttribute('data-state')).toBe('paused');
    expect(await hook(page, 'status-paused-reason').textContent()).toContain('power-cycle');
    await screenshot(page, 'paused');

    await hook(page, 'action-resume').click();

    await expect.poll(() => hook(page, 'status').getAttribute('data-state')).toBe('warned');
    expect((await view()).sla.paused).toBe(false);
  });

  it('lets the owner resolve, and shows the same status when Freshservice activates the app again', async () => {
    await hook(page, 'action-resolve').click();
    await type(hook(page, 'resolve-resolution'), 'WAN router config reloaded; routes back');

    await hook(page, 'resolve-submit').click();

    await expect.poll(() => hook(page, 'status').getAttribute('data-state')).toBe('resolved');
    expect(await view()).toMatchObject({ state: 'resolved', resolution: 'WAN router config reloaded; routes back' });
    await page.locator('[data-fdk="activate"]').click();
    await settled(page);
    expect(await hook(page, 'status').getAttribute('data-state')).toBe('resolved');
    await screenshot(page, 'resolved');
  });

  it('shows a store outage as a message in place and as a notification, then recovers', async () => {
    // A ticket Baton has not seen: its escalation is not in any cache, so reading it meets the outage.
    storeDown = true;
    try {
      await openSidebar(page, h.url, '4522', NOC);

      expect(await hook(page, 'app').getAttribute('data-phase')).toBe('error');
      expect(await hook(page, 'error-message').textContent()).toContain('briefly unavailable');
      await expect.poll(() => page.locator('[data-fdk-notify="danger"]').last().textContent()).toContain('briefly unavailable');
      await screenshot(page, 'store-down');
    } finally {
      storeDown = false;
    }

    await hook(page, 'refresh').click();

    await hook(page, 'no-escalation').waitFor();
  });

  it('shows Freshservice’s app limit (429) as a message once the minute’s calls are spent', async () => {
    const spent = await page.evaluate(async () => {
      const client = await (globalThis as unknown as { app: { initialized(): Promise<{ request: { invokeTemplate(n: string, o: unknown): Promise<unknown> } }> } }).app.initialized();
      for (let calls = 1; calls <= 400; calls++) {
        const status = await client.request.invokeTemplate('getMatrix', {}).then(() => 200, (rejection: { status: number }) => rejection.status);
        if (status === 429) return calls;
      }
      return null;
    });
    expect(spent).not.toBeNull();

    await hook(page, 'refresh').click();

    await hook(page, 'error').waitFor();
    expect(await hook(page, 'error-message').textContent()).toContain("Freshservice's app limit was reached; try again in a minute");
    await screenshot(page, 'app-limit');
  });
});
