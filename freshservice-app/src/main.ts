/** The sidebar's entry point: loads on every `app.activated` (the platform fires it each time the sidebar opens). */
import { Sidebar } from './dom/sidebar.js';
import { startPage } from './dom/start-page.js';

void startPage('baton', (root, client) => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const sidebar = new Sidebar(root, client, zone, navigator.language || undefined);
  client.events.on('app.activated', () => void sidebar.activate());
  client.events.on('app.deactivated', () => sidebar.deactivate());
});
