/** One Lambda bundle in a Node process of its own, with exactly the environment it is given (nothing inherited). */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./lambda-runner.mjs', import.meta.url));

export interface BundleProcess {
  /** Calls the handler as the runtime would; rejects with the handler's error. */
  invoke<T = unknown>(event: unknown): Promise<T>;
  /** Moves the process's clock (Date) this far ahead of the real one. */
  setClockOffset(offsetMs: number): Promise<void>;
  /** What the code wrote (Powertools logs and EMF metrics, stdout and stderr), one JSON object per line when it is JSON. */
  output(): Array<Record<string, unknown>>;
  /** Environment variables the code read that were not set, and errors of the cold start. */
  report(): Promise<{ unsetReads: string[]; initErrors: Array<{ name: string; message: string }> }>;
  stop(): Promise<void>;
}

/**
 * @param file the bundle (index.mjs in its asset folder)
 * @param env the process's whole environment
 */
export async function startBundle(file: string, env: Record<string, string>, timeoutMs: number): Promise<BundleProcess> {
  const child: ChildProcess = fork(RUNNER, [file], { env, execArgv: [], silent: true });
  // Lambda sends both streams to the function's log group: Powertools writes warnings and errors to stderr.
  const lines: string[] = [];
  const stderr: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      if (stream === child.stderr) stderr.push(chunk.toString('utf8'));
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop()!;
      lines.push(...parts.filter((line) => line.trim() !== ''));
    });
  }

  let next = 0;
  const waiting = new Map<number, (message: Record<string, unknown>) => void>();
  child.on('message', (message: Record<string, unknown>) => waiting.get(message.id as number)?.(message));
  const ask = (message: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = ++next;
      const timer = setTimeout(() => reject(new Error(`The bundle ${file} did not answer within ${timeoutMs} ms; stderr: ${stderr.join('')}`)), timeoutMs);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(answer);
      });
      child.send({ ...message, id, timeoutMs });
    });

  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`The bundle runner exited (${code}): ${stderr.join('')}`)));
  });

  return {
    async invoke<T>(event: unknown): Promise<T> {
      const answer = await ask({ type: 'invoke', event });
      if (answer.error) {
        const { name, message } = answer.error as { name: string; message: string };
        throw Object.assign(new Error(message), { name });
      }
      return answer.result as T;
    },
    async setClockOffset(offsetMs) {
      await ask({ type: 'clock', offsetMs });
    },
    output: () =>
      lines.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [{ text: line }];
        }
      }),
    report: async () => (await ask({ type: 'report' })) as unknown as Awaited<ReturnType<BundleProcess['report']>>,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
