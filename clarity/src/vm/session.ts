import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getSDK, type Simnet } from '@stacks/clarinet-sdk';
import { capturedCore } from './capture.js';

/**
 * The Clarity VM pinned by the host: epoch 3.3 and Clarity 4. Pinning both keeps the cost tables
 * and language rules fixed when the SDK's defaults move on.
 */
export const VM_EPOCH = '3.3';
export const CLARITY_VERSION = 4;

/** Sessions opened in this process (they all live in the one wasm instance). */
let sessionsOpened = 0;

/** A checkpoint cannot be taken or restored here. */
export class VmCheckpointError extends Error {
  override readonly name = 'VmCheckpointError';
}

/**
 * The VM binary itself is consensus (receipts carry its cost counters and event JSON): the SDK
 * packages are pinned to exact versions in package.json, and the session refuses to open on any
 * other build of the wasm core (SHA-256 of `clarinet_sdk_bg.wasm` of @stacks/clarinet-sdk-wasm 3.21.0).
 */
export const VM_WASM_SHA256 = '6de8e7537d2229f37d382454027efa5c0820c0e46aeef8a54011431feea7acfa';

/** The installed wasm core is not the pinned build. */
export class VmPinError extends Error {
  override readonly name = 'VmPinError';
  constructor(readonly actual: string) {
    super(`clarinet-sdk-wasm core ${actual} is not the pinned build ${VM_WASM_SHA256}`);
  }
}

let checkedWasm: string | null = null;

/** SHA-256 of the installed wasm core (hashed once per process). */
export function installedVmWasmSha256(): string {
  if (checkedWasm === null) {
    const main = createRequire(import.meta.url).resolve('@stacks/clarinet-sdk-wasm');
    checkedWasm = createHash('sha256')
      .update(readFileSync(join(dirname(main), 'clarinet_sdk_bg.wasm')))
      .digest('hex');
  }
  return checkedWasm;
}

/** One transaction of a simnet block, in the raw form the SDK's wasm core takes. */
export type RawTx =
  | { callPublicFn: { contract: string; method: string; args_maps: Uint8Array[]; sender: string } }
  | {
      deployContract: { name: string; content: string; options: { clarityVersion: number }; sender: string };
    };

/** What the wasm core returns per transaction: hex result, JSON events and JSON costs. */
export interface RawTxResult {
  result: string;
  events: string;
  costs: string;
}

interface RawCore {
  mineBlock(this: Simnet, txs: RawTx[]): RawTxResult[];
}

/**
 * A fresh, empty simnet session: no Clarinet.toml, no deployment plan, no boot contracts, nothing
 * read from or written to disk. Costs are tracked, so every transaction runs under the VM's limits.
 */
export class VmSession {
  private constructor(
    readonly simnet: Simnet,
    private readonly core: RawCore,
  ) {}

  static async open(): Promise<VmSession> {
    const wasm = installedVmWasmSha256();
    if (wasm !== VM_WASM_SHA256) throw new VmPinError(wasm);
    const simnet = await getSDK({ trackCosts: true, trackCoverage: false });
    sessionsOpened++;
    await simnet.initEmptySession(null);
    simnet.setEpoch(VM_EPOCH);
    // The SDK's proxy decodes every result and event into JS objects; the host reads the wasm
    // core's strings directly (hex and JSON) and decodes only what a caller asks for.
    return new VmSession(simnet, Object.getPrototypeOf(simnet) as RawCore);
  }

  /** The session's address in the wasm core's memory (a checkpoint must be restored at the same one). */
  get address(): number {
    return (this.simnet as unknown as { __wbg_ptr: number }).__wbg_ptr;
  }

  /**
   * A copy of the wasm core's whole linear memory: every session's state, its allocator and its
   * caches. Taken between blocks (no call in flight), it is the state a checkpoint restores.
   */
  memorySnapshot(): Uint8Array {
    if (capturedCore() === null)
      throw new VmCheckpointError('the wasm core was instantiated before the capture hook');
    return new Uint8Array(capturedCore()!.memory.buffer).slice();
  }

  /**
   * Replaces the wasm core's memory with `memory`. Only sound in a process whose one and only session
   * is this one, opened exactly as the checkpointing process opened its session (same genesis, so
   * the same address and the same JS-side tables): every other session would be overwritten.
   */
  restoreMemory(memory: Uint8Array, address: number): void {
    if (capturedCore() === null)
      throw new VmCheckpointError('the wasm core was instantiated before the capture hook');
    if (sessionsOpened !== 1)
      throw new VmCheckpointError('restore needs a process whose only VM session is this one');
    if (address !== this.address)
      throw new VmCheckpointError(`session at ${this.address}, checkpoint at ${address}`);
    const core = capturedCore()!;
    const page = 65536;
    const have = core.memory.buffer.byteLength;
    if (memory.length % page !== 0) throw new VmCheckpointError('memory image is not whole pages');
    if (memory.length > have) core.memory.grow((memory.length - have) / page);
    const view = new Uint8Array(core.memory.buffer);
    view.set(memory);
    view.fill(0, memory.length);
  }

  /** Mines one Clarity block holding `txs`, in order. Throws if the VM aborts a transaction. */
  mineBlock(txs: RawTx[]): RawTxResult[] {
    return this.core.mineBlock.call(this.simnet, txs);
  }
}
