/** Drives the weekly review page in Chromium against local mode, by its data-test hooks (freshservice-app/README.md). */
import { mkdir, rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { hook, SCREENSHOTS } from './sidebar-driver.js';

export { choose, hook, type } from './sidebar-driver.js';

/** The review suite's own folder beside the sidebar's screenshots (the two suites may run at once). */
export const REVIEW_SCREENSHOTS = `${SCREENSHOTS}/review`;

/** Waits until the page has left its loading phase (ready, or an error in place). */
export async function reviewSettled(page: Page): Promise<string> {
  await page.locator('[data-test="review"]:is([data-phase="ready"], [data-phase="error"])').waitFor();
  return (await hook(page, 'review').getAttribute('data-phase')) ?? '';
}

/** Opens the review as Freshservice would for `agent` (a full-page app: no ticket) and waits until it has loaded. */
export async function openReview(page: Page, baseUrl: string, agent: string): Promise<string> {
  await page.goto(`${baseUrl}/app/review.html?${new URLSearchParams({ agent })}`);
  return reviewSettled(page);
}

/** Switches to the Matrix tab and waits for its proposals and versions. */
export async function openMatrixTab(page: Page): Promise<void> {
  await hook(page, 'tab-matrix').click();
  await page.locator('[data-test="proposals"]:not(:has([data-test="proposals-loading"]))').waitFor();
}

/** Full-page screenshots numbered in the order the steps ran, in the review suite's folder. */
export class Screenshots {
  private shot = 0;

  /** Empties the folder, so what is there is this run's. */
  async clear(): Promise<void> {
    await rm(REVIEW_SCREENSHOTS, { recursive: true, force: true });
    this.shot = 0;
  }

  async take(page: Page, name: string): Promise<void> {
    await mkdir(REVIEW_SCREENSHOTS, { recursive: true });
    this.shot += 1;
    await page.screenshot({ path: `${REVIEW_SCREENSHOTS}/${String(this.shot).padStart(2, '0')}-${name}.png`, fullPage: true });
  }
}
