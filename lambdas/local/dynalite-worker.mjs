// Runs dynalite on its own thread, so the embedded store uses the second core instead of competing
// with the HTTP API for one event loop. Plain JavaScript: a worker needs no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';

const server = dynalite({ ...(workerData.path ? { path: workerData.path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.on('error', (error) => parentPort.postMessage({ error: String(error) }));
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message === 'close') server.close(() => parentPort.postMessage({ closed: true }));
});
