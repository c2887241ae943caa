/** Notifier port for local mode: one JSON line per notification in a file a person (or a test) can read. */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ChannelAddress, Clock, NotificationMessage, Notifier } from '../../../shared/ports.js';

/** One line of the outbox file. */
export interface OutboxFileLine {
  at: string;
  tenant: string;
  ticketId: string;
  eventType: NotificationMessage['eventType'];
  seq: number;
  severity: NotificationMessage['severity'];
  title: string;
  lines: string[];
  links: NotificationMessage['links'];
  recipients: NotificationMessage['recipients'];
}

export class OutboxFileNotifier implements Notifier {
  readonly kind = 'outbox-file' as const;
  private folderReady: Promise<unknown> | null = null;

  constructor(private readonly path: string, private readonly clock: Clock) {}

  async send(address: ChannelAddress, message: NotificationMessage): Promise<void> {
    if (address.kind !== 'outbox-file') throw new Error(`OutboxFileNotifier cannot send to a ${address.kind} address`);
    const { tenant, ticketId, eventType, seq, severity, title, lines, links, recipients } = message;
    const line: OutboxFileLine = { at: this.clock.now().toISOString(), tenant, ticketId, eventType, seq, severity, title, lines, links, recipients };
    this.folderReady ??= mkdir(dirname(this.path), { recursive: true });
    try {
      await this.folderReady;
    } catch (error) {
      this.folderReady = null; // let the next attempt try again
      throw error;
    }
    // One appendFile per line: a line is written whole, so concurrent sends never interleave inside one.
    await appendFile(this.path, `${JSON.stringify(line)}\n`, 'utf8');
  }
}
