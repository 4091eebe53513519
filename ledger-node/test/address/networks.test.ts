import { describe, expect, it } from 'vitest';
import type { Destination } from '../../src/address/address.js';
import { decodeAddress, encodeAddress } from '../../src/address/address.js';
import { AddressError } from '../../src/address/errors.js';
import type { AddressPrefixes } from '../../src/address/networks.js';
import {
  BITCOIN_MAINNET,
  BITCOIN_REGTEST,
  BITCOIN_TESTNET,
  FUNAI_MAINNET,
  FUNAI_REGTEST,
  FUNAI_TESTNET,
} from '../../src/address/networks.js';
import { decodeWif, encodeWif } from '../../src/address/wif.js';
import { toHex } from '../../src/wire/bytes.js';

const FUNAI: [string, AddressPrefixes][] = [
  ['funai-main', FUNAI_MAINNET],
  ['funai-test', FUNAI_TESTNET],
  ['funai-regtest', FUNAI_REGTEST],
];
const BITCOIN: [string, AddressPrefixes][] = [
  ['bitcoin-main', BITCOIN_MAINNET],
  ['bitcoin-test', BITCOIN_TESTNET],
  ['bitcoin-regtest', BITCOIN_REGTEST],
];
const ALL = [...FUNAI, ...BITCOIN];

function bytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 17 + 1) & 0xff);
}

const DESTINATIONS: Destination[] = [];
for (let seed = 0; seed < 8; seed++) {
  DESTINATIONS.push({ type: 'p2pkh', hash: bytes(20, seed) });
  DESTINATIONS.push({ type: 'p2sh', hash: bytes(20, seed + 100) });
  DESTINATIONS.push({ type: 'witness', version: 0, program: bytes(20, seed + 200) });
  DESTINATIONS.push({ type: 'witness', version: 0, program: bytes(32, seed + 300) });
  DESTINATIONS.push({ type: 'witness', version: 1, program: bytes(32, seed + 400) });
  DESTINATIONS.push({ type: 'witness', version: 16, program: bytes(2 + seed * 5, seed + 500) });
}
// Extremes of the hash space, where Base58 leading characters change.
DESTINATIONS.push(
  { type: 'p2pkh', hash: new Uint8Array(20) },
  { type: 'p2pkh', hash: new Uint8Array(20).fill(0xff) },
);
DESTINATIONS.push(
  { type: 'p2sh', hash: new Uint8Array(20) },
  { type: 'p2sh', hash: new Uint8Array(20).fill(0xff) },
);

const KEYS = [
  new Uint8Array(32).fill(1),
  bytes(32, 7),
  Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 1 : 0)),
];

describe('FUN AI address prefixes', () => {
  it('use version bytes distinct from Bitcoin and from one another', () => {
    const funaiBytes = FUNAI.flatMap(([, p]) => [p.pubKeyHash, p.scriptHash, p.secretKey]);
    expect(new Set(funaiBytes).size).toBe(funaiBytes.length);
    for (const b of funaiBytes) expect([0, 5, 111, 196, 128, 239]).not.toContain(b);
    const hrps = ALL.map(([, p]) => p.bech32Hrp);
    expect(new Set(hrps).size).toBe(hrps.length);
  });

  it('give readable leading characters', () => {
    const lead = (d: Destination, p: AddressPrefixes) => encodeAddress(d, p)[0];
    const p2pkh = DESTINATIONS.filter((d) => d.type === 'p2pkh');
    const p2sh = DESTINATIONS.filter((d) => d.type === 'p2sh');
    for (const [p, pk, sh] of [
      [FUNAI_MAINNET, 'F', 'f'],
      [FUNAI_TESTNET, 'T', 't'],
      [FUNAI_REGTEST, 'R', 'r'],
    ] as const) {
      for (const d of p2pkh) expect(lead(d, p)).toBe(pk);
      for (const d of p2sh) expect(lead(d, p)).toBe(sh);
    }
    expect(encodeAddress(DESTINATIONS[2]!, FUNAI_MAINNET).startsWith('fai1q')).toBe(true);
    expect(encodeAddress(DESTINATIONS[4]!, FUNAI_TESTNET).startsWith('tfai1p')).toBe(true);
  });

  it('round-trip every destination on every network', () => {
    for (const [, net] of ALL) {
      for (const d of DESTINATIONS) expect(decodeAddress(encodeAddress(d, net), net)).toEqual(d);
    }
  });

  it('never decode on another network (no FUN AI address or key is valid on Bitcoin or across FUN AI)', () => {
    let checked = 0;
    for (const [from, fromNet] of FUNAI) {
      for (const d of DESTINATIONS) {
        const addr = encodeAddress(d, fromNet);
        for (const [to, toNet] of ALL) {
          if (to === from) continue;
          expect(() => decodeAddress(addr, toNet), `${from} → ${to}: ${addr}`).toThrow(AddressError);
          // Nor the reverse: the other network's address for the same destination is rejected here.
          expect(() => decodeAddress(encodeAddress(d, toNet), fromNet)).toThrow(AddressError);
          checked++;
        }
      }
      for (const privateKey of KEYS) {
        for (const compressed of [false, true]) {
          const wif = encodeWif({ privateKey, compressed }, fromNet);
          expect(toHex(decodeWif(wif, fromNet).privateKey)).toBe(toHex(privateKey));
          for (const [to, toNet] of ALL) {
            if (to === from) continue;
            expect(() => decodeWif(wif, toNet)).toThrow(AddressError);
            expect(() => decodeWif(encodeWif({ privateKey, compressed }, toNet), fromNet)).toThrow(
              AddressError,
            );
            expect(() => decodeAddress(wif, toNet)).toThrow(AddressError);
          }
        }
      }
    }
    expect(checked).toBe(3 * DESTINATIONS.length * 5);
  });
});

describe('WIF', () => {
  it('rejects keys outside [1, n-1]', () => {
    const n = Uint8Array.from(
      Buffer.from('fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141', 'hex'),
    );
    for (const bad of [new Uint8Array(32), n, new Uint8Array(32).fill(0xff)]) {
      expect(() => encodeWif({ privateKey: bad, compressed: true }, FUNAI_MAINNET)).toThrow(AddressError);
    }
    const nMinus1 = n.slice();
    nMinus1[31] = 0x40;
    const wif = encodeWif({ privateKey: nMinus1, compressed: false }, FUNAI_MAINNET);
    expect(decodeWif(wif, FUNAI_MAINNET)).toEqual({ privateKey: nMinus1, compressed: false });
  });
});
