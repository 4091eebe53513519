import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Destination } from '../../src/address/address.js';
import { decodeAddress, encodeAddress } from '../../src/address/address.js';
import {
  decodeBase58,
  decodeBase58Check,
  encodeBase58,
  encodeBase58Check,
} from '../../src/address/base58.js';
import { decodeBech32, encodeBech32 } from '../../src/address/bech32.js';
import { AddressError } from '../../src/address/errors.js';
import type { AddressPrefixes } from '../../src/address/networks.js';
import {
  BITCOIN_MAINNET,
  BITCOIN_TESTNET,
  FUNAI_MAINNET,
  FUNAI_REGTEST,
  FUNAI_TESTNET,
} from '../../src/address/networks.js';
import { decodeWif, encodeWif } from '../../src/address/wif.js';
import { toHex } from '../../src/wire/bytes.js';
import { decodeOrTypedError, params } from './harness.js';

// Address, key, Base58 and Bech32 decoders on random strings and on seeded mutations of valid
// strings: only AddressError escapes; what decodes re-encodes to the input (lower-cased for
// Bech32), so the output is never larger than the input.

const NETWORKS: AddressPrefixes[] = [
  FUNAI_MAINNET,
  FUNAI_TESTNET,
  FUNAI_REGTEST,
  BITCOIN_MAINNET,
  BITCOIN_TESTNET,
];
const networkArb = fc.constantFrom(...NETWORKS);

const ALPHABET =
  '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0OIl qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const charArb = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...ALPHABET) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x2ff }).map((c) => String.fromCharCode(c)) },
);
const stringArb = (maxLength: number) => fc.array(charArb, { maxLength }).map((a) => a.join(''));

type StrMutation =
  | { kind: 'sub'; pos: number; c: string }
  | { kind: 'ins'; pos: number; c: string }
  | { kind: 'del'; pos: number }
  | { kind: 'swap'; pos: number }
  | { kind: 'case'; pos: number };
const strMutationArb: fc.Arbitrary<StrMutation> = fc.oneof(
  fc.record({ kind: fc.constant('sub' as const), pos: fc.nat(), c: charArb }),
  fc.record({ kind: fc.constant('ins' as const), pos: fc.nat(), c: charArb }),
  fc.record({ kind: fc.constant('del' as const), pos: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), pos: fc.nat() }),
  fc.record({ kind: fc.constant('case' as const), pos: fc.nat() }),
);
function mutateString(s: string, muts: readonly StrMutation[]): string {
  let a = [...s];
  for (const m of muts) {
    const p = a.length === 0 ? 0 : m.pos % a.length;
    if (m.kind === 'sub' && a.length) a[p] = m.c;
    else if (m.kind === 'ins') a.splice(p, 0, m.c);
    else if (m.kind === 'del') a.splice(p, 1);
    else if (m.kind === 'swap' && a.length > 1) {
      const q = (p + 1) % a.length;
      [a[p], a[q]] = [a[q]!, a[p]!];
    } else if (m.kind === 'case' && a.length) {
      const c = a[p]!;
      a[p] = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
    }
  }
  a = a.filter((c) => c !== undefined);
  return a.join('');
}
const strMutationsArb = fc.array(strMutationArb, { minLength: 1, maxLength: 3 });

const bytesArb = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const destinationArb: fc.Arbitrary<Destination> = fc.oneof(
  bytesArb(20, 20).map((hash) => ({ type: 'p2pkh' as const, hash })),
  bytesArb(20, 20).map((hash) => ({ type: 'p2sh' as const, hash })),
  fc
    .oneof(bytesArb(20, 20), bytesArb(32, 32))
    .map((program) => ({ type: 'witness' as const, version: 0, program })),
  fc
    .record({ version: fc.integer({ min: 1, max: 16 }), program: bytesArb(2, 40) })
    .map((w) => ({ type: 'witness' as const, ...w })),
);

