/** config/iparams.json: field types and keys as platform 3.0 accepts them. */
import { isObject, type Finding } from './finding.js';

const FILE = 'config/iparams.json';
export const IPARAM_TYPES = ['text', 'paragraph', 'dropdown', 'multiselect', 'email', 'number', 'phone_number', 'date', 'url', 'radio', 'checkbox'] as const;
/** Keys 3.0 refuses (they worked in 2.x). */
const REJECTED_KEYS = ['type_attributes', 'data-bind'];
const NEEDS_OPTIONS = new Set(['dropdown', 'multiselect', 'radio']);

/**
 * The iparams' findings, and which names exist and which are secure (for the templates' check).
 * @example checkIparams({baton_api_key: {display_name: 'Key', type: 'text', secure: true}}).secure // Set {'baton_api_key'}
 */
export function checkIparams(iparams: unknown): { findings: Finding[]; names: Set<string>; secure: Set<string> } {
  const findings: Finding[] = [];
  const names = new Set<string>();
  const secure = new Set<string>();
  if (!isObject(iparams)) return { findings: [{ file: FILE, rule: 'iparam-shape', message: 'config/iparams.json must be an object of named fields' }], names, secure };
  for (const [name, field] of Object.entries(iparams)) {
    names.add(name);
    const add = (rule: string, message: string) => findings.push({ file: FILE, rule, message: `${name}: ${message}` });
    if (!isObject(field)) {
      add('iparam-shape', 'each iparam is an object');
      continue;
    }
    if (field.secure === true) secure.add(name);
    if (typeof field.display_name !== 'string' || field.display_name.trim() === '') add('iparam-display-name', 'display_name is required');
    if (!(IPARAM_TYPES as readonly unknown[]).includes(field.type)) add('iparam-type', `type ${JSON.stringify(field.type)} is not one of ${IPARAM_TYPES.join(', ')}`);
    for (const key of REJECTED_KEYS) if (key in field) add('iparam-key', `"${key}" is rejected in platform 3.0`);
    if (NEEDS_OPTIONS.has(String(field.type)) && (!Array.isArray(field.options) || field.options.length === 0)) add('iparam-options', `a ${String(field.type)} needs a non-empty "options" list`);
  }
  return { findings, names, secure };
}
