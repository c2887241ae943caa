/** The tenant administration commands as data, and the one place that runs each; `scripts/tenant.ts` parses them. */
import type { KeyScope } from '../../shared/ports.js';
import { unreachable } from '../../shared/unreachable.js';
import type { AdminDeps } from './deps.js';
import { connectFreshservice } from './freshservice.js';
import { addKey, listKeys, revokeKey, rotateKey, rotateWebhookSecret } from './keys.js';
import { activateMatrix } from './matrix.js';
import { createTenant, listTenants } from './tenants.js';

export type TenantCommand =
  | { command: 'create'; tenant: string; label: string; smoke: boolean }
  | { command: 'tenants' }
  | { command: 'add-key'; tenant: string; scope: Exclude<KeyScope, 'webhook'>; label: string }
  | { command: 'keys'; tenant: string }
  | { command: 'revoke'; tenant: string; keyId: string }
  | { command: 'rotate'; tenant: string; keyId: string; overlapHours: number }
  | { command: 'webhook-secret'; tenant: string; overlapHours: number }
  | { command: 'connect-freshservice'; tenant: string; domain: string; check: boolean }
  | { command: 'matrix'; tenant: string; file: string; replace: boolean };

/** What a command needs besides its arguments: the stage's API URL (for the smoke test's hint), and the Freshservice API key (read from stdin, never argv). */
export interface CommandContext {
  apiUrl: string | null;
  readApiKey(): Promise<string>;
}

/**
 * Runs one command; answers what to print.
 * @example await runTenantCommand(deps, { command: 'keys', tenant: 'acme' }, context)
 */
export async function runTenantCommand(deps: AdminDeps, command: TenantCommand, context: CommandContext): Promise<string> {
  switch (command.command) {
    case 'create':
      return createTenant(deps, { ...command, apiUrl: context.apiUrl });
    case 'tenants':
      return listTenants(deps);
    case 'add-key':
      return addKey(deps, command);
    case 'keys':
      return listKeys(deps, command);
    case 'revoke':
      return revokeKey(deps, command);
    case 'rotate':
      return rotateKey(deps, command);
    case 'webhook-secret':
      return rotateWebhookSecret(deps, command);
    case 'connect-freshservice':
      return connectFreshservice(deps, { ...command, readApiKey: context.readApiKey });
    case 'matrix':
      return activateMatrix(deps, command);
    default:
      return unreachable(command);
  }
}
