/** Messages between the CpuMiner coordinator and its worker threads. */
import type { WasmModule } from '../../crypto/wasm-simd.js';

/** Shared memory a worker is started with. */
export interface WorkerInit {
  /**
   * One Int32 per worker: the generation of the job the worker may work on. The coordinator
   * bumps it to make the worker drop its job within one chunk of nonces, without a message.
   */
  control: SharedArrayBuffer;
  /** One Int32 per worker: hashes done since the coordinator last read (and zeroed) it. */
  hashes: SharedArrayBuffer;
  slot: number;
  /** Nonces scanned between two looks at `control`. */
  chunk: number;
  /** The compiled WebAssembly kernel to scan with; absent: the JavaScript scanner. */
  module?: WasmModule;
}

export interface WorkerJob {
  generation: number;
  /** 80-byte header; its nonce field is ignored. */
  header: Uint8Array;
  /** Target words, most significant first. */
  target: Uint32Array;
  /** Nonces start..end-1 (end <= 2^32). */
  start: number;
  end: number;
}

export type WorkerReport =
  | { type: 'found'; generation: number; nonce: number }
  | { type: 'exhausted'; generation: number };
