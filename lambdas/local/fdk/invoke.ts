/** One front-end `invokeTemplate` as the platform serves it: the account's quota, the app's templates, the call. */
import type { AppRateLimit } from './app-rate-limit.js';
import { readAppConfig, type Installation } from './app-files.js';
import { resolveTemplate, TemplateRefusal, type TemplateCall } from './request-templates.js';
import { sendResolved, type SendOptions, type TemplateOutcome } from './send-request.js';

export interface InvokeEnvironment {
  installation: Installation;
  limit: AppRateLimit;
  /** The account whose quota the call spends (local mode: the first tenant). */
  account: string;
  send?: SendOptions;
}

const refused = (status: number, response: string, attempts: number): TemplateOutcome => ({ ok: false, rejection: { status, headers: {}, response, errorSource: 'APP', attempts } });

/**
 * Runs template `name` for the app; never throws. A refused template or call answers 400 with the reason
 * (what `fdk run` prints for it), a spent quota 429.
 * @example await invokeAsApp('getEscalation', { context: { ticketId: '4521' } }, env)
 */
export async function invokeAsApp(name: string, call: TemplateCall, env: InvokeEnvironment): Promise<TemplateOutcome> {
  if (!env.limit.take(env.account)) {
    return refused(429, `The app has made more than ${env.limit.callsPerMinute} request-template calls in a minute for this account; try again in a minute`, 0);
  }
  try {
    const config = await readAppConfig(env.installation);
    if (!config.declared.has(name)) throw new TemplateRefusal(`Request template "${name}" is not defined in manifest (modules.common.requests)`);
    return await sendResolved(resolveTemplate(config.templates, name, call, config.iparams), env.send);
  } catch (error) {
    if (error instanceof TemplateRefusal) return refused(400, error.message, 0);
    throw error;
  }
}
