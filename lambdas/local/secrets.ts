/** Local mode's generated secrets (demo API key, webhook secret), kept in the data folder so restarts reuse them. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Reads the secret at `path`, or makes one and stores it readable by the owner only. */
export async function localSecret(path: string, prefix: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    const secret = `${prefix}${randomBytes(24).toString('base64url')}`;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}
