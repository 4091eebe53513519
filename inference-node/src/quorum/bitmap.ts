import { DecodeError } from '@funai/ledger-node';

/**
 * Verdict bitmaps (docs/protocol.md §15.8): bit i is record i of the block, in byte i >> 3 at bit i & 7
 * (least significant first, as the ledger's partial Merkle tree flags); 1 = valid, 0 = invalid. The
 * bitmap of n records is ⌈n / 8⌉ bytes and its padding bits (n … 8⌈n/8⌉ − 1) are zero, so each verdict
 * list has exactly one encoding.
 */

export function bitmapLength(records: number): number {
  return (records + 7) >> 3;
}

export function bitmapFromVerdicts(valid: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(bitmapLength(valid.length));
  for (let i = 0; i < valid.length; i++) if (valid[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

export function bitmapGet(bitmap: Uint8Array, i: number): boolean {
  return ((bitmap[i >> 3]! >> (i & 7)) & 1) === 1;
}

/** True when `bitmap` is the canonical bitmap of `records` records (right length, zero padding). */
export function isCanonicalBitmap(bitmap: Uint8Array, records: number): boolean {
  if (bitmap.length !== bitmapLength(records)) return false;
  const tail = records & 7;
  return tail === 0 || bitmap.length === 0 || bitmap[bitmap.length - 1]! >> tail === 0;
}

export function checkBitmap(bitmap: Uint8Array, records: number): void {
  if (!isCanonicalBitmap(bitmap, records)) throw new DecodeError('bitmap-padding', 'non-zero padding bits');
}

/** Number of set bits of a signer mask (at most 8 bits). */
export function popcount8(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}
