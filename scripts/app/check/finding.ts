/** One thing `fdk validate` (or the marketplace) would reject, named by file, rule and message. */
export interface Finding {
  /** Relative to the app folder, e.g. `config/requests.json`. */
  file: string;
  rule: string;
  message: string;
  line?: number;
  column?: number;
}

/**
 * A finding as app:check prints it (an editor jumps to FILE:LINE:COL).
 * @example findingLine({file: 'manifest.json', rule: 'platform-version', message: '…'}) // 'manifest.json  platform-version  …'
 */
export function findingLine(f: Finding): string {
  const where = f.line === undefined ? f.file : `${f.file}:${f.line}:${f.column ?? 1}`;
  return `${where}  ${f.rule}  ${f.message}`;
}

/** Reads a JSON file of the app, or says why it cannot (one finding, and no value). */
export async function readJson(dir: string, file: string, read: (path: string) => Promise<string>): Promise<{ value?: unknown; findings: Finding[] }> {
  let text: string;
  try {
    text = await read(`${dir}/${file}`);
  } catch {
    return { findings: [{ file, rule: 'missing-file', message: `${file} is missing` }] };
  }
  try {
    return { value: JSON.parse(text), findings: [] };
  } catch (error) {
    return { findings: [{ file, rule: 'invalid-json', message: `${file} is not valid JSON: ${(error as Error).message}` }] };
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
