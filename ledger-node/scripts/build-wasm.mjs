// Builds the miner's WebAssembly kernel (run by `npm run build` after tsc): generates its text with
// gen-sha256d-4way.mjs, its source, and compiles it with wabt, writing both to dist/mining/miner/:
// sha256d-4way.wasm, which the miner loads, and sha256d-4way.wat, to read and to check the memory
// layout against. Plain JavaScript so that it runs before anything is built. `--if-stale` skips the
// work when both are newer than the scripts that make them (the tests use it when they run from the
// sources).
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { sha256d4WayWat } from './gen-sha256d-4way.mjs';

const sources = [new URL('gen-sha256d-4way.mjs', import.meta.url), new URL(import.meta.url)];
const dir = new URL('../dist/mining/miner/', import.meta.url);
const watFile = new URL('sha256d-4way.wat', dir);
const wasmFile = new URL('sha256d-4way.wasm', dir);

function mtime(url) {
  try {
    return statSync(url).mtimeMs;
  } catch {
    return -1;
  }
}

/** Written aside and renamed: test files building it at the same time never read half a file. */
function writeWhole(url, data) {
  const temp = new URL(`${url.pathname.split('/').pop()}.${process.pid}.tmp`, url);
  writeFileSync(temp, data);
  renameSync(temp, url);
}

const outputsAge = Math.min(mtime(watFile), mtime(wasmFile));
if (process.argv.includes('--if-stale') && outputsAge >= Math.max(...sources.map(mtime))) process.exit(0);

const text = sha256d4WayWat();
const wabt = await wabtInit();
const features = { simd: true };
const module = wabt.parseWat(fileURLToPath(watFile), text, features);
try {
  module.validate(features);
  const { buffer } = module.toBinary({});
  mkdirSync(dir, { recursive: true });
  writeWhole(watFile, text);
  writeWhole(wasmFile, buffer);
  console.log(`${fileURLToPath(wasmFile)}: ${buffer.length} bytes`);
} finally {
  module.destroy();
}
