/** Notifier port for local mode: one JSON line per notification in a file a person (or a test) can read. */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
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
  /** Opened once for appending: opening the file per line cost more than writing it. */
  private file: Promise<FileHandle> | null = null;

  constructor(private readonly path: string, private readonly clock: Clock) {}

  async send(address: ChannelAddress, message: NotificationMessage): Promise<void> {
    if (address.kind !== 'outbox-file') throw new Error(`OutboxFileNotifier cannot send to a ${address.kind} address`);
    const { tenant, ticketId, eventType, seq, severity, title, lines, links, recipients } = message;
    const line: OutboxFileLine = { at: this.clock.now().toISOString(), tenant, ticketId, eventType, seq, severity, title, lines, links, recipients };
    this.file ??= mkdir(dirname(this.path), { recursive: true }).then(() => open(this.path, 'a'));
    let file: FileHandle;
    try {
      file = await this.file;
    } catch (error) {
      this.file = null; // let the next attempt try again
      throw error;
    }
    // One write per line on an append-only handle: concurrent sends never interleave inside a line.
    await file.write(`${JSON.stringify(line)}\n`);
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = null;
    await (await file?.catch(() => null))?.close();
  }
}
