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
