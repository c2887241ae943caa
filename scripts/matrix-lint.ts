// Lints a matrix file: `npm run matrix:lint -- FILE`. Prints FILE:LINE:COL findings; exits 1 on any error or risk
// (a matrix with risks activates, but a CI gate should not pass it), 0 when there are only warnings.
import { readFile } from 'node:fs/promises';
import { findingCounts, findingLine, parseMatrixText } from '../shared/matrix/load.js';

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
  for (const f of findings) console.log(findingLine(file, f));
  console.log(findingCounts(findings));
  return findings.some((f) => f.severity !== 'warning') ? 1 : 0;
}

process.exitCode = await main(process.argv[2]);
