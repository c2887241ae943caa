/** Escaping for every format a notification is rendered in: user text is never trusted as markup. */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for HTML element content or a quoted attribute value.
 * @example escapeHtml('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const ZWSP = '\u200B';

/**
 * Text for a Slack mrkdwn text object. `&`, `<` and `>` are Slack's control characters and become
 * entities (so `<!channel>` or `<https://x|y>` cannot be injected). Slack has no escape for its
 * formatting marks (`*`, `_`, `~`, `` ` ``; a backslash stays visible), so each one is fenced with
 * zero-width spaces, which breaks the word-boundary rule formatting needs; a leading `>` (quote) too.
 * @example escapeSlack('<!channel> *now*') // '&lt;!channel&gt; \u200B*\u200Bnow\u200B*\u200B'
 */
export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`]/g, (c) => `${ZWSP}${c}${ZWSP}`)
    .replace(/^(\s*)&gt;/gm, `$1${ZWSP}&gt;`);
}

/**
 * Text for an Adaptive Card TextBlock or Fact, which render a CommonMark subset (bold, italic, lists,
 * `[title](url)` links): markdown punctuation is backslash-escaped so user text shows literally and
 * cannot make a link; line-leading list and heading markers too.
 * @example escapeCardText('[click](javascript:alert(1))') // '\\[click\\](javascript:alert(1))'
 */
export function escapeCardText(text: string): string {
  return text
    .replace(/[\\`*_[\]~<>|{}]/g, '\\$&')
    .replace(/^(\s*)([-+#])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/**
 * The URL, normalised, when it is an absolute http(s) URL without credentials; otherwise null.
 * Anything a user wrote (`javascript:`, `data:`, relative paths, `https://bank@evil.example`) is refused.
 * @example safeHttpUrl('https://kb.example.com/a b') // 'https://kb.example.com/a%20b'
 * @example safeHttpUrl('javascript:alert(1)') // null
 */
export function safeHttpUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return null;
  return parsed.href;
}
