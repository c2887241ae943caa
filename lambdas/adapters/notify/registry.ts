/** Routes a delivery to the notifier configured for its channel kind. */
import type { ChannelAddress, ChannelKind, DigestMessage, NotificationMessage, Notifier } from '../../../shared/ports.js';

export class NotifierRegistry {
  private readonly byKind = new Map<ChannelKind, Notifier>();

  /** @throws Error when two notifiers claim the same kind. */
  constructor(notifiers: Iterable<Notifier> = []) {
    for (const notifier of notifiers) {
      if (this.byKind.has(notifier.kind)) throw new Error(`Two notifiers configured for ${notifier.kind}`);
      this.byKind.set(notifier.kind, notifier);
    }
  }

  has(kind: ChannelKind): boolean {
    return this.byKind.has(kind);
  }

  /** Whether a configured notifier for `kind` carries the weekly digest. */
  carriesDigest(kind: ChannelKind): boolean {
    return this.byKind.get(kind)?.sendDigest !== undefined;
  }

  /** Sends through the notifier for `address.kind`; throws when that channel is not configured. */
  async send(address: ChannelAddress, message: NotificationMessage): Promise<void> {
    const notifier = this.byKind.get(address.kind);
    if (!notifier) throw new Error(`No notifier configured for channel kind "${address.kind}"`);
    await notifier.send(address, message);
  }

  /** Sends the weekly digest through the notifier for `address.kind`; throws when that channel cannot carry it. */
  async sendDigest(address: ChannelAddress, digest: DigestMessage): Promise<void> {
    const notifier = this.byKind.get(address.kind);
    if (!notifier?.sendDigest) throw new Error(`No notifier configured that carries the weekly digest to "${address.kind}"`);
    await notifier.sendDigest(address, digest);
  }
}
