/** The review page's entry point (the FDK full_page_app): waits for the app client, then loads on every `app.activated`. */
import type { FdkClient } from '../fdk.js';
import { ReviewPage } from './dom/review-page.js';
import { showStartFailure } from '../dom/fail.js';

declare const app: { initialized(): Promise<FdkClient> } | undefined;

/** Print every breached escalation's handoff chain, not only the ones a reader happened to open. */
function openDetailsForPrint(): void {
  let opened: HTMLDetailsElement[] = [];
  window.addEventListener('beforeprint', () => {
    opened = [...document.querySelectorAll('details:not([open])')] as HTMLDetailsElement[];
    for (const d of opened) d.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const d of opened) d.open = false;
    opened = [];
  });
}

async function start(): Promise<void> {
  const root = document.getElementById('review');
  if (!root) return;
  if (typeof app === 'undefined') return showStartFailure(root, 'The Freshservice app client did not load; reload the page.');
  let client: FdkClient;
  try {
    client = await app.initialized();
  } catch {
    return showStartFailure(root, 'The Freshservice app client did not start; reload the page.');
  }
  openDetailsForPrint();
  const page = new ReviewPage(root, client, navigator.language || undefined);
  client.events.on('app.activated', () => void page.activate());
}

void start();
