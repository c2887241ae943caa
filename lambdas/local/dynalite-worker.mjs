// Runs dynalite on its own thread, so the embedded store uses the second core instead of competing
// with the HTTP API for one event loop. Plain JavaScript: a worker needs no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { listenDynalite } from './dynalite-host.mjs';

try {
  const server = await listenDynalite(workerData);
  server.on('error', (error) => parentPort.postMessage({ error: String(error) }));
  parentPort.on('message', (message) => {
    if (message === 'close') server.close(() => parentPort.postMessage({ closed: true }));
  });
  parentPort.postMessage({ port: server.address().port });
} catch (error) {
  parentPort.postMessage({ error: String(error) });
}
