import { describe, expect, it } from 'vitest';
import { escapeCardText, escapeHtml, escapeSlack, safeHttpUrl } from '../../lambdas/adapters/notify/escape.js';

const ZWSP = '\u200B';

describe('escapeHtml', () => {
  it('turns the five HTML special characters into entities', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes an ampersand once, so existing entities show literally', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('leaves ordinary text unchanged', () => {
    expect(escapeHtml('Owner: MSP NOC (msp) — 75 %')).toBe('Owner: MSP NOC (msp) — 75 %');
  });
});

describe('escapeSlack', () => {
  it('turns Slack control characters into entities so mentions and links cannot be injected', () => {
    expect(escapeSlack('<!channel> & <https://evil.example|bank>')).toBe('&lt;!channel&gt; &amp; &lt;https://evil.example|bank&gt;');
  });

  it('fences formatting marks with zero-width spaces so they show literally', () => {
    expect(escapeSlack('*bold* _it_ ~x~ `c`')).toBe(
      `${ZWSP}*${ZWSP}bold${ZWSP}*${ZWSP} ${ZWSP}_${ZWSP}it${ZWSP}_${ZWSP} ${ZWSP}~${ZWSP}x${ZWSP}~${ZWSP} ${ZWSP}\`${ZWSP}c${ZWSP}\`${ZWSP}`,
    );
  });

  it('keeps a line-leading greater-than sign from becoming a quote', () => {
    expect(escapeSlack('> quoted\nnext')).toBe(`${ZWSP}&gt; quoted\nnext`);
  });

  it('leaves ordinary text unchanged', () => {
    expect(escapeSlack('Owner: MSP NOC (msp)')).toBe('Owner: MSP NOC (msp)');
  });
});

describe('escapeCardText', () => {
  it('escapes the brackets of a markdown link so it is not rendered as a link', () => {
    expect(escapeCardText('[click](javascript:alert(1))')).toBe('\\[click\\](javascript:alert(1))');
  });

  it('escapes emphasis marks and angle brackets', () => {
    expect(escapeCardText('**bold** _it_ <https://x>')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\<https://x\\>');
  });

  it('escapes list and heading markers at the start of a line only', () => {
    expect(escapeCardText('- a\n1. b\n# c\nx - y 2. z')).toBe('\\- a\n1\\. b\n\\# c\nx - y 2. z');
  });

  it('leaves ordinary text unchanged', () => {
    expect(escapeCardText('Owner: MSP NOC (msp)')).toBe('Owner: MSP NOC (msp)');
  });
});

describe('safeHttpUrl', () => {
  it('accepts an https URL and returns it normalised', () => {
    expect(safeHttpUrl(' https://kb.example.com/a b?q=1 ')).toBe('https://kb.example.com/a%20b?q=1');
  });

  it('accepts an http URL', () => {
    expect(safeHttpUrl('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080/x');
  });

  it.each(['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'ftp://x.example', 'file:///etc/passwd'])(
    'refuses the %s scheme',
    (url) => {
      expect(safeHttpUrl(url)).toBeNull();
    },
  );

  it('refuses relative and malformed URLs', () => {
    expect(safeHttpUrl('/tickets/1')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
  });

  it('refuses URLs with credentials that disguise the real host', () => {
    expect(safeHttpUrl('https://bank.example@evil.example/')).toBeNull();
  });
});
