// A one-shot hook on WebAssembly.Instance that keeps the clarinet-sdk-wasm core's exports.
/**
 * The wasm core's exports, captured when its CommonJS module instantiates it (it keeps the instance
 * private): its linear memory holds every session's whole state, which is what a checkpoint saves.
 * This module must evaluate before anything imports @stacks/clarinet-sdk (which starts loading the
 * core with a dynamic import): it is the first import of the package's index and of session.ts. The
 * original constructor is put back once the core is captured.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
  Module: { exports(module: object): { name: string }[] };
}
// The project's TypeScript libs carry no WebAssembly declarations: the little used here, typed locally.
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
let core: { memory: WasmMemory } | null = null;

/** The captured core, or null when it was instantiated before this module evaluated. */
export function capturedCore(): { memory: WasmMemory } | null {
  return core;
}
const OriginalInstance = wasm.Instance;
wasm.Instance = new Proxy(OriginalInstance, {
  construct(target, args: [object, object?]) {
    const instance = Reflect.construct(target, args) as { exports: Record<string, unknown> };
    const names = wasm.Module.exports(args[0]).map((e) => e.name);
    if (core === null && names.includes('memory') && names.includes('__wbg_sdk_free')) {
      core = instance.exports as unknown as { memory: WasmMemory };
      wasm.Instance = OriginalInstance;
    }
    return instance;
  },
});
