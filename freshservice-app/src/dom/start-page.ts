/** How each page of the app starts: waits for the FDK client, or says in place why it could not (never a blank page). */
import type { FdkClient } from '../fdk.js';

declare const app: { initialized(): Promise<FdkClient> } | undefined;

function showStartFailure(root: HTMLElement, message: string): void {
  root.dataset.phase = 'error';
  const section = document.createElement('section');
  section.className = 'error';
  section.dataset.test = 'error';
  const text = document.createElement('p');
  text.dataset.test = 'error-message';
  text.textContent = message;
  section.append(text);
  root.replaceChildren(section);
}

/**
 * Runs `ready` with the page's root element and the FDK client once the platform has started it.
 * @example void startPage('baton', (root, client) => new Sidebar(root, client, zone));
 */
export async function startPage(rootId: string, ready: (root: HTMLElement, client: FdkClient) => void): Promise<void> {
  const root = document.getElementById(rootId);
  if (!root) return;
  if (typeof app === 'undefined') return showStartFailure(root, 'The Freshservice app client did not load; reload the page.');
  let client: FdkClient;
  try {
    client = await app.initialized();
  } catch {
    return showStartFailure(root, 'The Freshservice app client did not start; reload the page.');
  }
  ready(root, client);
}
