/**
 * Marks finished outboxes done in batches. Nearly every commit's outbox is finished moments after the
 * commit, by the same process: that commit item is put again, without its outbox index entry, 25 to a
 * BatchWriteItem, instead of one UpdateItem each. Anything not remembered here takes the UpdateItem path.
 */
import { BatchWriteItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { INDEX } from './table.js';

type Item = Record<string, unknown>;

const BATCH_SIZE = 25;
/** How long a completion waits for others to share its request. */
const GATHER_MS = 2;
const MAX_REMEMBERED = 10_000;
const MAX_UNPROCESSED_RETRIES = 3;

const keyOf = (item: Item) => `${String(item.pk)}\u0000${String(item.sk)}`;

export class OutboxCompletions {
  /** Commit items as written, while their outbox may still be finished here. */
  private readonly written = new Map<string, Item>();
  private queue: Array<{ item: Item; done: () => void; failed: (error: unknown) => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  remember(item: Item): void {
    this.written.set(keyOf(item), item);
    if (this.written.size > MAX_REMEMBERED) this.written.delete(this.written.keys().next().value!);
  }

  /** The item's outbox changed some other way: its remembered copy is no longer the stored one. */
  forget(pk: string, sk: string): void {
    this.written.delete(`${pk}\u0000${sk}`);
  }

  /** Queues the item, put again with `outbox` and no index entry; null when it is not remembered. */
  complete(pk: string, sk: string, outbox: string): Promise<void> | null {
    const key = `${pk}\u0000${sk}`;
    const item = this.written.get(key);
    if (!item) return null;
    this.written.delete(key);
    const { [INDEX.outbox.pk]: _pk, [INDEX.outbox.sk]: _sk, ...rest } = item;
    return new Promise<void>((done, failed) => {
      this.queue.push({ item: { ...rest, outbox }, done, failed });
      if (this.queue.length >= BATCH_SIZE) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), GATHER_MS);
    });
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH_SIZE);
      try {
        await this.write(batch.map((entry) => entry.item));
        batch.forEach((entry) => entry.done());
      } catch (error) {
        batch.forEach((entry) => entry.failed(error));
      }
    }
  }

  private async write(items: Item[]): Promise<void> {
    let requests: Array<{ PutRequest: { Item: Record<string, AttributeValue> } }> = items.map((item) => ({ PutRequest: { Item: marshall(item) } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > MAX_UNPROCESSED_RETRIES) throw new Error(`${requests.length} outbox completions were left unprocessed`);
      const answer = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.tableName]: requests } }));
      requests = (answer.UnprocessedItems?.[this.tableName] ?? []).flatMap((r) => (r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : []));
    }
  }
}
