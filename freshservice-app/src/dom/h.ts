/** The one way the sidebar makes DOM: attributes set one by one and text as text nodes, never parsed HTML. */

export type Child = Node | string | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined;

/**
 * An element with attributes (false/null/undefined left out, true as an empty attribute), event listeners
 * from `on`, and children (strings become text nodes, so user text is never markup).
 * @example h('p', {'data-test': 'notice'}, 'Handoff sent to ', teamName)
 */
export function h(tag: string, attrs: Record<string, AttrValue> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Adds listeners and returns the element, so a tree reads top-down. */
export function on<E extends HTMLElement>(el: E, listeners: Record<string, (event: Event) => void>): E {
  for (const [type, listener] of Object.entries(listeners)) el.addEventListener(type, listener);
  return el;
}

/** A link that opens outside the sidebar; only http(s) targets (anything else is shown as text). */
export function link(url: string, text: string, test: string): HTMLElement {
  return /^https?:\/\//i.test(url) ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', 'data-test': test }, text) : h('span', { 'data-test': test }, text);
}
