/** Links on the review page: the sidebar's, marked when their text is the address itself, so print does not repeat it. */
import { link } from '../../dom/h.js';

/**
 * A link that opens outside the app (http(s) only, as the sidebar's); print writes its address after its
 * text unless the text is the address.
 * @example urlLink('https://kb.example.com/triage', 'https://kb.example.com/triage', 'rule-runbook')
 */
export function urlLink(url: string, text: string, test: string): HTMLElement {
  const el = link(url, text, test);
  if (text === url) el.classList.add('url');
  return el;
}
