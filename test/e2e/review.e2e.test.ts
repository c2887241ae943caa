/**
 * The weekly review page end to end: Debian Chromium, the page's real bundle and crayons, the FDK stand-in, and
 * local mode's API seeded by demo:seed's own code on the manual clock. A shorter variant of the demo (4 weeks,
 * the baseline of weeks 1-2, the change in week 3, half the weekly mix) seeds in about 12 s; the full 8 weeks
 * take 30-40 s on their own, as each step moves the manual clock (firing and sweeping) before it acts. The
 * tests run in order: the Matrix tab's proposal is the one the approvers then approve. The NOC's Teams channel
 * carries a secret the API shows as •••, so the page proposes a masked matrix, as it would in production.
 */
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { movementText, percent } from '../../freshservice-app/src/review/format.js';
import type { WeeklyReport } from '../../freshservice-app/src/review/report.js';
import { ensureReviewBundle } from '../../lambdas/local/fdk/sidebar-bundle.js';
import { shiftWeek, weekMonday } from '../../shared/kpi/week.js';
import { seedDemo, type SeedResult } from '../../scripts/demo/seed.js';
import { exampleMatrix, KEYS, startTestBaton, WEBHOOK_SECRET, type TestBaton } from '../support/baton.js';
import { launchChromium } from '../support/chromium.js';
import { recordingServer } from '../support/recording-server.js';
import { choose, hook, openMatrixTab, openReview, Screenshots, type } from './review-driver.js';

/** The demo's first Monday, early: the plan's first week starts at once. */
const CLOCK_START = '2026-09-28T06:00:00Z';
const shots = new Screenshots();
const teamsHook = recordingServer();
/** The secret in the NOC's Teams Workflows URL (its `sig`). */
const SIG = 'e2e-s3cr3t-sig';
let hookUrl = '';

let h: TestBaton;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let seeded: SeedResult;

const report = async (week: string) => (await h.call<WeeklyReport>('GET', `/v1/reports/weekly?week=${week}`)).body;

/** The download a click starts, saved by the browser from the page's blob: URL. */
async function downloaded(click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { download, bytes: await readFile((await download.path())!) };
}

/** A workbook's sheets by name with their header rows, to compare two workbooks by what a reader sees. */
async function sheets(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => [sheet.name, sheet.getRow(1).values]);
}

