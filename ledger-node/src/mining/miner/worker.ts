import { parentPort, workerData } from 'node:worker_threads';
import { createNonceScanner } from './kernel.js';
import type { WorkerInit, WorkerJob, WorkerReport } from './protocol.js';

// One mining thread: scans the nonce range of each job it is sent, looking at its generation word
// between chunks so that a new template or a stop takes effect within one chunk.

const init = workerData as WorkerInit;
const generations = new Int32Array(init.control);
const hashes = new Int32Array(init.hashes);
const slot = init.slot;
const scanner = createNonceScanner(init.module);
const port = parentPort!;

function report(r: WorkerReport): void {
  port.postMessage(r);
}

port.on('message', (job: WorkerJob) => {
  if (Atomics.load(generations, slot) !== job.generation) return;
  scanner.load(job.header, job.target);
  let n = job.start;
  while (n < job.end) {
    if (Atomics.load(generations, slot) !== job.generation) return;
    const count = Math.min(init.chunk, job.end - n);
    const found = scanner.scan(n, count);
    if (found >= 0) {
      Atomics.add(hashes, slot, found - n + 1);
      report({ type: 'found', generation: job.generation, nonce: found });
      return;
    }
    Atomics.add(hashes, slot, count);
    n += count;
  }
  report({ type: 'exhausted', generation: job.generation });
});
