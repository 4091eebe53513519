/** Hex and byte-order helpers shared by every codec of the ledger (and re-exported for the other parts). */

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

export function fromHex(hex: string): Uint8Array {
  if (!HEX.test(hex)) throw new TypeError('invalid hex string');
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

// hashToHex reverses into this buffer and prints from it: no copy of the hash is allocated (the
// JSON views print two or three hashes per transaction).
const REVERSED = Buffer.alloc(64);

/** Bitcoin shows hashes (txids, block hashes) byte-reversed; these convert between the two orders. */
export function hashToHex(hash: Uint8Array): string {
  const n = hash.length;
  if (n > REVERSED.length) return toHex(Uint8Array.from(hash).reverse());
  for (let i = 0; i < n; i++) REVERSED[i] = hash[n - 1 - i]!;
  return REVERSED.toString('hex', 0, n);
}

export function hexToHash(hex: string): Uint8Array {
  const h = fromHex(hex);
  if (h.length !== 32) throw new TypeError('a hash is 32 bytes');
  return h.reverse();
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