beforeAll(async () => {
  await shots.clear();
  hookUrl = `${await teamsHook.start()}/workflows/1/invoke?api-version=2016-06-01&sig=${SIG}&sp=run`;
  const matrix = (await exampleMatrix()) as { teams: Array<{ id: string; channels?: Record<string, string> }> };
  matrix.teams.find((t) => t.id === 'msp-noc')!.channels = { teams: hookUrl };
  // The platform's own quota, raised from 50: the steps below make about 60 calls; the last test spends the rest to see its 429.
  [h] = await Promise.all([startTestBaton({ matrix, env: { BATON_CLOCK_START: CLOCK_START, BATON_APP_CALLS_PER_MINUTE: '80' } }), ensureReviewBundle()]);
  [seeded, browser] = await Promise.all([
    seedDemo({ url: h.url, key: KEYS.acme, webhookSecret: WEBHOOK_SECRET }, { weeks: 4, changeWeek: 3, scale: 0.5, seed: 1, say: () => undefined }),
    launchChromium(),
  ]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/London', locale: 'en-GB', acceptDownloads: true });
  page = await context.newPage();
}, 120_000);

afterEach(async (test) => {
  if (test.task.result?.state === 'fail' && page) await shots.take(page, `FAILED-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}`);
});

afterAll(async () => {
  await browser?.close();
  await h?.stop();
  await teamsHook.stop();
});

describe('the weekly review page in Chromium against local mode, seeded by demo:seed', { timeout: 60_000 }, () => {
  it('opens on the last whole week by Baton’s clock with the three KPIs, each charted with the baseline and the target band', async () => {
    const week = seeded.weeks.at(-1)!;
    const expected = await report(week);

    expect(await openReview(page, h.url, 'agent-anna')).toBe('ready');

    expect(await hook(page, 'week-input').inputValue()).toBe(week);
    const cards = hook(page, 'kpi-card');
    expect(await cards.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(await hook(cards.nth(i), 'chart-baseline').count()).toBe(1);
      expect(await hook(cards.nth(i), 'chart-band').count()).toBe(1);
      expect(await hook(cards.nth(i), 'chart-series').count()).toBeGreaterThan(0);
    }
    const attainment = page.locator('[data-test="kpi-card"][data-kpi="escalationSlaAttainment"]');
    expect(await hook(attainment, 'kpi-value').textContent()).toContain(percent(expected.kpis.escalationSlaAttainment));
    expect(await hook(attainment, 'kpi-movement').textContent()).toBe(movementText(expected.movement.baseline!.escalationSlaAttainment));
    expect(await hook(attainment, 'kpi-status').getAttribute('data-status')).toBe(expected.targets[0]!.status ?? 'none');
    expect(await hook(page, 'breakdowns').locator('svg').count()).toBe(2);
    await shots.take(page, 'review-week');
  });

  it('goes back to a week with breaches and expands one to its handoff records', async () => {
    const weeks = await Promise.all(seeded.weeks.map(report));
    const withChain = weeks.find((r) => r.breachedEscalations.items.some((b) => b.handoffs.length > 0))!;
    const breach = withChain.breachedEscalations.items.find((b) => b.handoffs.length > 0)!;

    await hook(page, 'week-input').fill(withChain.week);
    await hook(page, 'week-input').dispatchEvent('change');
    await page.locator(`[data-test="breached-escalation"][data-ticket="${breach.ticketId}"]`).waitFor();
    const item = page.locator(`[data-test="breached-escalation"][data-ticket="${breach.ticketId}"]`);
    expect(await hook(item, 'handoff-record').first().isVisible()).toBe(false);

    await hook(item, 'breached-summary').click();

    await hook(item, 'handoff-record').first().waitFor({ state: 'visible' });
    expect(await hook(item, 'handoff-record').count()).toBe(breach.handoffs.length);
    expect(await hook(item, 'handoff-record').first().textContent()).toContain(breach.handoffs[0]!.record!.diagnosis);
    expect(await hook(page, 'handoff-quality').isVisible()).toBe(true);
    expect(await hook(page, 'communication-failures').isVisible()).toBe(true);
    await shots.take(page, 'breach-expanded');
  });

  it('downloads the week as the API’s CSV and XLSX, through the request templates', async () => {
    const week = await hook(page, 'week-input').inputValue();
    const fromApi = (format: string) => fetch(`${h.url}/v1/reports/weekly?week=${week}&format=${format}`, { headers: { authorization: `Bearer ${KEYS.acme}` } });

    const text = await downloaded(() => hook(page, 'download-csv').click());
    const xlsx = await downloaded(() => hook(page, 'download-xlsx').click());

    expect(text.download.suggestedFilename()).toBe(`baton-review-${week}.csv`);
    expect(text.bytes.toString('utf8')).toBe(await (await fromApi('csv')).text());
    expect(xlsx.download.suggestedFilename()).toBe(`baton-review-${week}.xlsx`);
    expect(await sheets(xlsx.bytes)).toEqual(await sheets(Buffer.from(await (await fromApi('xlsx')).arrayBuffer())));
    await hook(page, 'download-link').waitFor();
  });

  it('prints the week without its controls, every breach’s handoffs open', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      // Chromium's print preview fires beforeprint; emulating the print media alone does not.
      await page.evaluate(() => (globalThis as unknown as EventTarget).dispatchEvent(new Event('beforeprint')));

      expect(await hook(page, 'download-csv').isVisible()).toBe(false);
      expect(await hook(page, 'tab-matrix').isVisible()).toBe(false);
      expect(await hook(page, 'kpi-card').first().isVisible()).toBe(true);
      expect(await hook(page, 'breached-escalation').count()).toBeGreaterThan(0);
      expect(await page.locator('details[data-test="breached-escalation"]:not([open])').count()).toBe(0);
      await shots.take(page, 'print');
    } finally {
      await page.evaluate(() => (globalThis as unknown as EventTarget).dispatchEvent(new Event('afterprint')));
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('captures a baseline over the last four weeks with a note, and compares the week with it', async () => {
    const last = seeded.weeks.at(-1)!;
    const before = (await h.call<{ current: number }>('GET', '/v1/reports/baseline')).body.current;
    expect(await page.locator(`[data-test="baseline"][data-version="${before}"][data-current="true"]`).count()).toBe(1);

    await hook(page, 'baseline-open').click();
    await hook(page, 'baseline-form').waitFor();
    expect([await hook(page, 'baseline-from').inputValue(), await hook(page, 'baseline-to').inputValue()]).toEqual([weekMonday(shiftWeek(last, -3)), weekMonday(shiftWeek(last, 1))]);
    await type(hook(page, 'baseline-note'), 'The month the NOC took VIP devices');
    await hook(page, 'baseline-submit').click();

    const next = before + 1;
    await page.locator(`[data-test="baseline"][data-version="${next}"][data-current="true"]`).waitFor();
    await page.locator('[data-test="kpi-baseline"]', { hasText: `(baseline ${next},` }).first().waitFor();
    expect(await hook(page, 'notice').textContent()).toBe(`Baseline ${next} captured: the review now compares each week with it.`);
    expect(await page.locator(`[data-test="baseline"][data-version="${before}"]`).getAttribute('data-current')).toBe('false');
    expect(await page.locator(`[data-test="baseline"][data-version="${next}"]`).textContent()).toContain('The month the NOC took VIP devices');
    const kept = await h.call<{ current: number; items: Array<{ version: number; actor: { id: string }; note?: string }> }>('GET', '/v1/reports/baseline');
    expect(kept.body.current).toBe(next);
    expect(kept.body.items.at(-1)).toMatchObject({ actor: { id: 'agent-anna' }, note: 'The month the NOC took VIP devices' });
    await shots.take(page, 'baseline-captured');
  });

  it('proposes a change from a friction point on the Matrix tab and shows its diff and impact replay', async () => {
    await openMatrixTab(page);
    const row = hook(page, 'friction-rules-month').locator('tr', { has: page.locator('[data-test="friction-label"][data-key="rule:device-vip"]') });

    await hook(row, 'friction-propose').click();
    await hook(page, 'propose-form').waitFor();
    expect(await hook(page, 'propose-rationale').evaluate((el) => (el as unknown as { value: string }).value)).toContain('device-vip');
    await choose(hook(page, 'propose-owner'), 'msp-l2');
    await hook(page, 'propose-submit').click();

    const card = hook(page, 'proposal').first();
    await card.waitFor();
    expect(await hook(card, 'proposal-risk').textContent()).toBe('high risk');
    expect(await hook(card, 'diff-rules').textContent()).toContain('owner: Service Desk → MSP Second Line');
    expect(await hook(card, 'diff-decisions').textContent()).toContain('end-user-device · tier 1');
    expect(await hook(card, 'replay-summary').textContent()).toMatch(/^Of \d+ escalations opened in the last 4 weeks, [1-9]\d* would have gone differently/);
    expect(await hook(card, 'replay-items').locator('tbody tr').count()).toBeGreaterThan(0);
    // The proposer is offered no approval of their own proposal.
    expect(await hook(card, 'proposal-approve').count()).toBe(0);
    expect(await hook(card, 'proposal-note-text').textContent()).toContain('nobody approves their own proposal');
    await shots.take(page, 'proposal');
  });

  it('is approved by one approver of each party, and the matrix changes', async () => {
    await openReview(page, h.url, 'agent-carla');
    await openMatrixTab(page);
    await hook(page, 'proposal-approve').click();
    await hook(page, 'notice').waitFor();
    expect(await hook(page, 'notice').textContent()).toContain('still needs an approver of party Acme MSP');
    await shots.take(page, 'approved-internal');

    await openReview(page, h.url, 'agent-mia');
    await openMatrixTab(page);
    await hook(page, 'proposal-approve').click();
    await page.locator('[data-test="version"][data-active="true"][data-version="3"]').waitFor();

    expect(await hook(page, 'notice').textContent()).toBe('Approved: the proposal is active as version 3.');
    expect(await page.locator('[data-test="matrix-rule"][data-rule="device-vip"]').textContent()).toContain('MSP Second Line');
    expect(await hook(page, 'no-proposals').isVisible()).toBe(true);
    const active = await h.call<{ version: number; matrix: { rules: Array<{ id?: string; owner: string }> } }>('GET', '/v1/matrix');
    expect(active.body.version).toBe(3);
    expect(active.body.matrix.rules.find((r) => r.id === 'device-vip')?.owner).toBe('msp-l2');
    // The page proposed the masked matrix; the version it activated kept the NOC's real Teams URL.
    const stored = (await h.baton.deps.matrices.version('acme', 3))!.document as { teams: Array<{ id: string; channels?: Record<string, string> }> };
    expect(stored.teams.find((t) => t.id === 'msp-noc')?.channels?.teams).toBe(hookUrl);
    expect(JSON.stringify(active.body)).not.toContain(SIG);
    const versions = await h.call<{ items: Array<{ version: number; approvedBy: Array<{ id: string; party: string }> }> }>('GET', '/v1/matrix/versions');
    expect(versions.body.items[0]!.approvedBy.map((a) => [a.id, a.party])).toEqual([['agent-carla', 'internal'], ['agent-mia', 'msp']]);
    await shots.take(page, 'activated');
  });

  it('rejects a proposal from the Matrix tab, a note saying why required first', async () => {
    await openReview(page, h.url, 'agent-anna');
    await openMatrixTab(page);
    await hook(page, 'propose-blank').click();
    await type(hook(page, 'propose-runbook'), 'https://kb.example.com/network-outage-v2');
    await type(hook(page, 'propose-rationale'), 'The outage runbook moved to the new knowledge base');
    await hook(page, 'propose-submit').click();
    const proposed = hook(page, 'proposal').first();
    await proposed.waitFor();
    const id = (await proposed.getAttribute('data-proposal'))!;
    expect(await hook(proposed, 'proposal-risk').textContent()).toBe('low risk');

    await openReview(page, h.url, 'agent-mia');
    await openMatrixTab(page);
    const card = page.locator(`[data-test="proposal"][data-proposal="${id}"]`);
    await hook(card, 'proposal-reject').click();
    expect(await hook(card, 'form-error').textContent()).toContain('Say why it is rejected');
    await type(hook(card, 'proposal-note'), 'Keep the old link until the new knowledge base is live');
    await shots.take(page, 'rejecting');
    await hook(card, 'proposal-reject').click();
    await hook(page, 'no-proposals').waitFor();

    expect(await hook(page, 'notice').textContent()).toBe('Rejected; the proposer sees your note.');
    const rejected = await h.call<{ status: string; rejection: { id: string; note: string } }>('GET', `/v1/matrix/proposals/${id}`);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { id: 'agent-mia', note: 'Keep the old link until the new knowledge base is live' } });
    expect(await page.locator('[data-test="version"][data-active="true"]').getAttribute('data-version')).toBe('3');
    await shots.take(page, 'rejected');

    // The proposer learns why, on the same tab.
    await openReview(page, h.url, 'agent-anna');
    await openMatrixTab(page);
    const decided = page.locator(`[data-test="decided-proposal"][data-proposal="${id}"]`);
    await decided.waitFor();
    expect(await decided.getAttribute('class')).toContain('mine');
    expect(await hook(decided, 'decided-status').textContent()).toBe('rejected');
    expect(await hook(decided, 'decided-outcome').textContent()).toMatch(/: Rejected by [^:]+: Keep the old link until the new knowledge base is live\.$/);
    await decided.scrollIntoViewIfNeeded();
    await shots.take(page, 'rejected-seen-by-proposer');
  });

  it('shows Freshservice’s app limit (429) in place once the minute’s calls are spent', async () => {
    const spent = await page.evaluate(async () => {
      const client = await (globalThis as unknown as { app: { initialized(): Promise<{ request: { invokeTemplate(n: string, o: unknown): Promise<unknown> } }> } }).app.initialized();
      for (let calls = 1; calls <= 300; calls++) {
        const status = await client.request.invokeTemplate('listProposals', { context: { status: 'open' } }).then(() => 200, (rejection: { status: number }) => rejection.status);
        if (status === 429) return calls;
      }
      return null;
    });
    expect(spent).not.toBeNull();

    await hook(page, 'refresh').click();

    await page.locator('[data-test="review"][data-phase="error"]').waitFor();
    expect(await hook(page, 'error-message').textContent()).toBe("Freshservice's app limit was reached; try again in a minute");
    await shots.take(page, 'app-limit');
  });
});
