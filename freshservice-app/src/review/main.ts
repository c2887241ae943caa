/** The review page's entry point (the FDK full_page_app): waits for the app client, then loads on every `app.activated`. */
import { ReviewPage } from './dom/review-page.js';
import { startPage } from '../dom/start-page.js';

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

void startPage('review', (root, client) => {
  openDetailsForPrint();
  const page = new ReviewPage(root, client, navigator.language || undefined);
  client.events.on('app.activated', () => void page.activate());
});
