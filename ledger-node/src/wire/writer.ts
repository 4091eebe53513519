const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A growable little-endian byte writer: the encoding side of ByteReader. */
export class ByteWriter {
  private buf: Uint8Array;
  // Made only for 64-bit values beyond 2^53 (everything else is stored byte by byte): a writer is
  // created per txid, sighash preimage and database key on the validation paths, and a second
  // allocation per writer showed in their profiles.
  private dv: DataView | undefined;
  length = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    // At least 1: doubling an empty buffer would never make room.
    let size = Math.max(this.buf.length * 2, 1);
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.dv = undefined;
  }

  private dataView(): DataView {
    this.dv ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.dv;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.length++] = v;
    return this;
  }

  u16le(v: number): this {
    this.ensure(2);
    const x = v & 0xffff;
    this.buf[this.length] = x;
    this.buf[this.length + 1] = x >>> 8;
    this.length += 2;
    return this;
  }

  u32le(v: number): this {
    this.ensure(4);
    this.put32(v >>> 0);
    return this;
  }

  i32le(v: number): this {
    this.ensure(4);
    this.put32(v | 0);
    return this;
  }

  /** The low 32 bits of `x` (two's complement for negatives), little-endian. */
  private put32(x: number): void {
    const b = this.buf;
    const o = this.length;
    b[o] = x;
    b[o + 1] = x >>> 8;
    b[o + 2] = x >>> 16;
    b[o + 3] = x >>> 24;
    this.length = o + 4;
  }

  u64le(v: bigint): this {
    this.ensure(8);
    if (v >= 0n && v <= MAX_SAFE) this.putSafe64(Number(v));
    else {
      this.dataView().setBigUint64(this.length, BigInt.asUintN(64, v), true);
      this.length += 8;
    }
    return this;
  }

  i64le(v: bigint): this {
    this.ensure(8);
    if (v >= 0n && v <= MAX_SAFE) this.putSafe64(Number(v));
    else {
      this.dataView().setBigInt64(this.length, BigInt.asIntN(64, v), true);
      this.length += 8;
    }
    return this;
  }

  /** A non-negative safe integer as 64 bits: amounts, without a BigInt operation or a DataView. */
  private putSafe64(n: number): void {
    this.put32(n >>> 0);
    this.put32(Math.floor(n / 0x100000000));
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  compactSize(n: number): this {
    if (n < 0xfd) return this.u8(n);
    if (n <= 0xffff) return this.u8(0xfd).u16le(n);
    if (n <= 0xffffffff) return this.u8(0xfe).u32le(n);
    return this.u8(0xff).u64le(BigInt(n));
  }

  varBytes(b: Uint8Array): this {
    return this.compactSize(b.length).bytes(b);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  /**
   * The bytes written so far as a view into the writer's buffer (no copy), for a caller that
   * hashes them at once: a later write, or a reset, may change or move them.
   */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /**
   * Empties the writer and keeps its buffer, so that a scratch writer serves many short-lived
   * serializations (hashed or printed through view()) without an allocation each. Bytes already
   * returned by finish() are copies and stay as they are.
   */
  reset(): this {
    this.length = 0;
    return this;
  }
}

export function compactSizeLength(n: number): number {
  return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffff ? 5 : 9;
}
