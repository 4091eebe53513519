import { getSDK, type Simnet } from '@stacks/clarinet-sdk';

/**
 * The Clarity VM pinned by the host: epoch 3.3 and Clarity 4. Pinning both keeps the cost tables
 * and language rules fixed when the SDK's defaults move on.
 */
export const VM_EPOCH = '3.3';
export const CLARITY_VERSION = 4;

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
    const simnet = await getSDK({ trackCosts: true, trackCoverage: false });
    await simnet.initEmptySession(null);
    simnet.setEpoch(VM_EPOCH);
    // The SDK's proxy decodes every result and event into JS objects; the host reads the wasm
    // core's strings directly (hex and JSON) and decodes only what a caller asks for.
    return new VmSession(simnet, Object.getPrototypeOf(simnet) as RawCore);
  }

  /** Mines one Clarity block holding `txs`, in order. Throws if the VM aborts a transaction. */
  mineBlock(txs: RawTx[]): RawTxResult[] {
    return this.core.mineBlock.call(this.simnet, txs);
  }
}
