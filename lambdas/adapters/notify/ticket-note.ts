/** Notifier port that writes the notification as a private note on the Freshservice ticket. */
import type { ChannelAddress, NotificationMessage, Notifier, TicketSystem } from '../../../shared/ports.js';
import { escapeHtml, safeHttpUrl } from './escape.js';

const SEVERITY_LABEL: Record<NotificationMessage['severity'], string> = { info: 'Info', warning: 'Warning', critical: 'Critical' };

/**
 * The note's HTML: every piece of user text escaped, links only with safe http(s) URLs.
 * @example ticketNoteHtml(message) // '<p><strong>[Warning] SLA at 75%</strong></p><ul><li>Owner: MSP NOC (msp)</li></ul>'
 */
export function ticketNoteHtml(message: NotificationMessage): string {
  const parts = [`<p><strong>[${SEVERITY_LABEL[message.severity]}] ${escapeHtml(message.title)}</strong></p>`];
  if (message.lines.length > 0) {
    parts.push(`<ul>${message.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`);
  }
  const links = message.links.flatMap(({ url, label }) => {
    const safe = safeHttpUrl(url);
    return safe === null ? [] : [`<a href="${escapeHtml(safe)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>`];
  });
  if (links.length > 0) parts.push(`<p>${links.join(' · ')}</p>`);
  if (message.recipients.length > 0) {
    parts.push(`<p><em>For: ${message.recipients.map((r) => escapeHtml(`${r.name} (${r.party})`)).join(', ')}</em></p>`);
  }
  return parts.join('');
}

export class TicketNoteNotifier implements Notifier {
  readonly kind = 'ticket-note' as const;

  /** `ticketSystem` finds the message's tenant's Freshservice: each tenant's notes go to its own desk. */
  constructor(private readonly ticketSystem: (tenant: string) => Promise<TicketSystem | null>) {}

  async send(address: ChannelAddress, message: NotificationMessage): Promise<void> {
    if (address.kind !== 'ticket-note') throw new Error(`TicketNoteNotifier cannot send to a ${address.kind} address`);
    const tickets = await this.ticketSystem(message.tenant);
    if (!tickets) throw new Error(`Tenant ${message.tenant} has no Freshservice connection for ticket notes`);
    await tickets.addPrivateNote(address.ticketId, ticketNoteHtml(message));
  }
}
