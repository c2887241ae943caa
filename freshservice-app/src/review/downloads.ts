/**
 * The review's downloads. The FDK front end cannot fetch Baton itself: it only invokes request templates,
 * whose answer reaches the page as a string. A CSV is text, so the string is the file. An XLSX is bytes,
 * which a string would mangle, so its template asks Baton for base64 and the page turns it back into bytes.
 * Either way the page makes a Blob, and the browser saves it from a blob: URL, on the machine.
 */

export type DownloadFormat = 'csv' | 'xlsx';

export const CONTENT_TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * The file name a download is saved as.
 * @example downloadName('2026-W49', 'xlsx') // 'baton-review-2026-W49.xlsx'
 */
export const downloadName = (week: string, format: DownloadFormat): string => `baton-review-${week}.${format}`;

/** What a download saves: the text or bytes, their content type, and their size. */
export interface FileContents {
  data: string | Uint8Array<ArrayBuffer>;
  type: string;
  bytes: number;
}

/** A download the page could not make, with what to do about it. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
}

/**
 * Base64 text as bytes; whitespace and line breaks are ignored, anything else outside base64 is refused.
 * @example base64ToBytes('UEsDBA==') // Uint8Array [80, 75, 3, 4]
 */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new DownloadError('Baton did not answer the XLSX register as base64, which the app needs to save it; is Baton older than this app?');
  const binary = atob(clean);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** An XLSX file is a zip archive: it starts with the zip's local-file signature "PK\x03\x04". */
export const isZip = (bytes: Uint8Array): boolean => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * The file's bytes (or text) and type from a template's answer.
 * @throws DownloadError when the XLSX answer is not base64 of a zip, or a CSV answer is empty
 * @example fileContents('xlsx', base64Text) // {data: Uint8Array [80, 75, 3, 4, …], type: CONTENT_TYPES.xlsx, bytes: 6112}
 */
export function fileContents(format: DownloadFormat, text: string): FileContents {
  if (format === 'csv') {
    if (text.trim() === '') throw new DownloadError('Baton answered an empty CSV; refresh and try again.');
    return { data: text, type: CONTENT_TYPES.csv, bytes: new TextEncoder().encode(text).length };
  }
  const bytes = base64ToBytes(text);
  if (!isZip(bytes)) throw new DownloadError('What Baton answered is not an XLSX file (not a zip archive); refresh and try again.');
  return { data: bytes, type: CONTENT_TYPES.xlsx, bytes: bytes.length };
}
