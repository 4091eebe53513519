import type { NonceScan } from './scan.js';
import { NonceScanner } from './scan.js';
import type { WasmModule } from './sha256d-4way.js';
import {
  compileSha256d4Way,
  SHA256D_4WAY_WASM,
  Sha256d4WayScanner,
  wasmSimdSupported,
} from './sha256d-4way.js';

/** The CPU miner's nonce scanners: the WebAssembly SIMD kernel, or the JavaScript one. */
export type MinerKernelName = 'wasm-simd' | 'js';
/** 'auto': wasm-simd where the runtime has WebAssembly SIMD and the kernel is built, else js. */
export type MinerKernelChoice = 'auto' | MinerKernelName;

export interface MinerKernel {
  name: MinerKernelName;
  /** The compiled kernel (wasm-simd), handed to every worker thread. */
  module?: WasmModule;
  /** Why 'auto' fell back to the JavaScript scanner. */
  fallback?: string;
}

let compiled: WasmModule | undefined;

function compileKernel(path: URL): WasmModule | string {
  const built = path.href === SHA256D_4WAY_WASM.href;
  if (built && compiled) return compiled;
  if (!wasmSimdSupported()) return 'WebAssembly SIMD is not available';
  try {
    const module = compileSha256d4Way(path);
    if (built) compiled = module;
    return module;
  } catch (e) {
    // Not cached: a kernel built later (the tests build it on demand) is picked up then.
    return `${path.pathname}: ${(e as Error).message}`;
  }
}

/**
 * Picks the scanner, compiling the kernel at `path` (default: the built one, compiled once per
 * process). Throws for 'wasm-simd' when that kernel is unavailable.
 */
export function selectMinerKernel(choice: MinerKernelChoice = 'auto', path = SHA256D_4WAY_WASM): MinerKernel {
  if (choice === 'js') return { name: 'js' };
  const kernel = compileKernel(path);
  if (typeof kernel !== 'string') return { name: 'wasm-simd', module: kernel };
  if (choice === 'wasm-simd') throw new Error(`the wasm-simd miner kernel is unavailable: ${kernel}`);
  return { name: 'js', fallback: kernel };
}

/** A worker's scanner: on the compiled kernel when it was given one. */
export function createNonceScanner(module: WasmModule | undefined): NonceScan {
  return module ? new Sha256d4WayScanner(module) : new NonceScanner();
}
