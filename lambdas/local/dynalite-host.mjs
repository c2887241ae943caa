// dynalite on 127.0.0.1, answering only requests that carry this start's access-key id. dynalite checks
// no signature, so without this any local user could write to the port (mint an API key, say). Plain
// JavaScript: the worker thread imports it without a TypeScript loader, and the in-process host too.
import { timingSafeEqual } from 'node:crypto';
import dynalite from 'dynalite';

/** What DynamoDB answers an unknown access key, so an SDK client reports it as it would on AWS. */
const REFUSAL = JSON.stringify({
  __type: 'com.amazon.coral.service#UnrecognizedClientException',
  message: 'The security token included in the request is invalid.',
});

/** The access-key id of a SigV4 Authorization header ("AWS4-HMAC-SHA256 Credential=<id>/<date>/…"), or "". */
const accessKeyIdOf = (authorization) => /\bCredential=([^/,\s]+)\//.exec(authorization ?? '')?.[1] ?? '';

/**
 * Starts dynalite on a free port of 127.0.0.1, wrapped before it listens so no request reaches it
 * without `accessKeyId`; resolves with the listening server.
 */
export function listenDynalite({ path, accessKeyId }) {
  if (typeof accessKeyId !== 'string' || accessKeyId.length < 16) throw new Error('dynalite needs an access-key id of 16 characters or more');
  const expected = Buffer.from(accessKeyId);
  const server = dynalite({ ...(path ? { path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const serve = server.listeners('request')[0];
  server.removeAllListeners('request');
  server.on('request', (request, response) => {
    const given = Buffer.from(accessKeyIdOf(request.headers.authorization));
    if (given.length === expected.length && timingSafeEqual(given, expected)) return serve(request, response);
    request.resume();
    response.writeHead(403, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(REFUSAL) });
    response.end(REFUSAL);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
