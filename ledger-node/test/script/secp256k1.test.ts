import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeDer, isHighS, normalizeS, parseDerLax, SECP256K1_ORDER } from '../../src/crypto/der.js';
import { sha256 } from '../../src/crypto/hash.js';
import {
  isLowDerSignature,
  isNativeSecp256k1Available,
  publicKeyFromPrivate,
  type Secp256k1Backend,
  secp256k1Backend,
  setSecp256k1Backend,
  signEcdsaDer,
  verifyEcdsaDerLax,
} from '../../src/crypto/secp256k1.js';
import { fromHex, toHex } from '../../src/wire/bytes.js';

const backends: Secp256k1Backend[] = isNativeSecp256k1Available() ? ['native', 'noble'] : ['noble'];
const defaultBackend: Secp256k1Backend = isNativeSecp256k1Available() ? 'native' : 'noble';
afterEach(() => setSecp256k1Backend(defaultBackend));

const KEY = sha256(new TextEncoder().encode('funai secp256k1 test key'));
const MSG = sha256(new TextEncoder().encode('message'));

function compact(der: Uint8Array): Uint8Array {
  const out = new Uint8Array(64);
  expect(parseDerLax(der, out)).toBe(true);
  return out;
}

function negateS(der: Uint8Array): Uint8Array {
  const sig = compact(der);
  const n = BigInt(`0x${toHex(SECP256K1_ORDER)}`);
  const s = BigInt(`0x${toHex(sig.subarray(32))}`);
  sig.set(fromHex((n - s).toString(16).padStart(64, '0')), 32);
  return encodeDer(sig);
}

/** 04 x y → 06/07 x y, the prefix carrying Y's parity. */
function hybrid(uncompressed: Uint8Array, flipParity = false): Uint8Array {
  const h = uncompressed.slice();
  h[0] = 6 | ((uncompressed[64]! & 1) ^ (flipParity ? 1 : 0));
  return h;
}

