/** The Freshservice app's files as local mode reads them: its pages, manifest, request templates and iparams. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseRequestTemplates, TemplateRefusal, type Iparams, type RequestTemplate } from './request-templates.js';

/** The app's folder in this repository (the FDK's project root). */
export const APP_DIR = fileURLToPath(new URL('../../../freshservice-app/', import.meta.url));
/** Where crayons is installed; local mode serves it instead of the CDN. */
export const CRAYONS_DIR = fileURLToPath(new URL('../../../node_modules/@freshworks/crayons/', import.meta.url));

/** What the installation knows for local mode: the first tenant's key and webhook secret, and this server's host. */
export interface Installation {
  /** `127.0.0.1:<port>`: the API as the app's `baton_host` iparam names it. */
  batonHost: string;
  apiKey: string;
  webhookSecret: string;
}

export interface AppConfig {
  templates: Record<string, RequestTemplate>;
  /** The templates manifest.json lists (modules.common.requests). */
  declared: ReadonlySet<string>;
  /** Every iparam as text, for substitution. */
  iparams: Iparams;
  /** What `client.iparams.get()` answers: the non-secure iparams, with their JSON types (a checkbox is a boolean). */
  publicIparams: Record<string, unknown>;
}

interface IparamField {
  secure?: boolean;
  default_value?: unknown;
}

/** The values local mode gives the iparams the app declares (a declared one it cannot fill gets its default, or ""). */
const LOCAL_VALUES: Record<string, (i: Installation) => string> = {
  baton_host: (i) => i.batonHost,
  baton_api_key: (i) => i.apiKey,
  baton_webhook_secret: (i) => i.webhookSecret,
};

async function readJson(relative: string): Promise<unknown> {
  const path = `freshservice-app/${relative}`;
  let text: string;
  try {
    text = await readFile(APP_DIR + relative, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new TemplateRefusal(`${path} is missing`);
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TemplateRefusal(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The pages the manifest places outside any ticket (`modules.common.location.full_page_app`, relative to
 * app/): the stand-in gives them an agent and no ticket, as Freshservice does. None when the manifest is unreadable.
 * @example await fullPageApps() // Set {'review.html'}
 */
export async function fullPageApps(): Promise<ReadonlySet<string>> {
  const manifest = (await readJson('manifest.json').catch(() => null)) as { modules?: { common?: { location?: { full_page_app?: { url?: unknown } } } } } | null;
  const url = manifest?.modules?.common?.location?.full_page_app?.url;
  return new Set(typeof url === 'string' ? [url] : []);
}

/**
 * Reads the app's request templates and iparams afresh (an edit shows on the next call, as with `fdk run`),
 * and the templates the manifest declares.
 * @throws TemplateRefusal naming the file that is missing or wrong
 */
export async function readAppConfig(installation: Installation): Promise<AppConfig> {
  const [requests, iparamsJson, manifest] = await Promise.all([readJson('config/requests.json'), readJson('config/iparams.json'), readJson('manifest.json')]);
  const fields = (typeof iparamsJson === 'object' && iparamsJson !== null ? iparamsJson : {}) as Record<string, IparamField>;
  const values: Record<string, string> = {};
  const typed: Record<string, unknown> = {};
  const publicValues: Record<string, unknown> = {};
  const secure = new Set<string>();
  for (const [name, field] of Object.entries(fields)) {
    const local = LOCAL_VALUES[name];
    typed[name] = local ? local(installation) : (field.default_value ?? '');
    values[name] = String(typed[name]);
    if (field.secure === true) secure.add(name);
    else publicValues[name] = typed[name];
  }
  const listed = (manifest as { modules?: { common?: { requests?: Record<string, unknown> } } }).modules?.common?.requests ?? {};
  return { templates: parseRequestTemplates(requests), declared: new Set(Object.keys(listed)), iparams: { values, secure }, publicIparams: publicValues };
}
