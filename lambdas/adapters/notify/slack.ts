/** Notifier port over Slack's Web API (chat.postMessage with a bot token and Block Kit). */
import type { ChannelAddress, DigestMessage, NotificationMessage, Notifier } from '../../../shared/ports.js';
import { escapeSlack, safeHttpUrl } from './escape.js';
import { failureReason } from '../fetch-failure.js';

export interface SlackNotifierOptions {
  /** Bot token (xoxb-…) with chat:write; never appears in an error. */
  token: string;
  /** @default 'https://slack.com/api' */
  apiBaseUrl?: string;
  /** @default 5000 */
  timeoutMs?: number;
}

const SEVERITY_ICON: Record<NotificationMessage['severity'], string> = {
  info: ':information_source:',
  warning: ':warning:',
  critical: ':rotating_light:',
};
/** Slack refuses section texts over 3000 characters and context blocks over 10 elements. */
const MAX_TEXT = 3000;
const MAX_CONTEXT_ELEMENTS = 10;

const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);
/** One fact as a bullet; the rest of a multi-line field quoted under it, so its text cannot pose as facts of its own. */
function bulleted(line: string): string {
  const [first = '', ...rest] = escapeSlack(line).split(/\r?\n/);
  return [`• ${first}`, ...rest.map((more) => `> ${more}`)].join('\n');
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: clip(text), verbatim: true });

/** A link Slack can render: `|` and `>` would end the URL part early, so they are percent-encoded. */
function slackLink(url: string, label: string): string {
  const href = url.replace(/&/g, '&amp;').replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C');
  return `<${href}|${escapeSlack(label)}>`;
}

/** The chat.postMessage body for one message: Block Kit plus the plain `text` fallback for notifications. */
export function slackPayload(channel: string, message: NotificationMessage): Record<string, unknown> {
  const severity = message.severity.toUpperCase();
  const ticket = `Ticket #${escapeSlack(message.ticketId)}${message.subject ? `: ${escapeSlack(message.subject)}` : ''}`;
  const blocks: Record<string, unknown>[] = [
    { type: 'section', text: mrkdwn(`${SEVERITY_ICON[message.severity]} *${severity}* ${escapeSlack(message.title)}`) },
    { type: 'context', elements: [mrkdwn(ticket)] },
  ];
  if (message.lines.length > 0) {
    blocks.push({ type: 'section', text: mrkdwn(message.lines.map(bulleted).join('\n')) });
  }
  const links = message.links.flatMap(({ url, label }) => {
    const safe = safeHttpUrl(url);
    return safe === null ? [] : [mrkdwn(slackLink(safe, label))];
  });
  if (links.length > 0) blocks.push({ type: 'context', elements: links.slice(0, MAX_CONTEXT_ELEMENTS) });
  const text = clip(`${severity}: ${escapeSlack(message.title)} (ticket #${escapeSlack(message.ticketId)})`);
  return { channel, text, blocks, unfurl_links: false, unfurl_media: false };
}

/** Slack refuses a header over 150 characters and a section with more than 10 fields. */
const MAX_HEADER = 150;
const MAX_FIELDS = 10;

/**
 * The chat.postMessage body for the weekly digest: a header, the period, one field per KPI (value,
 * movement, target), the worst breach, and a button to the review.
 */
export function slackDigestPayload(channel: string, digest: DigestMessage): Record<string, unknown> {
  const fields = digest.kpis.slice(0, MAX_FIELDS).map((k) =>
    mrkdwn([`*${escapeSlack(k.label)}*`, `${escapeSlack(k.value)}${k.movement ? ` (${escapeSlack(k.movement)})` : ''}`, ...(k.detail ? [escapeSlack(k.detail)] : []), ...(k.target ? [`_${escapeSlack(k.target)}_`] : [])].join('\n')),
  );
  const breach = digest.worstBreach === null ? ':white_check_mark: No escalation breached its SLA this week.' : `:rotating_light: *Worst of ${digest.breaches} breach${digest.breaches === 1 ? '' : 'es'}:* ${escapeSlack(digest.worstBreach)}`;
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: digest.title.slice(0, MAX_HEADER), emoji: false } },
    { type: 'context', elements: [mrkdwn(`${escapeSlack(digest.period)} · ${escapeSlack(digest.comparedWith)}`)] },
    { type: 'section', fields },
    { type: 'section', text: mrkdwn(breach) },
  ];
  const link = digest.link === null ? null : safeHttpUrl(digest.link.url);
  if (digest.link !== null && link !== null) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: digest.link.label.slice(0, 75) }, url: link, action_id: 'open-review' }] });
  }
  const text = clip(`${escapeSlack(digest.title)}: ${digest.kpis.map((k) => `${escapeSlack(k.label)} ${escapeSlack(k.value)}`).join(', ')}`);
  return { channel, text, blocks, unfurl_links: false, unfurl_media: false };
}

export class SlackNotifier implements Notifier {
  readonly kind = 'slack' as const;
  private readonly token: string;
  private readonly endpoint: string;
  private readonly timeoutMs: number;

  constructor(options: SlackNotifierOptions) {
    this.token = options.token;
    this.endpoint = `${(options.apiBaseUrl ?? 'https://slack.com/api').replace(/\/+$/, '')}/chat.postMessage`;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async send(address: ChannelAddress, message: NotificationMessage): Promise<void> {
    if (address.kind !== 'slack') throw new Error(`SlackNotifier cannot send to a ${address.kind} address`);
    await this.post(slackPayload(address.channel, message));
  }

  async sendDigest(address: ChannelAddress, digest: DigestMessage): Promise<void> {
    if (address.kind !== 'slack') throw new Error(`SlackNotifier cannot send to a ${address.kind} address`);
    await this.post(slackDigestPayload(address.channel, digest));
  }

  private async post(body: Record<string, unknown>): Promise<void> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new Error(`Slack chat.postMessage failed: ${failureReason(error, this.timeoutMs)}`, { cause: error });
    }
    if (response.status === 429) {
      await response.body?.cancel();
      throw new Error(`Slack chat.postMessage rate limited (429); Retry-After: ${response.headers.get('retry-after') ?? 'unknown'} s`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`Slack chat.postMessage answered ${response.status}`);
    }
    const answer = (await response.json().catch(() => null)) as { ok?: unknown; error?: unknown } | null;
    if (answer?.ok !== true) {
      const reason = typeof answer?.error === 'string' ? answer.error : 'unreadable answer';
      throw new Error(`Slack chat.postMessage refused the message: ${reason}`);
    }
  }
}

