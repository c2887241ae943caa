/** BackgroundTasks that can be drained: Lambda drains before answering, local mode lets them run on. */
import type { BackgroundTasks } from './deps.js';
import type { Log } from './log.js';
import { describeError } from './log.js';

export class TaskQueue implements BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: Log) {}

  run(task: () => Promise<void>): void {
    const promise = task()
      .catch((error: unknown) => this.log.error('background task failed', describeError(error)))
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  /** Resolves when every task started so far (and any they started) has finished. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
