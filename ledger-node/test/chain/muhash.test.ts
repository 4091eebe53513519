import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MuHash3072 } from '../../src/chain/muhash.js';
import { fromHex, hashToHex, toHex } from '../../src/wire/bytes.js';

// Known answers from Bitcoin Core's src/test/crypto_tests.cpp (muhash_tests, MIT licence).
// FromInt(i) there is the MuHash of the 32-byte buffer {i, 0, ..., 0}.
function fromInt(i: number): MuHash3072 {
  const b = new Uint8Array(32);
  b[0] = i;
  return new MuHash3072().insert(b);
}

describe('MuHash3072', () => {
  it('matches Core: FromInt(0) * FromInt(1) / FromInt(2)', () => {
    const acc = fromInt(0).combine(fromInt(1)).divide(fromInt(2));
    // Core compares with uint256S(...), the display (byte-reversed) form.
    expect(hashToHex(acc.digest())).toBe('10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863');
  });

  it('matches Core: insert and remove on FromInt(0)', () => {
    const one = new Uint8Array(32);
    one[0] = 1;
    const two = new Uint8Array(32);
    two[0] = 2;
    const acc = fromInt(0).insert(one).remove(two);
    expect(hashToHex(acc.digest())).toBe('10d312b100cbd32ada024a6646e40d3482fcff103668d2625f10002a607d5863');
  });

  it('matches Core: a numerator above the modulus (all 0xff limbs) over 1', () => {
    const state = new Uint8Array(768);
    state.fill(0xff, 0, 384);
    state[384] = 1;
    // Core checks HexStr(out), the raw byte order.
    expect(toHex(MuHash3072.deserialize(state).digest())).toBe(
      '3a31e6903aff0de9f62f9a9f7f8b861de76ce2cda09822b90014319ae5dc2271',
    );
  });

  it('round-trips its serialized state', () => {
    const a = fromInt(1).combine(fromInt(2));
    const b = MuHash3072.deserialize(a.serialize());
    expect(toHex(b.digest())).toBe(toHex(a.digest()));
    expect(toHex(b.serialize())).toBe(toHex(a.serialize()));
  });

  it('is independent of insertion order, and removal undoes insertion', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.uint8Array({ minLength: 1, maxLength: 40 }), {
          minLength: 1,
          maxLength: 6,
          selector: (b) => toHex(b),
        }),
        fc.nat(),
        (items, seed) => {
          const a = new MuHash3072();
          for (const x of items) a.insert(x);
          const shuffled = items
            .map((x, i) => ({ x, k: (i * 2654435761 + seed) % 1000003 }))
            .sort((p, q) => p.k - q.k)
            .map((e) => e.x);
          const b = new MuHash3072();
          for (const x of shuffled) b.insert(x);
          expect(toHex(a.digest())).toBe(toHex(b.digest()));
          const extra = fromHex('deadbeef');
          const c = new MuHash3072();
          for (const x of items) c.insert(x);
          c.insert(extra).remove(extra);
          expect(toHex(c.digest())).toBe(toHex(a.digest()));
          const d = new MuHash3072();
          for (const x of items.slice(1)) d.insert(x);
          expect(toHex(d.digest())).not.toBe(toHex(a.digest()));
        },
      ),
      { numRuns: 25 },
    );
  });
});
