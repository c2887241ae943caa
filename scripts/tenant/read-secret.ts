/** Reads a secret from stdin: piped (`… | npm run tenant …`), or typed at a terminal without echo. */

/**
 * The first line of what stdin holds, trimmed; at a terminal, `prompt` on stderr and nothing echoed.
 * @throws Error when stdin ends with nothing on it
 * @example const apiKey = await readSecret(process.stdin, 'Freshservice API key: ');
 */
export async function readSecret(stdin: NodeJS.ReadStream, prompt: string): Promise<string> {
  const text = stdin.isTTY ? await typed(stdin, prompt) : await piped(stdin);
  const secret = text.split(/\r?\n/)[0]!.trim();
  if (secret === '') throw new Error('Nothing was read from stdin: pipe the API key in, or type it when asked');
  return secret;
}

async function piped(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Raw mode: each key press arrives as typed and is not echoed; Enter ends, Backspace erases, Ctrl-C and Ctrl-D stop. */
function typed(stdin: NodeJS.ReadStream, prompt: string): Promise<string> {
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(text);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003' || char === '\u0004') return done(new Error('Stopped: nothing was stored'));
        text = char === '\u007f' || char === '\b' ? text.slice(0, -1) : text + char;
      }
    };
    stdin.on('data', onData);
  });
}
