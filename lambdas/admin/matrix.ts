/**
 * `matrix <tenant> FILE`: a tenant's first matrix, linted as `npm run matrix:lint` lints it. Later changes
 * are governed proposals; `--replace` is the platform team's way round them, and says so.
 */
import { readFile } from 'node:fs/promises';
import { findingCounts, findingLine, parseMatrixText } from '../../shared/matrix/load.js';
import { compileMatrix } from '../../shared/matrix/matrix.js';
import { matrixSchema, type MatrixDocument } from '../../shared/matrix/schema.js';
import { ConflictError, ValidationError } from '../../shared/errors.js';
import type { StoredMatrix } from '../../shared/ports.js';
import type { AdminDeps } from './deps.js';
import { requireTenant } from './require-tenant.js';

/** Who a matrix activated by this command is recorded as having been created by. */
export const CREATED_BY = 'tenant-admin';

/** A matrix file read and linted: the document when it has no errors, and every finding as matrix:lint prints it. */
export interface LintedMatrix {
  document: MatrixDocument;
  /** Each finding at FILE:LINE:COL, then the counts. */
  report: string[];
  risks: number;
}

/**
 * Reads and lints a matrix file (YAML or JSON); refuses one with errors, naming each.
 * @throws ValidationError whose message lists the findings at FILE:LINE:COL; Error when the file cannot be read
 */
export async function lintedMatrix(path: string, shownAs = path): Promise<LintedMatrix> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read the matrix ${shownAs}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  const { document, findings } = parseMatrixText(text);
  const report = [...findings.map((f) => findingLine(shownAs, f)), findingCounts(findings)];
  const errors = findings.filter((f) => f.severity === 'error');
  if (!document || errors.length > 0) {
    // The message lists every finding at FILE:LINE:COL already; fields would repeat them.
    throw new ValidationError(`The matrix ${shownAs} has errors and cannot be activated (nothing was changed):\n${report.map((line) => `  ${line}`).join('\n')}`);
  }
  return { document, report, risks: findings.filter((f) => f.severity === 'risk').length };
}

/** The party ids of the tenant's active matrix, or null when it has none. */
export async function activeParties(deps: AdminDeps, tenant: string): Promise<string[] | null> {
  const active = await deps.matrices.active(tenant);
  return active ? matrixSchema.parse(active.document).parties.map((p) => p.id) : null;
}

/** Activates a linted document as the tenant's next version, recorded as made by this command. */
export async function activate(deps: AdminDeps, tenant: string, matrix: LintedMatrix, note: string): Promise<StoredMatrix> {
  return deps.matrices.activate(tenant, { document: matrix.document, createdAt: deps.clock.now().toISOString(), createdBy: CREATED_BY, origin: 'tenant-admin', note });
}

/** What risks mean once a matrix is active: their escalations go to the fallback owner and are recorded as ambiguous. */
export function riskLines(matrix: LintedMatrix): string[] {
  if (matrix.risks === 0) return [];
  const fallback = compileMatrix(matrix.document, 'new').fallbackOwner().id;
  return [`${matrix.risks} risk(s) (gaps or conflicts): an escalation they decide goes to the fallback owner "${fallback}" and records an ownership.ambiguous incident.`];
}

/**
 * Lints FILE and activates it as the tenant's matrix: only when it has none yet, unless `replace`.
 * @example await activateMatrix(deps, { tenant: 'acme', file: 'acme.yaml', replace: false }) // 'acme.yaml:1:1 …\nActivated … version 1 …'
 */
export async function activateMatrix(deps: AdminDeps, input: { tenant: string; file: string; replace: boolean }): Promise<string> {
  const { tenant, file, replace } = input;
  await requireTenant(deps, tenant);
  const matrix = await lintedMatrix(file);
  const active = await deps.matrices.active(tenant);
  if (active && !replace) {
    throw new ConflictError(
      `Tenant ${tenant} has an active matrix already (version ${active.version}, by ${active.createdBy} at ${active.createdAt}). ` +
        'Later changes go through governed proposals (POST /v1/matrix/proposals: lint, impact replay, approval; docs/governance.md). ' +
        '--replace activates this file anyway, bypassing governance (GET /v1/matrix/versions records it as such).',
      { tenant, version: active.version },
    );
  }
  const stored = await activate(deps, tenant, matrix, `npm run tenant -- matrix ${file}${replace ? ' --replace' : ''}`);
  const lines = [...matrix.report, ...riskLines(matrix), `Activated ${file} as version ${stored.version} of tenant ${tenant}'s matrix.`];
  if (active) lines.push(`It replaced version ${active.version} without a governed proposal: recorded as createdBy: ${CREATED_BY}.`);
  // A key scoped to a party the new matrix lacks can assert no actor: say which, before someone finds out from a 403.
  const parties = new Set(matrix.document.parties.map((p) => p.id));
  for (const key of (await deps.keys.list()).filter((k) => k.tenant === tenant && k.scope.startsWith('party:') && !parties.has(k.scope.slice('party:'.length)))) {
    lines.push(`Warning: ${key.id} ("${key.label}") is scoped to ${key.scope}, a party this matrix does not have: it can assert no actor now.`);
  }
  return lines.join('\n');
}
