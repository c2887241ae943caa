// A download (the XLSX register) leaves the app as API Gateway takes bytes: base64, flagged so.
import { describe, expect, it } from 'vitest';
import { binaryResponse, textResponse, toResult } from '../../lambdas/http/apigw.js';

describe('a binary answer', () => {
  it('is handed to API Gateway base64-encoded, with isBase64Encoded', async () => {
    const bytes = Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0xff, 0x00);

    const result = await toResult(binaryResponse(200, { 'content-type': 'application/octet-stream' }, bytes));

    expect(result).toEqual({ statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: 'UEsDBP8A', isBase64Encoded: true });
  });

  it('leaves a text answer as it was made', async () => {
    const result = await toResult(textResponse(200, { 'content-type': 'text/csv' }, 'a,b\r\n'));

    expect(result).toMatchObject({ body: 'a,b\r\n', isBase64Encoded: false });
  });
});
