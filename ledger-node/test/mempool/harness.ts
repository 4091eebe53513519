/**
 * A mempool over an in-memory chain view whose coins the tests create directly, and builders for
 * real signed spends (P2WPKH, P2PKH) and cheap unsigned ones (P2WSH of OP_TRUE).
 */
import type { Coin } from '../../src/consensus/coins.js';
import { outpointKey } from '../../src/consensus/coins.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { sha256 } from '../../src/crypto/hash.js';
import type { MempoolChain } from '../../src/mempool/mempool.js';
import { Mempool } from '../../src/mempool/mempool.js';
import type { MempoolPolicy } from '../../src/mempool/policy.js';
import { OP_TRUE } from '../../src/script/opcodes.js';
import { scriptForP2WSH } from '../../src/script/standard.js';
import type { OutPoint, Transaction, TxOut } from '../../src/wire/tx.js';
import { SEQUENCE_FINAL, txid } from '../../src/wire/tx.js';
import { Key, MemoryCoinView, type SpendInput, signInput } from '../consensus/helpers.js';

export { Key };
export const params = REGTEST_PARAMS;

/** A BIP125-signalling sequence. */
export const RBF = 0xfffffffd;
/** Block times: genesis + 30 s per block; the median time past of h is the time of h - 5 (h ≥ 10). */
export const T0 = 1_700_000_000;

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
  return { pool: new Mempool({ chain, params, policy }), chain };
}

/** The witness script `OP_TRUE`: its P2WSH outputs are standard and spent without a signature. */
export const TRUE_SCRIPT = Uint8Array.of(OP_TRUE);
export const P2WSH_TRUE = scriptForP2WSH(sha256(TRUE_SCRIPT));

export interface Spendable extends SpendInput {
  sequence?: number;
}

export interface BuildOptions {
  version?: number;
  locktime?: number;
  sequence?: number;
}

/**
 * A transaction spending `inputs` to `outputs`: inputs with a key are signed (P2WPKH or P2PKH by
 * the coin's script), P2WSH(OP_TRUE) inputs get their one-item witness.
 */
export function build(inputs: Spendable[], outputs: TxOut[], opts: BuildOptions = {}): Transaction {
  const tx: Transaction = {
    version: opts.version ?? 2,
    inputs: inputs.map((i) => ({
      prevout: i.outpoint,
      scriptSig: new Uint8Array(0),
      sequence: i.sequence ?? opts.sequence ?? SEQUENCE_FINAL,
      witness: [],
    })),
    outputs,
    locktime: opts.locktime ?? 0,
  };
  inputs.forEach((i, k) => {
    if (i.key) signInput(tx, k, i.coin.output, i.key);
    else if (equal(i.coin.output.scriptPubKey, P2WSH_TRUE)) tx.inputs[k]!.witness = [TRUE_SCRIPT];
  });
  return tx;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Output `vout` of an unconfirmed `tx` as an input, signed with `key` when given. */
export function outputOf(tx: Transaction, vout: number, key?: Key): Spendable {
  const output = tx.outputs[vout]!;
  return {
    outpoint: { txid: txid(tx), vout },
    coin: { output, height: 0, isCoinbase: false },
    ...(key ? { key } : {}),
  };
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

export const NOW = T0 + 10_000;
