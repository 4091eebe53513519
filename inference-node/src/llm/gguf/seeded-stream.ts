import { sha256 } from '@funai/ledger-node';

/**
 * A deterministic stream of uniform numbers in [-1, 1) keyed by (seed, label): block i is
 * SHA-256(domain || u32le(len(seed)) || seed || u32le(len(label)) || label || u32le(i)), read as eight
 * little-endian i32 words, each divided by 2^31. Only exact integer-to-double conversions are involved, so
 * every platform produces the same numbers bit for bit.
 */
export class SeededStream {
  private readonly prefix: Uint8Array;
  private block: Int32Array = new Int32Array(0);
  private used = 8;
  private counter = 0;

  constructor(seed: string, label: string) {
    const enc = new TextEncoder();
    const d = enc.encode('funai/tiny-model/v1');
    const s = enc.encode(seed);
    const l = enc.encode(label);
    this.prefix = new Uint8Array(d.length + 8 + s.length + l.length + 4);
    const v = new DataView(this.prefix.buffer);
    let o = 0;
    this.prefix.set(d, o);
    o += d.length;
    v.setUint32(o, s.length, true);
    this.prefix.set(s, o + 4);
    o += 4 + s.length;
    v.setUint32(o, l.length, true);
    this.prefix.set(l, o + 4);
  }

  /** The next number, uniform in [-1, 1) with 2^-31 resolution. */
  next(): number {
    if (this.used === 8) {
      const v = new DataView(this.prefix.buffer);
      v.setUint32(this.prefix.length - 4, this.counter++, true);
      const h = sha256(this.prefix);
      const dv = new DataView(h.buffer, h.byteOffset, h.byteLength);
      this.block = new Int32Array(8);
      for (let i = 0; i < 8; i++) this.block[i] = dv.getInt32(i * 4, true);
      this.used = 0;
    }
    return this.block[this.used++]! / 2147483648;
  }
}
