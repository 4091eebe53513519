import { Worker } from 'node:worker_threads';
import type { WorkerInit } from './protocol.js';

// When this module runs from its TypeScript source (the test runner), Node strips the worker's
// types itself but resolves its `./x.js` imports literally; a resolve hook in the worker maps them
// to the `.ts` files beside them. From dist/ the worker is plain JavaScript.
const TS_SOURCE_BOOTSTRAP = `
const { registerHooks } = process.getBuiltinModule('node:module');
registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (e) {
      if (specifier.startsWith('.') && specifier.endsWith('.js')) return next(specifier.slice(0, -3) + '.ts', context);
      throw e;
    }
  },
});
import(process.getBuiltinModule('node:worker_threads').workerData.entry);
`;

export function spawnMinerWorker(init: WorkerInit): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const entry = new URL('./worker.ts', import.meta.url).href;
    return new Worker(TS_SOURCE_BOOTSTRAP, { eval: true, workerData: { ...init, entry } });
  }
  return new Worker(new URL('./worker.js', import.meta.url), { workerData: init });
}
