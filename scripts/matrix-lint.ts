// Lints a matrix file: `npm run matrix:lint -- FILE`. Prints FILE:LINE:COL findings; exits 1 on any error or risk
// (a matrix with risks activates, but a CI gate should not pass it), 0 when there are only warnings.
import { readFile } from 'node:fs/promises';
import type { LintSeverity } from '../shared/matrix/lint.js';
import { parseMatrixText } from '../shared/matrix/load.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function main(file: string | undefined): Promise<number> {
  if (file === undefined || file === '--help' || file === '-h') {
    console.error('Usage: npm run matrix:lint -- FILE   (a matrix document in YAML or JSON)');
    return 1;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    console.error(`matrix-lint: cannot read ${file}: ${reason}`);
    return 1;
  }
  const { findings } = parseMatrixText(text);
  for (const f of findings) {
    console.log(`${file}:${f.line ?? 1}:${f.column ?? 1}  ${f.severity}  ${f.code}  ${f.message}`);
  }
  const count = (severity: LintSeverity) => findings.filter((f) => f.severity === severity).length;
  const [errors, risks, warnings] = [count('error'), count('risk'), count('warning')];
  console.log(`${plural(errors, 'error')}, ${plural(risks, 'risk')}, ${plural(warnings, 'warning')}`);
  return errors + risks > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv[2]);
