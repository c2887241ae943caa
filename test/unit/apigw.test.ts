import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { textResponse, toRequest, toResult } from '../../lambdas/http/apigw.js';

const event = (overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: '$default',
    rawPath: '/v1/escalations',
    rawQueryString: 'state=open&limit=5',
    headers: { host: 'api.example.com', 'content-type': 'application/json' },
    requestContext: { http: { method: 'post', path: '/v1/escalations' }, domainName: 'api.example.com' },
    body: '{"ticketId":"T-1"}',
    isBase64Encoded: false,
    ...overrides,
  }) as APIGatewayProxyEventV2;

describe('API Gateway v2 events in and out of the app', () => {
  it('gives the app the method, the URL with its query, the headers and the body', async () => {
    const request = toRequest(event());

    expect(request.method).toBe('POST');
    expect(new URL(request.url).pathname + new URL(request.url).search).toBe('/v1/escalations?state=open&limit=5');
    expect(request.headers.get('Content-Type')).toBe('application/json');
    expect(await request.json()).toEqual({ ticketId: 'T-1' });
  });

  it('decodes a base64 body, and rejects JSON it cannot parse', async () => {
    const encoded = toRequest(event({ body: Buffer.from('{"a":1}').toString('base64'), isBase64Encoded: true }));
    const malformed = toRequest(event({ body: '{"a":' }));

    expect(await encoded.text()).toBe('{"a":1}');
    await expect(malformed.json()).rejects.toThrow(SyntaxError);
  });

  it('answers with the status, the headers and the body as made, or as read from any other Response', async () => {
    const made = await toResult(textResponse(201, { 'content-type': 'application/json', location: '/v1/escalations/T-1' }, '{"ok":true}'));
    const other = await toResult(new Response('plain', { status: 418, headers: { 'x-a': '1' } }));

    expect(made).toEqual({ statusCode: 201, headers: { 'content-type': 'application/json', location: '/v1/escalations/T-1' }, body: '{"ok":true}', isBase64Encoded: false });
    expect(other).toMatchObject({ statusCode: 418, headers: { 'x-a': '1' }, body: 'plain' });
  });
});
