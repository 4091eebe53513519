import { setFlagsFromString } from 'node:v8';

// The WebAssembly API as the SIMD kernels use it: the project's TypeScript libraries (ES2023 and
// @types/node) do not declare the WebAssembly global.

/** A compiled kernel: compiled once, instantiated per thread. */
export interface WasmModule {
  readonly __wasmModule?: never;
}
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/** The runtime's WebAssembly, when it has one. */
export const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** `(module (func (result v128) (v128.const i32x4 0 0 0 0)))`: valid only where SIMD is. */
const SIMD_PROBE = Uint8Array.of(
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b],
  ...[0x03, 0x02, 0x01, 0x00],
  ...[0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b],
);

/** Whether this runtime runs WebAssembly with 128-bit SIMD. */
export function wasmSimdAvailable(): boolean {
  return wasmApi?.validate(SIMD_PROBE) === true;
}

/** A V8 flag to switch on for one compile, and the form that sets it back to its default. */
export interface V8Flag {
  on: string;
  off: string;
}

/** Whether the process was started with `flag` (by name, either polarity). */
function givenAtStart(flag: V8Flag): boolean {
  const name = (f: string) => f.replace(/^--(no-)?/, '').replace(/_/g, '-');
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].map(name);
  return given.includes(name(flag.on));
}

/**
 * Compiles `bytes` with `flags` switched on for this one synchronous compile, then set back to
 * their defaults; flags the process was started with are left alone. V8's flags are the whole
 * process's: every other WebAssembly compile or background tier-up, in any thread, while the
 * window is open runs under them too. The caller opens it only where no other WebAssembly can run
 * (the daemon: first thing at startup, before any worker thread or other module exists).
 */
export function compileWithV8Flags(bytes: Uint8Array, flags: readonly V8Flag[]): WasmModule {
  if (!wasmApi) throw new Error('no WebAssembly in this runtime');
  const toggled = flags.filter((f) => !givenAtStart(f));
  for (const f of toggled) setFlagsFromString(f.on);
  try {
    return new wasmApi.Module(bytes);
  } finally {
    for (const f of toggled) setFlagsFromString(f.off);
  }
}
