// Compiles the miner's WebAssembly kernel, src/mining/miner/sha256d-4way.wat, to
// dist/mining/miner/sha256d-4way.wasm (run by `npm run build` after tsc). Plain JavaScript so that
// it runs before anything is built. `--if-stale` skips the work when the .wasm is newer than the
// .wat (the tests use it when they run from the sources).
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const root = new URL('../', import.meta.url);
const source = new URL('src/mining/miner/sha256d-4way.wat', root);
const target = new URL('dist/mining/miner/sha256d-4way.wasm', root);

function mtime(url) {
  try {
    return statSync(url).mtimeMs;
  } catch {
    return -1;
  }
}

if (process.argv.includes('--if-stale') && mtime(target) >= mtime(source)) process.exit(0);

const wabt = await wabtInit();
const text = await readFile(source, 'utf8');
const features = { simd: true };
const module = wabt.parseWat(fileURLToPath(source), text, features);
try {
  module.validate(features);
  const { buffer } = module.toBinary({});
  mkdirSync(new URL('./', target), { recursive: true });
  // Written aside and renamed: test files building it at the same time never read half a file.
  const temp = new URL(`sha256d-4way.wasm.${process.pid}.tmp`, target);
  writeFileSync(temp, buffer);
  renameSync(temp, target);
  console.log(`${fileURLToPath(target)}: ${buffer.length} bytes`);
} finally {
  module.destroy();
}
