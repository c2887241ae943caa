/** Drives the Freshservice sidebar in Chromium against local mode, by the app's data-test hooks (freshservice-app/README.md). */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const SCREENSHOTS = 'test-output/e2e';

/** A data-test hook. */
export const hook = (page: Page | Locator, name: string) => page.locator(`[data-test="${name}"]`);

/**
 * Opens the sidebar as Freshservice would show it to `agent` on `ticket` and waits until it has loaded
 * (ready or an error in place: never a spinner left running).
 */
export async function openSidebar(page: Page, baseUrl: string, ticket: string, agent: string, extra: Record<string, string> = {}): Promise<void> {
  await page.goto(`${baseUrl}/app/index.html?${new URLSearchParams({ ticket, agent, ...extra })}`);
  await settled(page);
}

/** Waits until the sidebar has left its loading phase. */
export async function settled(page: Page): Promise<string> {
  await page.locator('[data-test="app"]:is([data-phase="ready"], [data-phase="error"])').waitFor();
  return (await hook(page, 'app').getAttribute('data-phase')) ?? '';
}

/**
 * Types into a crayons fw-input or fw-textarea (the visible field inside it), and waits until the component
 * holds the text (the sidebar reads the component's value at submit).
 */
export async function type(field: Locator, text: string): Promise<void> {
  await field.locator('input:visible, textarea:visible').first().fill(text);
  await field.page().waitForFunction(([el, expected]) => (el as unknown as { value?: string }).value === expected, [await field.elementHandle(), text] as const, { timeout: 5_000 });
}

/** Chooses a value in a crayons fw-select, as a click on an option does. */
export async function choose(select: Locator, value: string): Promise<void> {
  await select.evaluate((el, v) => {
    // Runs in the page; typed loosely because the project compiles without the DOM library.
    const field = el as unknown as { value: string; dispatchEvent(event: Event): boolean };
    field.value = v;
    field.dispatchEvent(new CustomEvent('fwChange', { detail: { value: v }, bubbles: true }));
  }, value);
}

/** The inline field errors shown, as the API names them: path → message. */
export async function fieldErrors(page: Page): Promise<Record<string, string>> {
  const errors = await hook(page, 'field-error').evaluateAll((els) => els.map((el) => [el.getAttribute('data-field') ?? '', (el.textContent ?? '').trim()]));
  return Object.fromEntries(errors);
}

let shot = 0;

/**
 * Empties the screenshot folder of the sidebar's screenshots, so what is there is this run's; other suites'
 * folders inside it (review/) are theirs to empty, as the suites may run at the same time.
 */
export async function clearScreenshots(): Promise<void> {
  const files = await readdir(SCREENSHOTS, { withFileTypes: true }).catch(() => []);
  await Promise.all(files.filter((f) => f.isFile() && f.name.endsWith('.png')).map((f) => rm(join(SCREENSHOTS, f.name), { force: true })));
  shot = 0;
}

/** A full-page screenshot, numbered in the order the steps ran. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  shot += 1;
  await page.screenshot({ path: `${SCREENSHOTS}/${String(shot).padStart(2, '0')}-${name}.png`, fullPage: true });
}
