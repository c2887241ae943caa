/** Reads a matrix document from YAML or JSON text, reporting every problem at its line and column. */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type * as z from 'zod';
import { lintMatrix, type LintFinding } from './lint.js';
import { matrixSchema, type MatrixDocument } from './schema.js';

/** A finding placed in the source text; line and column start at 1. */
export type LocatedFinding = LintFinding & { line?: number; column?: number };

export interface ParsedMatrix {
  /** Present when the text is valid YAML and passes the schema, even if lint found errors or risks. */
  document?: MatrixDocument;
  findings: LocatedFinding[];
}

/**
 * The source offset of the node at `path`, or of its nearest ancestor that exists (a missing field is
 * reported where its parent starts). `atKey` points at the key rather than the value (unknown keys).
 */
function offsetOf(doc: Document, path: readonly PropertyKey[], atKey = false): number {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range?.[0] ?? 0;
  for (const [i, segment] of path.entries()) {
    let next: unknown;
    let keyOffset: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
      next = pair?.value ?? undefined;
      keyOffset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
      if (keyOffset !== undefined && (next === undefined || (atKey && i === path.length - 1))) return keyOffset;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    const start = (next as Node | undefined)?.range?.[0];
    if (start === undefined) return offset;
    node = next;
    offset = start;
  }
  return offset;
}

/** zod's message, prefixed with the field it is about; a missing field says so plainly. */
function schemaMessage(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'invalid_type' && issue.input === undefined && field !== '') return `${field} is missing (expected ${issue.expected}).`;
  return field === '' ? issue.message : `${field}: ${issue.message}`;
}

/** Sort by position, keeping the linter's order among findings on the same spot. */
const byPosition = (a: LocatedFinding, b: LocatedFinding) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);

/**
 * Parses, validates and lints a matrix document. JSON is accepted as YAML. Pure: the caller reads the file.
 * YAML syntax errors and schema errors come back as errors with code `schema` (and no document); when
 * the schema passes, every lint finding follows (errors, risks, warnings), placed at its path. A caller
 * activates the document only when no finding is an error.
 * @example const { document, findings } = parseMatrixText(await readFile('matrix.yaml', 'utf8'));
 *          findings[0] // {severity: 'risk', code: 'gap', path: ['rules'], line: 42, column: 3, message: 'No rule covers …'}
 */
export function parseMatrixText(text: string): ParsedMatrix {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      findings: doc.errors.map((e) => ({ severity: 'error', code: 'schema', path: [], message: `YAML syntax: ${e.message}`, ...at(e.pos[0]) })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // toJS refuses alias bombs (too many alias expansions) and similar; report instead of throwing.
    return { findings: [{ severity: 'error', code: 'schema', path: [], message: `YAML: ${(e as Error).message}`, ...at(0) }] };
  }
  const parsed = matrixSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const findings = parsed.error.issues.map((issue): LocatedFinding => {
      const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
      const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
      const where = unknownKey === undefined ? offsetOf(doc, path) : offsetOf(doc, [...path, unknownKey], true);
      return { severity: 'error', code: 'schema', path, message: schemaMessage(issue), ...at(where) };
    });
    return { findings: findings.sort(byPosition) };
  }
  const findings = lintMatrix(parsed.data).map((f): LocatedFinding => ({ ...f, ...at(offsetOf(doc, f.path)) }));
  return { document: parsed.data, findings: findings.sort(byPosition) };
}

/**
 * A finding as `npm run matrix:lint` prints it: FILE:LINE:COL, severity, code, message (an editor jumps to it).
 * @example findingLine('matrix.yaml', finding) // 'matrix.yaml:12:3  risk  gap  No rule covers …'
 */
export function findingLine(file: string, f: LocatedFinding): string {
  return `${file}:${f.line ?? 1}:${f.column ?? 1}  ${f.severity}  ${f.code}  ${f.message}`;
}

/**
 * How many findings of each severity, in words.
 * @example findingCounts(findings) // '1 error, 1 risk, 0 warnings'
 */
export function findingCounts(findings: readonly LocatedFinding[]): string {
  const count = (severity: LocatedFinding['severity'], word: string) => {
    const n = findings.filter((f) => f.severity === severity).length;
    return `${n} ${word}${n === 1 ? '' : 's'}`;
  };
  return [count('error', 'error'), count('risk', 'risk'), count('warning', 'warning')].join(', ');
}
