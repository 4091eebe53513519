// Worker-thread side of ScriptCheckPool: decodes a batch of script checks, runs them in order and
// reports the first failure (or null).
import { parentPort } from 'node:worker_threads';
import { decodeScriptChecks, firstScriptFailure } from './script-check-batch.js';

const port = parentPort;
if (port === null) throw new Error('script-check-worker must run in a worker thread');

port.on('message', (job: { id: number; bytes: Uint8Array }) => {
  try {
    port.postMessage({ id: job.id, failure: firstScriptFailure(decodeScriptChecks(job.bytes)) });
  } catch (e) {
    port.postMessage({ id: job.id, error: (e as Error).stack ?? String(e) });
  }
});
