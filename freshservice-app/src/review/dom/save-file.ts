/** Saving a download in the browser: a Blob of the answer, a blob: URL, and a click on a temporary link (nothing leaves the machine). */
import type { FileContents } from '../downloads.js';

/**
 * Saves `contents` as `name` and answers the blob: URL, which the caller keeps for a "save again" link
 * (and revokes when it is replaced).
 * @example const url = saveFile('baton-review-2026-W49.csv', fileContents('csv', text));
 */
export function saveFile(name: string, contents: FileContents): string {
  const url = URL.createObjectURL(new Blob([contents.data], { type: contents.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  return url;
}
