/** Governed matrix updates over HTTP: a Baton with party-scoped keys on a data folder that survives restarts, and the calls the tests make. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { silentLog, type Log } from '../../lambdas/app/log.js';
import { startBaton, type LocalBaton } from '../../lambdas/local/baton.js';
import { readLocalConfig } from '../../lambdas/local/config.js';
import { request, START, type Answer, type CallOptions } from './baton.js';

export const GOV_KEYS = {
  acme: 'gov-acme-key-0123456789abcdef',
  msp: 'gov-acme-msp-key-0123456789ab',
  internal: 'gov-acme-int-key-0123456789ab',
  globex: 'gov-globex-key-0123456789abcd',
} as const;

export interface GovernedBaton {
  baton: LocalBaton;
  dataDir: string;
  call<T = unknown>(method: string, path: string, body?: unknown, options?: CallOptions): Promise<Answer<T>>;
  /** Starts again on the same data folder, with this matrix file (default: the one it runs with). */
  restart(matrix?: unknown): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Baton on the manual clock at START with tenant `acme` (a tenant-wide key and one key per party) and
 * `globex`, activating `matrix` (written as a YAML file, as BATON_MATRIX reads it).
 */
export async function startGovernedBaton(matrix: unknown, log: Log = silentLog): Promise<GovernedBaton> {
  const dataDir = await mkdtemp(join(tmpdir(), 'baton-gov-'));
  const matrixPath = join(dataDir, 'matrix.yaml');
  const start = async (document: unknown) => {
    await writeFile(matrixPath, stringify(document), 'utf8');
    return startBaton(
      readLocalConfig({
        BATON_DATA_DIR: dataDir,
        BATON_PORT: '0',
        BATON_CLOCK: 'manual',
        BATON_CLOCK_START: START,
        BATON_MATRIX: matrixPath,
        BATON_API_KEYS: `acme:${GOV_KEYS.acme},acme/msp:${GOV_KEYS.msp},acme/internal:${GOV_KEYS.internal},globex:${GOV_KEYS.globex}`,
      }),
      log,
    );
  };
  let current = matrix;
  let baton = await start(current);
  const governed: GovernedBaton = {
    get baton() {
      return baton;
    },
    dataDir,
    call: (method, path, body, options = {}) => request(baton.url, method, path, body, { key: GOV_KEYS.acme, ...options }),
    async restart(next = current) {
      await baton.stop();
      current = next;
      baton = await start(current);
    },
    async stop() {
      await baton.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return governed;
}

/** What the governance answers carry that the tests read. */
export interface ProposalAnswer {
  id: string;
  status: string;
  baseVersion: number;
  activeVersion: number;
  activatedVersion: number | null;
  proposedBy: { id: string; via?: { key: string; scope: string } };
  rationale: string;
  risk: { level: string; reasons: string[]; parties: string[]; approvals: number };
  approvals: Array<{ id: string; party: string; at: string; note?: string; via?: { scope: string } }>;
  needs: string[];
  rejection: { id: string; note?: string } | null;
  closedAt: string | null;
  findings: Array<{ severity: string; code: string; path: string; message: string; line?: number; column?: number }>;
  diff: { rules: Array<{ change: string; rule: string; fields: string[] }>; sections: Array<{ section: string; change: string; id: string; fields: string[] }>; decisions: Array<{ incidentType: string; impactTier: number; changed: string[]; before: { owner: string }; after: { owner: string } }> } | null;
  replay: {
    weeks: number;
    from: string;
    to: string;
    escalations: number;
    changed: Record<string, number>;
    ambiguous: { before: number; after: number };
    undeclared: number;
    items: Array<{ ticketId: string; incidentType: string; impactTier: number; decidedBy: string; before: { owner: string; party: string; sla: string }; after: { owner: string; party: string; sla: string } | null; changed: string[] }>;
    more: number;
  };
  matrix: Record<string, unknown>;
}

export interface VersionAnswer {
  version: number;
  active: boolean;
  origin: string;
  governed: boolean;
  basedOn: number | null;
  proposalId: string | null;
  proposedBy: { id: string };
  why: string | null;
  approvedBy: Array<{ id: string; party: string }>;
}
