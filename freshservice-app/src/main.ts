/** The sidebar's entry point: waits for the FDK client, then loads on every `app.activated` (the platform fires it each time the sidebar opens). */
import type { FdkClient } from './fdk.js';
import { Sidebar } from './dom/sidebar.js';
import { showStartFailure } from './dom/fail.js';

declare const app: { initialized(): Promise<FdkClient> } | undefined;

async function start(): Promise<void> {
  const root = document.getElementById('baton');
  if (!root) return;
  if (typeof app === 'undefined') return showStartFailure(root, 'The Freshservice app client did not load; reload the page.');
  let client: FdkClient;
  try {
    client = await app.initialized();
  } catch {
    return showStartFailure(root, 'The Freshservice app client did not start; reload the page.');
  }
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const sidebar = new Sidebar(root, client, zone, navigator.language || undefined);
  client.events.on('app.activated', () => void sidebar.activate());
  client.events.on('app.deactivated', () => sidebar.deactivate());
}

void start();
