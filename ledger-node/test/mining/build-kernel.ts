import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Builds dist/mining/miner/sha256d-4way.wasm and .wat (scripts/build-wasm.mjs, from the generator
 * scripts/gen-sha256d-4way.mjs) when they are missing or older than the scripts: the tests run from
 * the sources, and `npm test` builds it anyway.
 */
export function buildKernel(): void {
  const script = fileURLToPath(new URL('../../scripts/build-wasm.mjs', import.meta.url));
  execFileSync(process.execPath, [script, '--if-stale'], { stdio: 'pipe' });
}
