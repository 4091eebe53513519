import type { KVStore } from '../store/kv-store.js';
import { hashToHex } from '../wire/bytes.js';
import type { OutPoint } from '../wire/tx.js';
import { ByteWriter } from '../wire/writer.js';
import type { Coin } from './coin.js';
import { decodeCoin, outPointFromKey } from './coin.js';
import { MuHash3072 } from './muhash.js';

/**
 * One UTXO as the set hash sees it, Core's TxOutSer: txid, vout (u32 LE), u32 LE of
 * height × 2 + coinbase, then the output (value i64 LE, CompactSize script length, script).
 */
export function utxoHashElement(outpoint: OutPoint, coin: Coin): Uint8Array {
  const script = coin.output.scriptPubKey;
  const w = new ByteWriter(32 + 4 + 4 + 8 + 9 + script.length);
  w.bytes(outpoint.txid).u32le(outpoint.vout);
  w.u32le(coin.height * 2 + (coin.isCoinbase ? 1 : 0));
  w.i64le(coin.output.value).varBytes(script);
  return w.finish();
}

export interface UtxoSetStats {
  /** Unspent outputs in the set. */
  txouts: number;
  /** Sum of their values, in base units. */
  totalAmount: bigint;
  /** MuHash3072 digest of the set, in display (byte-reversed) hex as Core's gettxoutsetinfo `muhash`. */
  muhash: string;
}

/** Scans the whole UTXO column: the on-demand form of the set hash (linear in the set's size). */
export function computeUtxoStats(store: KVStore): UtxoSetStats {
  const acc = new MuHash3072();
  let txouts = 0;
  let totalAmount = 0n;
  for (const [key, value] of store.scan('utxo')) {
    const coin = decodeCoin(value);
    acc.insert(utxoHashElement(outPointFromKey(key), coin));
    txouts++;
    totalAmount += coin.output.value;
  }
  return { txouts, totalAmount, muhash: hashToHex(acc.digest()) };
}
