/** Debian's Chromium for the browser tests: installed when missing (as root), launched with no network beyond 127.0.0.1. */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** The one command that installs it (Debian; never a browser downloaded by Playwright). */
export const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';

/**
 * No sandbox (root in a container), no GPU, no background traffic, and every host name but 127.0.0.1
 * unresolvable, so a page cannot reach anything off the machine.
 */
export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

const installed = () => {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * Makes sure /usr/bin/chromium is there: installs Debian's package when missing and this process may
 * (root with apt-get); otherwise fails with the command that installs it.
 */
export function ensureChromium(): string {
  if (installed()) return CHROMIUM;
  const canInstall = process.getuid?.() === 0 && (() => {
    try {
      execFileSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (canInstall) {
    execFileSync('sh', ['-c', INSTALL_COMMAND], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 600_000 });
    if (installed()) return CHROMIUM;
  }
  throw new Error(`Chromium is not installed at ${CHROMIUM}, and this test cannot install it. Install it with: ${INSTALL_COMMAND}`);
}

/**
 * Chromium, headless, with the project's launch flags.
 * @example const browser = await launchChromium(); try { … } finally { await browser.close(); }
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: ensureChromium(), headless: true, args: LAUNCH_ARGS });
}
