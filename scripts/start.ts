/** `npm start`: Baton on this machine, embedded store, no cloud account. */
import { readLocalConfig } from '../lambdas/local/config.js';
import { startBaton } from '../lambdas/local/baton.js';
import { consoleLog } from '../lambdas/local/console-log.js';
import { keyTable } from '../lambdas/local/local-keys.js';
import { ensureReviewBundle, ensureSidebarBundle } from '../lambdas/local/fdk/sidebar-bundle.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The data folder holds key hashes, secrets and ticket text: everything this process creates is its owner's only.
process.umask(0o077);

const log = consoleLog(process.env.BATON_LOG === 'debug' ? 'debug' : 'info');
try {
  const config = readLocalConfig(process.env);
  // The API runs whatever state the app's sources are in; a page that does not build is said so, not fatal.
  for (const [what, file, ensure] of [
    ['sidebar', 'sidebar.js', ensureSidebarBundle],
    ['review page', 'review.js', ensureReviewBundle],
  ] as const) {
    await ensure().then(
      (built) => built && log.info(`Built the Freshservice ${what} (freshservice-app/app/scripts/${file}) from its sources`),
      (error: unknown) => log.warn(`The Freshservice ${what} could not be built (npm run app:build shows why); it will not open under /app/: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`),
    );
  }
  const baton = await startBaton(config, log);
  const first = baton.tenants[0]!;
  const tenants = [...new Set(baton.tenants.map((t) => t.tenant))];
  const manual = config.BATON_CLOCK === 'manual';
  console.log(`
Baton is running at ${baton.url}  (data in ${config.BATON_DATA_DIR}, clock: ${manual ? `manual, at ${baton.clock.now().toISOString()}` : 'system'})

  The sidebar in a browser: ${baton.appUrl}  (pick a ticket and an agent; it acts for tenant ${first.tenant})
  The weekly review:        ${baton.appUrl}review.html?agent=<a coordinator or approver, listed there>

  Tenant${tenants.length > 1 ? 's' : ''}: ${tenants.join(', ')}${first.generated ? `
  Demo API key: ${first.key}     (kept in ${config.BATON_DATA_DIR}/demo-api-key)` : ''}
  Webhook secrets (X-Baton-Webhook-Secret; set BATON_WEBHOOK_SECRETS, or the generated ones are kept in ${config.BATON_DATA_DIR}/webhook-secret-<tenant>):
${Object.entries(baton.webhookSecrets).map(([tenant, secret]) => `    ${tenant}: ${config.BATON_WEBHOOK_SECRETS[tenant] ? '(configured)' : secret}`).join('\n')}
  Keys that work, by tenant (label them in BATON_API_KEYS as "tenant:key label"):
${keyTable(baton.keys)}
  Notifications: ${baton.notificationsFile}

Try it:
  export BATON=${baton.url} KEY=${first.generated ? first.key : '<your key>'}
  curl -s $BATON/v1/matrix -H "Authorization: Bearer $KEY"
  curl -s $BATON/v1/escalations -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \\
    -d '{"ticketId":"4521","subject":"Branch VPN down","incidentType":"network","impactTier":1,"actor":{"id":"agent-anna"}}'
${manual ? '  curl -s $BATON/v1/dev/clock -H "Authorization: Bearer $KEY" -H \'Content-Type: application/json\' -d \'{"advanceMinutes":60}\'\n' : ''}
The README walks through a whole escalation. Stop with Ctrl+C.
`);
  const stop = async () => {
    await baton.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
