import { describe, expect, it } from 'vitest';
import { base64ToBytes, CONTENT_TYPES, DownloadError, downloadName, fileContents, isZip } from '../../freshservice-app/src/review/downloads.js';
import { pickableWeek, reviewedWeek, reviewZone, weekDays } from '../../freshservice-app/src/review/week.js';
import { testMatrix } from '../fixtures/matrix.js';

/** The first bytes of every XLSX (a zip archive), and then some. */
const XLSX_START = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);

describe('the review’s downloads through request templates', () => {
  it('names the file after the week', () => {
    expect(downloadName('2026-W49', 'xlsx')).toBe('baton-review-2026-W49.xlsx');
  });

  it('turns the base64 text of an XLSX back into its bytes, line breaks ignored', () => {
    const text = XLSX_START.toString('base64').replace(/(.{4})/g, '$1\n');

    expect([...base64ToBytes(text)]).toEqual([...XLSX_START]);
  });

  it('refuses raw bytes passed off as text, which is what a template would make of a binary answer', () => {
    expect(() => base64ToBytes('PK\u0003\u0004\ufffd\ufffd')).toThrow(DownloadError);
  });

  it('keeps only an XLSX that is a zip archive', () => {
    expect(isZip(new Uint8Array(XLSX_START))).toBe(true);
    expect(isZip(new Uint8Array([0x7b, 0x22]))).toBe(false);
    expect(() => fileContents('xlsx', Buffer.from('{"error":{}}').toString('base64'))).toThrow('not an XLSX file');
  });

  it('saves a CSV as the text the template answered, with its size in bytes', () => {
    const contents = fileContents('csv', 'section,subject\nkpi,attainment é\n');

    expect(contents).toEqual({ data: 'section,subject\nkpi,attainment é\n', type: CONTENT_TYPES.csv, bytes: 34 }); // 33 characters, é in two bytes
    expect(() => fileContents('csv', ' \n')).toThrow(DownloadError);
  });

  it('saves an XLSX as its bytes with the spreadsheet content type', () => {
    const contents = fileContents('xlsx', XLSX_START.toString('base64'));

    expect(contents.type).toBe(CONTENT_TYPES.xlsx);
    expect(contents.bytes).toBe(8);
  });
});

describe('the review’s weeks', () => {
  it('opens on the last whole week before the one Baton’s clock is in, on the tenant’s wall clock', () => {
    expect(reviewedWeek('2026-12-09T10:00:00Z', 'Europe/London')).toEqual({ week: '2026-W49', current: '2026-W50' });
    // 00:30 on Monday 7 December in Auckland is still Sunday in London.
    expect(reviewedWeek('2026-12-06T11:30:00Z', 'Pacific/Auckland')).toEqual({ week: '2026-W49', current: '2026-W50' });
    expect(reviewedWeek('2027-01-04T09:00:00Z', 'Europe/London').week).toBe('2026-W53');
  });

  it('lets the picker go back to any ISO week but not past the current one', () => {
    expect(pickableWeek('2026-W49', '2026-W50')).toBe(true);
    expect(pickableWeek('2026-W50', '2026-W50')).toBe(true);
    expect(pickableWeek('2026-W51', '2026-W50')).toBe(false);
    expect(pickableWeek('2025-W53', '2026-W50')).toBe(false);
    expect(pickableWeek('2026-49', '2026-W50')).toBe(false);
  });

  it('says which days a week covers', () => {
    expect(weekDays('2026-W49', 'Europe/London', 'en-GB')).toBe('Mon, 30 Nov 2026 – Sun, 6 Dec 2026');
  });

  it('counts weeks in the first coordinator team’s zone until a report names it', () => {
    expect(reviewZone(testMatrix)).toBe('UTC');
    expect(reviewZone(null)).toBe('UTC');
  });
});
