import type { WasmModule } from '../../crypto/wasm-simd.js';
import { wasmSimdAvailable } from '../../crypto/wasm-simd.js';
import type { NonceScan } from './scan.js';
import { NonceScanner } from './scan.js';
import type { CompiledSha256d4Way } from './sha256d-4way.js';
import { compileSha256d4Way, SHA256D_4WAY_WASM, Sha256d4WayScanner } from './sha256d-4way.js';

/** The CPU miner's nonce scanners: the WebAssembly SIMD kernel, or the JavaScript one. */
export type MinerKernelName = 'wasm-simd' | 'js';
/** 'auto': wasm-simd where the runtime has WebAssembly SIMD and the kernel is built, else js. */
export type MinerKernelChoice = 'auto' | MinerKernelName;

export interface MinerKernel {
  name: MinerKernelName;
  /** The compiled kernel (wasm-simd), handed to every worker thread. */
  module?: WasmModule;
  /** Whether the wasm-simd kernel's code is V8's revectorized (AVX2) one. */
  revectorized?: boolean;
  /** Why 'auto' fell back to the JavaScript scanner. */
  fallback?: string;
}

/** The built kernel compiled, or why it could not be: once per process. */
let built: CompiledSha256d4Way | string | undefined;
/** Set by precompileMinerKernel: from then on no compile in this process opens the flag window. */
let sealed = false;

function compile(path: URL): CompiledSha256d4Way | string {
  if (!wasmSimdAvailable()) return 'WebAssembly SIMD is not available';
  try {
    return compileSha256d4Way(path, !sealed);
  } catch (e) {
    return `${path.pathname}: ${(e as Error).message}`;
  }
}

function compileKernel(path: URL): CompiledSha256d4Way | string {
  const isBuilt = path.href === SHA256D_4WAY_WASM.href;
  if (isBuilt && built !== undefined) return built;
  const kernel = compile(path);
  // A failure is kept only once sealed: before that, a kernel built later (the tests build it on
  // demand) is picked up then.
  if (isBuilt && (typeof kernel !== 'string' || sealed)) built = kernel;
  return kernel;
}

function toMinerKernel(choice: MinerKernelChoice, kernel: CompiledSha256d4Way | string): MinerKernel {
  if (typeof kernel !== 'string') return { name: 'wasm-simd', ...kernel };
  if (choice === 'wasm-simd') throw new Error(`the wasm-simd miner kernel is unavailable: ${kernel}`);
  return { name: 'js', fallback: kernel };
}

/**
 * Picks the scanner, compiling the kernel at `path` (default: the built one, compiled once per
 * process). Throws for 'wasm-simd' when that kernel is unavailable.
 */
export function selectMinerKernel(choice: MinerKernelChoice = 'auto', path = SHA256D_4WAY_WASM): MinerKernel {
  if (choice === 'js') return { name: 'js' };
  return toMinerKernel(choice, compileKernel(path));
}

/**
 * The daemon's first step at startup, while no other WebAssembly runs in the process (see
 * REVECTORIZE in sha256d-4way.ts). With `mine`, compiles the built kernel, revectorized where V8
 * can, for every later selectMinerKernel() (the CpuMiner's) to reuse. Either way, from then on no
 * compile in this process opens the revectorizer's flag window: another kernel, or the built one
 * when it was not compiled here, is compiled without it.
 */
export function precompileMinerKernel(mine: boolean): MinerKernel | undefined {
  const kernel = mine ? compileKernel(SHA256D_4WAY_WASM) : undefined;
  sealed = true;
  if (kernel === undefined) return undefined;
  built = kernel;
  return toMinerKernel('auto', kernel);
}

/** A worker's scanner: on the compiled kernel when it was given one. */
export function createNonceScanner(module: WasmModule | undefined): NonceScan {
  return module ? new Sha256d4WayScanner(module) : new NonceScanner();
}
