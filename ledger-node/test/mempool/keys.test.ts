import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashKey, prevoutKey } from '../../src/mempool/keys.js';
import { toHex } from '../../src/wire/bytes.js';

const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
const vout = fc.nat({ max: 0xffffffff });

describe('pool index keys', () => {
  it('hashKey is one-to-one: keys are equal exactly when the hashes are', () => {
    fc.assert(
      fc.property(hash, hash, (a, b) => {
        expect(hashKey(a) === hashKey(b)).toBe(toHex(a) === toHex(b));
      }),
    );
  });

  it('prevoutKey is one-to-one over (txid, vout), and starts as the txid’s hashKey does', () => {
    fc.assert(
      fc.property(hash, vout, hash, vout, (ta, va, tb, vb) => {
        const a = prevoutKey({ txid: ta, vout: va });
        const b = prevoutKey({ txid: tb, vout: vb });
        expect(a === b).toBe(toHex(ta) === toHex(tb) && va === vb);
        expect(a.slice(0, 16)).toBe(hashKey(ta).slice(0, 16));
        expect(prevoutKey({ txid: ta, vout: vb }) === a).toBe(va === vb);
      }),
    );
  });

  it('tells apart outputs whose indexes differ only above 16 bits', () => {
    const txid = new Uint8Array(32).fill(7);
    expect(prevoutKey({ txid, vout: 1 })).not.toBe(prevoutKey({ txid, vout: 0x10001 }));
    expect(prevoutKey({ txid, vout: 0xffffffff })).not.toBe(prevoutKey({ txid, vout: 0xffff }));
  });
});
