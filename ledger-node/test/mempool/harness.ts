/**
 * A mempool over an in-memory chain view whose coins the tests create directly. The transactions
 * spending them are built with test/support/chain-builder.ts: signed P2WPKH and P2PKH spends, and
 * cheap unsigned ones of P2WSH(OP_TRUE).
 */
import type { Coin } from '../../src/consensus/coins.js';
import { outpointKey } from '../../src/consensus/coins.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { sha256 } from '../../src/crypto/hash.js';
import type { MempoolChain } from '../../src/mempool/accept.js';
import type { MempoolRejection } from '../../src/mempool/errors.js';
import { Mempool } from '../../src/mempool/mempool.js';
import type { MempoolPolicy } from '../../src/mempool/policy.js';
import type { OutPoint, Transaction } from '../../src/wire/tx.js';
import { txid } from '../../src/wire/tx.js';
import { MemoryCoinView, type SpendInput } from '../support/chain-builder.js';

/** A BIP125-signalling sequence. */
export const RBF = 0xfffffffd;
/** Block times: genesis + 30 s per block; the median time past of h is the time of h - 5 (h ≥ 10). */
export const T0 = 1_700_000_000;
export const NOW = T0 + 10_000;

export class FakeChain implements MempoolChain {
  view = new MemoryCoinView();
  height = 200;
  private counter = 0;

  getCoin(outpoint: OutPoint): Coin | undefined {
    return this.view.getCoin(outpoint);
  }

  tipHeight(): number {
    return this.height;
  }

  medianTimePast(height: number): number {
    return T0 + Math.max(0, height - 5) * 30;
  }

  /** A fresh confirmed coin (fake txid) paying `value` to `script`. */
  coin(script: Uint8Array, value: bigint, opts: { height?: number; coinbase?: boolean } = {}): SpendInput {
    const outpoint = { txid: sha256(Uint8Array.of(0xc0, ...u32(this.counter++))), vout: 0 };
    const coin: Coin = {
      output: { value, scriptPubKey: script },
      height: opts.height ?? this.height - 10,
      isCoinbase: opts.coinbase ?? false,
    };
    this.view.add(outpoint, coin);
    return { outpoint, coin };
  }

  /** Removes a coin (a block spent it). */
  spend(outpoint: OutPoint): void {
    this.view.coins.delete(outpointKey(outpoint));
  }

  /** Adds a transaction's outputs as confirmed coins at `height` (a block created them). */
  confirm(tx: Transaction, height = this.height): void {
    const id = txid(tx);
    tx.outputs.forEach((output, vout) => {
      this.view.add({ txid: id, vout }, { output, height, isCoinbase: false });
    });
    for (const i of tx.inputs) this.spend(i.prevout);
  }
}

function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}

export function newPool(
  policy: Partial<MempoolPolicy> = {},
  chain = new FakeChain(),
): { pool: Mempool; chain: FakeChain } {
  return { pool: new Mempool({ chain, params: REGTEST_PARAMS, policy }), chain };
}

/** The reason a call was rejected with, or 'ok'. */
export function outcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (err) {
    if (err instanceof Error && 'reason' in err) return String((err as { reason: string }).reason);
    throw err;
  }
}

/** The rejection a call throws; fails when the call succeeds. */
export function rejection(f: () => unknown): MempoolRejection {
  try {
    f();
  } catch (e) {
    return e as MempoolRejection;
  }
  throw new Error('expected a rejection');
}