describe('secp256k1 backends', () => {
  it('loads native libsecp256k1 here, and can be switched to noble and back', () => {
    // The CI image ships the prebuilt addon; if this fails the node would silently run 5x slower.
    expect(isNativeSecp256k1Available()).toBe(true);
    setSecp256k1Backend('noble');
    expect(secp256k1Backend()).toBe('noble');
    setSecp256k1Backend('native');
    expect(secp256k1Backend()).toBe('native');
  });

  for (const backend of backends) {
    describe(backend, () => {
      it('verifies a signature and rejects a wrong message, key or signature', () => {
        setSecp256k1Backend(backend);
        const der = signEcdsaDer(MSG, KEY);
        const pub = publicKeyFromPrivate(KEY);
        expect(verifyEcdsaDerLax(der, MSG, pub)).toBe(true);
        expect(verifyEcdsaDerLax(der, sha256(MSG), pub)).toBe(false);
        expect(verifyEcdsaDerLax(der, MSG, publicKeyFromPrivate(sha256(KEY)))).toBe(false);
        const bad = der.slice();
        bad[10]! ^= 1;
        expect(verifyEcdsaDerLax(bad, MSG, pub)).toBe(false);
      });

      it('accepts high S (normalised first, as Core) and every key encoding libsecp256k1 parses', () => {
        setSecp256k1Backend(backend);
        const der = signEcdsaDer(MSG, KEY);
        const high = negateS(der);
        expect(isLowDerSignature(der)).toBe(true);
        expect(isLowDerSignature(high)).toBe(false);
        const uncompressed = publicKeyFromPrivate(KEY, false);
        for (const pub of [publicKeyFromPrivate(KEY), uncompressed, hybrid(uncompressed)]) {
          expect(verifyEcdsaDerLax(der, MSG, pub)).toBe(true);
          expect(verifyEcdsaDerLax(high, MSG, pub)).toBe(true);
        }
        // Hybrid with the wrong parity bit, wrong lengths, unknown prefixes: not keys.
        expect(verifyEcdsaDerLax(der, MSG, hybrid(uncompressed, true))).toBe(false);
        expect(verifyEcdsaDerLax(der, MSG, uncompressed.subarray(0, 33))).toBe(false);
        expect(verifyEcdsaDerLax(der, MSG, Uint8Array.of(5, ...uncompressed.subarray(1)))).toBe(false);
        expect(verifyEcdsaDerLax(der, MSG, new Uint8Array(0))).toBe(false);
        // A point not on the curve.
        const off = uncompressed.slice();
        off[64]! ^= 2;
        expect(verifyEcdsaDerLax(der, MSG, off)).toBe(false);
      });

      it('parses non-DER (BER-ish) encodings leniently when the values are right', () => {
        setSecp256k1Backend(backend);
        const der = signEcdsaDer(MSG, KEY);
        const pub = publicKeyFromPrivate(KEY);
        const sig = compact(der);
        const r = sig.subarray(0, 32);
        const s = sig.subarray(32);
        // Long-form lengths and zero padding: rejected by BIP66's strict check, fine for the parser.
        const ber = Uint8Array.of(0x30, 0x81, 0x48, 0x02, 0x81, 0x22, 0, 0, ...r, 0x02, 0x81, 0x21, 0, ...s);
        expect(verifyEcdsaDerLax(ber, MSG, pub)).toBe(true);
        // Trailing garbage after S is ignored by the lax parser.
        expect(verifyEcdsaDerLax(Uint8Array.of(...der, 1, 2, 3), MSG, pub)).toBe(true);
      });
    });
  }

  it('agrees between native and noble on random keys, messages and corruptions', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.nat(80),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        (seed, msg, pos, xor, uncompressed) => {
          const key = sha256(seed);
          const pub = publicKeyFromPrivate(key, !uncompressed);
          const der = signEcdsaDer(msg, key);
          const sig = der.slice();
          if (pos < sig.length) sig[pos]! ^= xor;
          const results = backends.map((b) => {
            setSecp256k1Backend(b);
            return verifyEcdsaDerLax(sig, msg, pub);
          });
          expect(new Set(results).size).toBe(1);
          if (xor === 0 || pos >= der.length) expect(results[0]).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('lax DER parsing (libsecp256k1 contrib/lax_der_parsing.c)', () => {
  it('reads r and s, stripping leading zeros', () => {
    const out = new Uint8Array(64);
    expect(parseDerLax(fromHex('3006020101020102'), out)).toBe(true);
    expect(out[31]).toBe(1);
    expect(out[63]).toBe(2);
    expect(parseDerLax(fromHex('300a02030000010203000002'), out)).toBe(true);
    expect(out[31]).toBe(1);
    expect(out[63]).toBe(2);
  });

  it('fails on unparseable input and zeroes values that overflow or reach n', () => {
    const out = new Uint8Array(64);
    // Wrong tags, truncation, an r length running past the end, a long-form length of 8 bytes.
    for (const bad of [
      '',
      '31',
      '30',
      '3002',
      '300402',
      '3006020101',
      '30060201010301',
      '300602050101',
      '30080288',
    ]) {
      expect(parseDerLax(fromHex(bad), out), bad).toBe(false);
    }
    expect(parseDerLax(fromHex('3006020102020101'), out)).toBe(true);
    const n = toHex(SECP256K1_ORDER);
    expect(parseDerLax(fromHex(`3026022100${n}020101`), out)).toBe(true);
    expect(out.every((b) => b === 0)).toBe(true);
    expect(parseDerLax(fromHex(`3028022201${'00'.repeat(33)}020101`), out)).toBe(true);
    expect(out.every((b) => b === 0)).toBe(true);
  });

  it('normalises S to n − S exactly when S > n/2', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (s) => {
        const sig = new Uint8Array(64);
        sig.set(s, 32);
        const n = BigInt(`0x${toHex(SECP256K1_ORDER)}`);
        const v = BigInt(`0x${toHex(s)}`);
        fc.pre(v < n);
        const high = isHighS(sig);
        expect(high).toBe(v > n / 2n);
        normalizeS(sig);
        expect(BigInt(`0x${toHex(sig.subarray(32))}`)).toBe(high ? n - v : v);
      }),
    );
  });
});
