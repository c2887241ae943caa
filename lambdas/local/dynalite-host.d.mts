/** Types of dynalite-host.mjs (plain JavaScript, shared with the worker thread). */
import type { Server } from 'node:http';

export interface DynaliteHostOptions {
  /** Where dynalite keeps its data; in memory without. */
  path?: string;
  /** The only access-key id the server answers (16 characters or more). */
  accessKeyId: string;
}

export function listenDynalite(options: DynaliteHostOptions): Promise<Server>;
