import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256d } from '../../src/crypto/hash.js';
import { hashToHex, toHex } from '../../src/wire/bytes.js';
import { encodeTx, txid, wtxid } from '../../src/wire/tx.js';
import { ByteWriter } from '../../src/wire/writer.js';
import { txArb } from '../fuzz/arbitraries.js';

// ByteWriter stores integers byte by byte (a DataView only for 64-bit values beyond 2^53) and
// hands out views of a reused buffer: each form is checked against a DataView reference.

const anyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 0xffff, 0x10000, 0xffffffff, 2 ** 32, 2 ** 32 + 7, 2 ** 53, -(2 ** 31), Number.NaN),
);
const anyBigint = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.constantFrom(0n, -1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n, 2n ** 64n),
);

function reference(width: number, write: (v: DataView) => void): string {
  const b = new Uint8Array(width);
  write(new DataView(b.buffer));
  return toHex(b);
}

describe('ByteWriter', () => {
  it('writes 16- and 32-bit fields as DataView does, for any number', () => {
    fc.assert(
      fc.property(anyNumber, (v) => {
        expect(toHex(new ByteWriter(1).u16le(v).finish())).toBe(reference(2, (d) => d.setUint16(0, v, true)));
        expect(toHex(new ByteWriter(1).u32le(v).finish())).toBe(
          reference(4, (d) => d.setUint32(0, v >>> 0, true)),
        );
        expect(toHex(new ByteWriter(1).i32le(v).finish())).toBe(
          reference(4, (d) => d.setInt32(0, v | 0, true)),
        );
      }),
    );
  });

  it('writes 64-bit fields as DataView does, in and beyond the safe-integer range', () => {
    fc.assert(
      fc.property(anyBigint, (v) => {
        expect(toHex(new ByteWriter(3).u64le(v).finish())).toBe(
          reference(8, (d) => d.setBigUint64(0, BigInt.asUintN(64, v), true)),
        );
        expect(toHex(new ByteWriter(3).u8(7).i64le(v).u8(9).finish())).toBe(
          `07${reference(8, (d) => d.setBigInt64(0, BigInt.asIntN(64, v), true))}09`,
        );
      }),
    );
  });

  it('grows from an empty buffer', () => {
    expect(toHex(new ByteWriter(0).u32le(0x01020304).bytes(Uint8Array.of(5)).finish())).toBe('0403020105');
  });

  it('views without copying, and reset reuses the buffer without touching finished copies', () => {
    const w = new ByteWriter(4).u32le(1).u8(2);
    const done = w.finish();
    expect(toHex(w.view())).toBe(toHex(done));
    w.reset().u8(0xff).u8(0xee);
    expect(toHex(w.view())).toBe('ffee');
    expect(w.length).toBe(2);
    expect(toHex(done)).toBe('0100000002');
  });
});

describe('hashing in reused buffers', () => {
  it('gives the ids of the serializations, whatever the order and size of the transactions', () => {
    const big = {
      ...fc.sample(txArb, 1)[0]!,
      outputs: [{ value: 1n, scriptPubKey: new Uint8Array(70_000) }],
    };
    fc.assert(
      fc.property(fc.array(txArb, { minLength: 1, maxLength: 4 }), (txs) => {
        for (const tx of [...txs, big, ...txs]) {
          expect(toHex(txid(tx))).toBe(toHex(sha256d(encodeTx(tx, false))));
          expect(toHex(wtxid(tx))).toBe(toHex(sha256d(encodeTx(tx, true))));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('prints hashes byte-reversed at any length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (h) => {
        expect(hashToHex(h)).toBe(toHex(Uint8Array.from(h).reverse()));
      }),
    );
  });
});
