// Builds the WebAssembly kernels (run by `npm run build` after tsc): generates each one's text with
// its generator, and compiles it with wabt, writing both to dist/: the miner's
// mining/miner/sha256d-4way.wasm (gen-sha256d-4way.mjs) and the multi-buffer SHA-256d of txids and
// Merkle levels, crypto/sha256-multi.wasm (gen-sha256-multi.mjs), each with its .wat beside it, to
// read and to check the memory layout against. Plain JavaScript so that it runs before anything is
// built. `--if-stale` skips a kernel whose outputs are newer than the scripts that make them (the
// tests use it when they run from the sources).
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { sha256MultiWat } from './gen-sha256-multi.mjs';
import { sha256d4WayWat } from './gen-sha256d-4way.mjs';

/** Each kernel's generator scripts (its first script is its generator), output and text. */
const KERNELS = [
  {
    scripts: ['gen-sha256d-4way.mjs', 'gen-sha256-wat.mjs'],
    dir: '../dist/mining/miner/',
    name: 'sha256d-4way',
    text: sha256d4WayWat,
  },
  {
    scripts: ['gen-sha256-multi.mjs', 'gen-sha256-wat.mjs'],
    dir: '../dist/crypto/',
    name: 'sha256-multi',
    text: sha256MultiWat,
  },
];

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

const wabt = await wabtInit();
const features = { simd: true };
for (const kernel of KERNELS) {
  const sources = [...kernel.scripts, 'build-wasm.mjs'].map((script) => new URL(script, import.meta.url));
  const dir = new URL(kernel.dir, import.meta.url);
  const watFile = new URL(`${kernel.name}.wat`, dir);
  const wasmFile = new URL(`${kernel.name}.wasm`, dir);
  const outputsAge = Math.min(mtime(watFile), mtime(wasmFile));
  if (process.argv.includes('--if-stale') && outputsAge >= Math.max(...sources.map(mtime))) continue;
  const text = kernel.text();
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
}
