/** Notifier port for local mode: one JSON line per notification in a file a person (or a test) can read. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ChannelAddress, Clock, DigestMessage, NotificationMessage, Notifier } from '../../../shared/ports.js';

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

/** A weekly digest's line in the outbox file. */
export interface OutboxFileDigestLine {
  at: string;
  tenant: string;
  digest: DigestMessage;
}

export class OutboxFileNotifier implements Notifier {
  readonly kind = 'outbox-file' as const;
  /** One append stream: it gathers lines written in the same moment into one write. */
  private stream: Promise<WriteStream> | null = null;

  constructor(private readonly path: string, private readonly clock: Clock) {}

  async send(address: ChannelAddress, message: NotificationMessage): Promise<void> {
    if (address.kind !== 'outbox-file') throw new Error(`OutboxFileNotifier cannot send to a ${address.kind} address`);
    const { tenant, ticketId, eventType, seq, severity, title, lines, links, recipients } = message;
    const line: OutboxFileLine = { at: this.clock.now().toISOString(), tenant, ticketId, eventType, seq, severity, title, lines, links, recipients };
    await this.append(line);
  }

  async sendDigest(address: ChannelAddress, digest: DigestMessage): Promise<void> {
    if (address.kind !== 'outbox-file') throw new Error(`OutboxFileNotifier cannot send to a ${address.kind} address`);
    const line: OutboxFileDigestLine = { at: this.clock.now().toISOString(), tenant: digest.tenant, digest };
    await this.append(line);
  }

  private async append(line: OutboxFileLine | OutboxFileDigestLine): Promise<void> {
    this.stream ??= mkdir(dirname(this.path), { recursive: true }).then(() => {
      const opened = createWriteStream(this.path, { flags: 'a', mode: 0o600 });
      // A failed stream is done for: the failing send reports it, and the next one opens a new stream.
      opened.on('error', () => {
        if (this.stream !== null) this.stream = null;
      });
      return opened;
    });
    let stream: WriteStream;
    try {
      stream = await this.stream;
    } catch (error) {
      this.stream = null; // let the next attempt try again
      throw error;
    }
    // Each line is one write to an append-only stream: lines never interleave, and the callback says it reached the file.
    await new Promise<void>((resolve, reject) => stream.write(`${JSON.stringify(line)}\n`, (error) => (error ? reject(error) : resolve())));
  }

  async close(): Promise<void> {
    const stream = await this.stream?.catch(() => null);
    this.stream = null;
    if (stream) await new Promise<void>((resolve) => stream.end(() => resolve()));
  }
}
