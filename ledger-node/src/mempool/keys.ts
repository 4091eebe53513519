import type { OutPoint } from '../wire/tx.js';

// Keys of the pool's txid, wtxid and spent-outpoint indexes. Every lookup hashes its key string, and
// a received transaction's keys are new strings: the 64-character hex form (a native call to build,
// 64 characters to hash) made a lookup ~3× dearer than these, where each two bytes of the hash are
// one UTF-16 code unit. They are one-to-one with the bytes (no collisions) and never shown: where a
// key is shown or compared with hex (entry.key, the orphan pool), it stays hex.

/** A 32-byte hash (txid, wtxid) as a key string: 18 code units, the last two 0. */
export function hashKey(h: Uint8Array): string {
  return unitsKey(h, 0);
}

/** An outpoint as a key string: 16 code units of its txid, then two of the output index. */
export function prevoutKey(o: OutPoint): string {
  return unitsKey(o.txid, o.vout);
}

// One call with every unit as an argument: building the arguments from an array (apply, spread)
// measured up to 3× slower.
function unitsKey(h: Uint8Array, n: number): string {
  return String.fromCharCode(
    h[0]! | (h[1]! << 8),
    h[2]! | (h[3]! << 8),
    h[4]! | (h[5]! << 8),
    h[6]! | (h[7]! << 8),
    h[8]! | (h[9]! << 8),
    h[10]! | (h[11]! << 8),
    h[12]! | (h[13]! << 8),
    h[14]! | (h[15]! << 8),
    h[16]! | (h[17]! << 8),
    h[18]! | (h[19]! << 8),
    h[20]! | (h[21]! << 8),
    h[22]! | (h[23]! << 8),
    h[24]! | (h[25]! << 8),
    h[26]! | (h[27]! << 8),
    h[28]! | (h[29]! << 8),
    h[30]! | (h[31]! << 8),
    n & 0xffff,
    n >>> 16,
  );
}
