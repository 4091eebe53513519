import { DecodeError } from './errors.js';

/** Bitcoin Core's MAX_SIZE: no CompactSize in a message may exceed it. */
export const MAX_COMPACT_SIZE = 0x02000000;

/**
 * A bounds-checked cursor over a byte array. Every length read from the input is checked against
 * the bytes that remain before anything is allocated, so an attacker's length field cannot make a
 * decoder allocate more than the input it sent.
 */
export class ByteReader {
  private readonly view: DataView;
  offset = 0;

  readonly buf: Uint8Array;

  constructor(input: Uint8Array) {
    // A Node Buffer's slice() is a view, not a copy: re-view the bytes as a plain Uint8Array so
    // that decoders' `.slice()` copies never alias the caller's (possibly pooled) buffer.
    this.buf = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  }

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private need(n: number): void {
    if (n > this.remaining) throw new DecodeError('truncated', `need ${n} bytes, have ${this.remaining}`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.offset++]!;
  }

  u16le(): number {
    this.need(2);
    const v = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return v;
  }

  u32le(): number {
    this.need(4);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  i32le(): number {
    this.need(4);
    const v = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }

  u64le(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }

  i64le(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.offset, true);
    this.offset += 8;
    return v;
  }

  /** A view into the input (no copy). */
  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** CompactSize, canonical (shortest) form only, at most MAX_COMPACT_SIZE, as Bitcoin Core's ReadCompactSize. */
  compactSize(): number {
    const first = this.u8();
    let v: number;
    if (first < 0xfd) return first;
    if (first === 0xfd) {
      v = this.u16le();
      if (v < 0xfd) throw new DecodeError('non-canonical-compactsize');
    } else if (first === 0xfe) {
      v = this.u32le();
      if (v < 0x10000) throw new DecodeError('non-canonical-compactsize');
    } else {
      const big = this.u64le();
      if (big < 0x100000000n) throw new DecodeError('non-canonical-compactsize');
      throw new DecodeError('compactsize-too-large');
    }
    if (v > MAX_COMPACT_SIZE) throw new DecodeError('compactsize-too-large');
    return v;
  }

  /**
   * A count of items each at least `minItemBytes` long: rejected before any allocation when the
   * remaining input could not hold that many.
   */
  count(minItemBytes: number): number {
    const n = this.compactSize();
    if (n * minItemBytes > this.remaining) throw new DecodeError('truncated', `count ${n} exceeds input`);
    return n;
  }

  /** CompactSize-prefixed bytes (a view into the input). */
  varBytes(): Uint8Array {
    const n = this.compactSize();
    return this.bytes(n);
  }

  /** Throws unless the whole input was consumed. */
  end(): void {
    if (this.remaining !== 0) throw new DecodeError('trailing-bytes', `${this.remaining} bytes left`);
  }
}
