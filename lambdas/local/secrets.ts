/** Local mode's generated secrets (demo API key, webhook secret), kept in the data folder so restarts reuse them. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { newSecret } from '../admin/new-secret.js';

/** Reads the secret at `path`, or makes one and stores it readable by the owner only. */
export async function localSecret(path: string, prefix: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const secret = newSecret(prefix);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}
