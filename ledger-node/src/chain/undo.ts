import { ByteReader } from '../wire/reader.js';
import { ByteWriter } from '../wire/writer.js';
import type { Coin } from './coin.js';
import { readCoin, writeCoin } from './coin.js';

/**
 * What disconnecting a block needs: the coins its transactions spent, per transaction after the
 * coinbase, per input, in block order (Core's CBlockUndo).
 */
export type BlockUndo = Coin[][];

/** Smallest serialized coin: three one-byte fields. */
const MIN_COIN_BYTES = 3;

export function encodeBlockUndo(undo: BlockUndo): Uint8Array {
  const w = new ByteWriter(64 + undo.length * 64);
  w.compactSize(undo.length);
  for (const spent of undo) {
    w.compactSize(spent.length);
    for (const coin of spent) writeCoin(w, coin);
  }
  return w.finish();
}

export function decodeBlockUndo(bytes: Uint8Array): BlockUndo {
  const r = new ByteReader(bytes);
  const n = r.count(1);
  const undo: BlockUndo = new Array(n);
  for (let i = 0; i < n; i++) {
    const m = r.count(MIN_COIN_BYTES);
    const spent: Coin[] = new Array(m);
    for (let k = 0; k < m; k++) spent[k] = readCoin(r);
    undo[i] = spent;
  }
  r.end();
  return undo;
}