/** A decoded address must re-encode to the string it came from. */
function checkAddress(str: string, net: AddressPrefixes, dest: Destination | undefined): void {
  if (dest === undefined) return;
  const again = encodeAddress(dest, net);
  expect(again).toBe(dest.type === 'witness' ? str.toLowerCase() : str);
}

describe('Base58 and Base58Check', () => {
  it('random strings: AddressError or bytes that re-encode to the string', () => {
    fc.assert(
      fc.property(stringArb(120), (s) => {
        const b = decodeOrTypedError(AddressError, () => decodeBase58(s));
        if (b) {
          expect(b.length).toBeLessThanOrEqual(s.length);
          expect(encodeBase58(b)).toBe(s);
        }
        const p = decodeOrTypedError(AddressError, () => decodeBase58Check(s));
        if (p) expect(encodeBase58Check(p)).toBe(s);
      }),
      params(3000),
    );
  });

  it('valid payloads round-trip; mutations never decode to another payload undetected', () => {
    fc.assert(
      fc.property(bytesArb(0, 60), strMutationsArb, (payload, muts) => {
        const s = encodeBase58Check(payload);
        expect(toHex(decodeBase58Check(s))).toBe(toHex(payload));
        const m = mutateString(s, muts);
        const p = decodeOrTypedError(AddressError, () => decodeBase58Check(m));
        if (p) expect(encodeBase58Check(p)).toBe(m);
      }),
      params(2000),
    );
  });
});

describe('Bech32', () => {
  it('random strings: AddressError or a string that re-encodes to its lower-case form', () => {
    fc.assert(
      fc.property(stringArb(100), (s) => {
        const d = decodeOrTypedError(AddressError, () => decodeBech32(s));
        if (d) {
          expect(d.data.length).toBeLessThanOrEqual(s.length);
          expect(encodeBech32(d.hrp, d.data, d.encoding)).toBe(s.toLowerCase());
        }
      }),
      params(3000),
    );
  });
});

describe('addresses', () => {
  it('random strings on every network: AddressError or a canonical address', () => {
    fc.assert(
      fc.property(stringArb(100), networkArb, (s, net) => {
        checkAddress(
          s,
          net,
          decodeOrTypedError(AddressError, () => decodeAddress(s, net)),
        );
      }),
      params(3000),
    );
  });

  it('mutated valid addresses: AddressError or a canonical address', () => {
    fc.assert(
      fc.property(destinationArb, networkArb, networkArb, strMutationsArb, (dest, from, to, muts) => {
        const s = mutateString(encodeAddress(dest, from), muts);
        checkAddress(
          s,
          to,
          decodeOrTypedError(AddressError, () => decodeAddress(s, to)),
        );
      }),
      params(3000),
    );
  });

  it('valid destinations round-trip on every network and nowhere else', () => {
    fc.assert(
      fc.property(destinationArb, networkArb, networkArb, (dest, from, to) => {
        const s = encodeAddress(dest, from);
        expect(decodeAddress(s, from)).toEqual(dest);
        if (from !== to) expect(() => decodeAddress(s, to)).toThrow(AddressError);
      }),
      params(2000),
    );
  });
});

describe('WIF', () => {
  const keyArb = bytesArb(32, 32).filter((k) => k.some((b) => b !== 0) && k[0] !== 0xff);
  it('random and mutated strings: AddressError or a canonical key', () => {
    fc.assert(
      fc.property(
        keyArb,
        fc.boolean(),
        networkArb,
        strMutationsArb,
        stringArb(60),
        (key, compressed, net, muts, rnd) => {
          const wif = encodeWif({ privateKey: key, compressed }, net);
          expect(decodeWif(wif, net)).toEqual({ privateKey: key, compressed });
          for (const s of [mutateString(wif, muts), rnd]) {
            const k = decodeOrTypedError(AddressError, () => decodeWif(s, net));
            if (k) expect(encodeWif(k, net)).toBe(s);
          }
        },
      ),
      params(2000),
    );
  });
});
