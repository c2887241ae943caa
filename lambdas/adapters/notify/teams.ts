/** Notifier port over a Teams Workflows (Power Automate) webhook that posts an Adaptive Card. */
import type { ChannelAddress, DigestMessage, NotificationMessage, Notifier } from '../../../shared/ports.js';
import { escapeCardText, safeHttpUrl } from './escape.js';
import { failureReason } from '../fetch-failure.js';

export interface TeamsNotifierOptions {
  /** @default 5000 */
  timeoutMs?: number;
}

type CardElement = Record<string, unknown>;

const SEVERITY_COLOR: Record<NotificationMessage['severity'], string> = { info: 'Default', warning: 'Warning', critical: 'Attention' };
/** A line such as "Owner: MSP NOC (msp)" reads best as a fact; anything else stays a paragraph. */
const FACT_LINE = /^([^:\n]{1,40}):\s+(\S[\s\S]*)$/;

const textBlock = (text: string, extra: CardElement = {}): CardElement => ({ type: 'TextBlock', text: escapeCardText(text), wrap: true, ...extra });

/** The card body: lines in order, consecutive "key: value" lines grouped into one FactSet. */
function bodyLines(lines: string[]): CardElement[] {
  const body: CardElement[] = [];
  let facts: { title: string; value: string }[] | null = null;
  for (const line of lines) {
    const match = FACT_LINE.exec(line);
    if (!match) {
      facts = null;
      body.push(textBlock(line));
      continue;
    }
    if (facts === null) {
      facts = [];
      body.push({ type: 'FactSet', facts });
    }
    facts.push({ title: escapeCardText(match[1] ?? ''), value: escapeCardText(match[2] ?? '') });
  }
  return body;
}

/** The webhook body around one Adaptive Card 1.4. */
const cardMessage = (body: CardElement[], actions: CardElement[]) => ({
  type: 'message',
  attachments: [{
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, actions },
  }],
});

/** A link as the card's only way to open it: Action.OpenUrl, for safe http(s) URLs only; titles are plain text. */
const openUrl = (links: Array<{ label: string; url: string }>): CardElement[] =>
  links.flatMap(({ url, label }) => {
    const safe = safeHttpUrl(url);
    return safe === null ? [] : [{ type: 'Action.OpenUrl', title: label.slice(0, 100), url: safe }];
  });

/**
 * The webhook body for the weekly digest: title and period, one fact per KPI (value, movement, target),
 * the worst breach, and a button to the review.
 */
export function teamsDigestPayload(digest: DigestMessage): Record<string, unknown> {
  const facts = digest.kpis.map((k) => ({
    title: escapeCardText(k.label),
    value: escapeCardText([`${k.value}${k.movement ? ` (${k.movement})` : ''}`, k.detail, k.target].filter((part) => part !== null).join(' · ')),
  }));
  const body: CardElement[] = [
    textBlock(digest.title, { weight: 'Bolder', size: 'Medium' }),
    textBlock(`${digest.period} · ${digest.comparedWith}`, { isSubtle: true, spacing: 'None' }),
    { type: 'FactSet', facts },
    digest.worstBreach === null
      ? textBlock('No escalation breached its SLA this week.', { color: 'Good' })
      : textBlock(`Worst of ${digest.breaches} breach${digest.breaches === 1 ? '' : 'es'}: ${digest.worstBreach}`, { color: 'Attention' }),
  ];
  return cardMessage(body, openUrl(digest.link ? [digest.link] : []));
}

/** The webhook body: one message with one Adaptive Card 1.4; links only as Action.OpenUrl with safe URLs. */
export function teamsPayload(message: NotificationMessage): Record<string, unknown> {
  const ticket = `Ticket #${message.ticketId}${message.subject ? `: ${message.subject}` : ''}`;
  const body: CardElement[] = [
    textBlock(`${message.severity.toUpperCase()}: ${message.title}`, { weight: 'Bolder', size: 'Medium', color: SEVERITY_COLOR[message.severity] }),
    textBlock(ticket, { isSubtle: true, spacing: 'None' }),
    ...bodyLines(message.lines),
  ];
  if (message.recipients.length > 0) {
    body.push(textBlock(`For: ${message.recipients.map((r) => `${r.name} (${r.party})`).join(', ')}`, { isSubtle: true }));
  }
  return cardMessage(body, openUrl(message.links));
}

export class TeamsNotifier implements Notifier {
  readonly kind = 'teams' as const;
  private readonly timeoutMs: number;

  constructor(options: TeamsNotifierOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  async send(address: ChannelAddress, message: NotificationMessage): Promise<void> {
    await this.post(address, teamsPayload(message));
  }

  async sendDigest(address: ChannelAddress, digest: DigestMessage): Promise<void> {
    await this.post(address, teamsDigestPayload(digest));
  }

  /** The address URL carries a secret `sig`: no error raised here names it or keeps the request as a cause. */
  private async post(address: ChannelAddress, body: Record<string, unknown>): Promise<void> {
    if (address.kind !== 'teams') throw new Error(`TeamsNotifier cannot send to a ${address.kind} address`);
    if (safeHttpUrl(address.url) === null) throw new Error('Teams webhook address is not an http(s) URL');
    let response: Response;
    try {
      response = await fetch(address.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // No cause on purpose: fetch's own errors may quote the URL, and the URL holds the secret sig.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`Teams webhook request failed: ${failureReason(error, this.timeoutMs)}`);
    }
    await response.body?.cancel();
    if (response.status === 429) {
      throw new Error(`Teams webhook rate limited (429); Retry-After: ${response.headers.get('retry-after') ?? 'unknown'} s`);
    }
    if (!response.ok) throw new Error(`Teams webhook answered ${response.status}`);
  }
}

