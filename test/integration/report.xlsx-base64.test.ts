/** The XLSX register as base64 text (encoding=base64): what the Freshservice app's request templates, which carry text only, can hand the review page. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startTestBaton, type ErrorAnswer, type TestBaton } from '../support/baton.js';

let h: TestBaton;

async function get(path: string) {
  const response = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${KEYS.acme}` } });
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The sheets of a workbook with the values of their first rows, to compare two workbooks by what a reader sees. */
async function sheets(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => [sheet.name, sheet.getRow(1).values]);
}

beforeAll(async () => {
  h = await startTestBaton();
  await h.advance(7 * 24 * 60);
}, 60_000);
afterAll(() => h.stop());

describe('the weekly XLSX as base64 text', () => {
  it('answers the same workbook as format=xlsx, as base64 in a text/plain body', async () => {
    const binary = await get('/v1/reports/weekly?week=2026-W49&format=xlsx');
    const text = await get('/v1/reports/weekly?week=2026-W49&format=xlsx&encoding=base64');

    expect(text.status).toBe(200);
    expect(text.type).toBe('text/plain; charset=us-ascii');
    expect(text.bytes.toString('latin1')).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const decoded = Buffer.from(text.bytes.toString('latin1'), 'base64');
    expect(decoded.subarray(0, 4)).toEqual(Buffer.from('PK\u0003\u0004', 'latin1'));
    expect(await sheets(decoded)).toEqual(await sheets(binary.bytes));
  });

  it('refuses encoding with any other format, naming the parameter', async () => {
    const answer = await h.call<ErrorAnswer>('GET', '/v1/reports/weekly?week=2026-W49&format=csv&encoding=base64');

    expect(answer.status).toBe(400);
    expect(answer.body.error.fields).toEqual([{ path: 'encoding', message: 'encoding=base64 applies to format=xlsx only' }]);
  });
});
