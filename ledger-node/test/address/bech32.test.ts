import { describe, expect, it } from 'vitest';
import { addressToScript, decodeAddress, scriptToAddress } from '../../src/address/address.js';
import {
  BECH32_MAX_LENGTH,
  convertBits,
  decodeBech32,
  decodeSegwitAddress,
  encodeBech32,
  encodeSegwitAddress,
} from '../../src/address/bech32.js';
import { AddressError } from '../../src/address/errors.js';
import type { AddressPrefixes } from '../../src/address/networks.js';
import { BITCOIN_MAINNET, BITCOIN_TESTNET } from '../../src/address/networks.js';
import { fromHex, toHex } from '../../src/wire/bytes.js';

// Test vectors of BIP173 and BIP350 (bitcoin/bips, bip-0173.mediawiki and bip-0350.mediawiki).

function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AddressError);
    return (e as AddressError).reason;
  }
  throw new Error('expected an AddressError');
}

const BECH32_VALID = [
  'A12UEL5L',
  'a12uel5l',
  'an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs',
  'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw',
  '11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j',
  'split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w',
  '?1ezyfcl',
];

const BECH32M_VALID = [
  'A1LQFN3A',
  'a1lqfn3a',
  'an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6',
  'abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx',
  '11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8',
  'split1checkupstagehandshakeupstreamerranterredcaperredlc445v',
  '?1v759aa',
];

const BECH32_INVALID: [string, string][] = [
  ['\x201nwldj5', 'invalid-character'],
  ['\x7f1axkwrx', 'invalid-character'],
  ['\x801eym55h', 'invalid-character'],
  ['an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx', 'too-long'],
  ['pzry9x0s0muk', 'invalid-separator'],
  ['1pzry9x0s0muk', 'invalid-separator'],
  ['x1b4n0q5v', 'invalid-character'],
  ['li1dgmt3', 'invalid-checksum'],
  ['de1lg7wt\xff', 'invalid-character'],
  ['A1G7SGD8', 'invalid-checksum'],
  ['10a06t8', 'invalid-separator'],
  ['1qzzfhee', 'invalid-separator'],
];

const BECH32M_INVALID: [string, string][] = [
  ['\x201xj0phk', 'invalid-character'],
  ['\x7f1g6xzxy', 'invalid-character'],
  ['\x801vctc34', 'invalid-character'],
  ['an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4', 'too-long'],
  ['qyrz8wqd2c9m', 'invalid-separator'],
  ['1qyrz8wqd2c9m', 'invalid-separator'],
  ['y1b0jsk6g', 'invalid-character'],
  ['lt1igcx5c0', 'invalid-character'],
  ['in1muywd', 'invalid-checksum'],
  ['mm1crxm3i', 'invalid-character'],
  ['au1s5cgom', 'invalid-character'],
  ['M1VUXWEZ', 'invalid-checksum'],
  ['16plkw9', 'invalid-separator'],
  ['1p2gdwpf', 'invalid-separator'],
];

const SEGWIT_VALID: [string, string][] = [
  ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', '0014751e76e8199196d454941c45d1b3a323f1433bd6'],
  [
    'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7',
    '00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262',
  ],
  [
    'bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y',
    '5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6',
  ],
  ['BC1SW50QGDZ25J', '6002751e'],
  ['bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', '5210751e76e8199196d454941c45d1b3a323'],
  [
    'tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy',
    '0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433',
  ],
  [
    'tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c',
    '5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433',
  ],
  [
    'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
    '512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798',
  ],
];

/** BIP350's invalid segwit addresses, then BIP173's that BIP350 keeps, with our reasons. */
const SEGWIT_INVALID: [string, string][] = [
  ['tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut', 'wrong-network'],
  ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', 'wrong-encoding'],
  ['tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf', 'wrong-encoding'],
  ['BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL', 'wrong-encoding'],
  ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', 'wrong-encoding'],
  ['tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47', 'wrong-encoding'],
  ['bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4', 'invalid-character'],
  ['BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R', 'invalid-witness-version'],
  ['bc1pw5dgrnzv', 'invalid-program-length'],
  ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav', 'invalid-program-length'],
  ['BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', 'invalid-program-length'],
  ['tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq', 'mixed-case'],
  ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf', 'invalid-padding'],
  ['tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j', 'invalid-padding'],
  ['bc1gmk9yu', 'invalid-program-length'],
  ['tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty', 'wrong-network'],
  ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'invalid-checksum'],
  ['bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du', 'wrong-encoding'],
  ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv', 'invalid-padding'],
];

function networkOf(addr: string): AddressPrefixes {
  return addr.toLowerCase().startsWith('tb1') ? BITCOIN_TESTNET : BITCOIN_MAINNET;
}

describe('Bech32 and Bech32m strings (BIP173, BIP350)', () => {
  it('accepts the valid strings under the right constant only', () => {
    for (const s of BECH32_VALID) expect(decodeBech32(s).encoding, s).toBe('bech32');
    for (const s of BECH32M_VALID) expect(decodeBech32(s).encoding, s).toBe('bech32m');
  });

  it('re-encodes the valid strings (lower case)', () => {
    for (const s of [...BECH32_VALID, ...BECH32M_VALID]) {
      const d = decodeBech32(s);
      expect(encodeBech32(d.hrp, d.data, d.encoding)).toBe(s.toLowerCase());
    }
  });

  it('rejects the invalid strings with the expected reason', () => {
    for (const [s, why] of [...BECH32_INVALID, ...BECH32M_INVALID])
      expect(
        reason(() => decodeBech32(s)),
        s,
      ).toBe(why);
  });

  it('refuses to encode past 90 characters', () => {
    const data = new Array(BECH32_MAX_LENGTH - 2 - 6).fill(0);
    expect(encodeBech32('a', data, 'bech32')).toHaveLength(BECH32_MAX_LENGTH);
    expect(reason(() => encodeBech32('a', [...data, 0], 'bech32'))).toBe('too-long');
  });
});

describe('segwit addresses (BIP350 rules)', () => {
  it('decodes every valid address to its scriptPubKey and re-encodes it', () => {
    for (const [addr, script] of SEGWIT_VALID) {
      const net = networkOf(addr);
      expect(toHex(addressToScript(addr, net)), addr).toBe(script);
      expect(scriptToAddress(fromHex(script), net)).toBe(addr.toLowerCase());
    }
  });

  it('rejects every invalid address with the expected reason', () => {
    for (const [addr, why] of SEGWIT_INVALID) {
      expect(
        reason(() => decodeAddress(addr, networkOf(addr))),
        addr,
      ).toBe(why);
    }
  });

  it('enforces program lengths when encoding', () => {
    expect(reason(() => encodeSegwitAddress('bc', 0, new Uint8Array(21)))).toBe('invalid-program-length');
    expect(reason(() => encodeSegwitAddress('bc', 1, new Uint8Array(1)))).toBe('invalid-program-length');
    expect(reason(() => encodeSegwitAddress('bc', 1, new Uint8Array(41)))).toBe('invalid-program-length');
    expect(reason(() => encodeSegwitAddress('bc', 17, new Uint8Array(32)))).toBe('invalid-witness-version');
    for (const len of [2, 20, 32, 40]) {
      const program = Uint8Array.from({ length: len }, (_, i) => i * 7);
      for (const version of [1, 2, 16]) {
        const addr = encodeSegwitAddress('bc', version, program);
        expect(decodeBech32(addr).encoding).toBe('bech32m');
        const back = decodeSegwitAddress('bc', addr);
        expect(back.version).toBe(version);
        expect(toHex(back.program)).toBe(toHex(program));
      }
    }
  });

  it('convertBits rejects padding of 5 bits or more and non-zero padding', () => {
    expect(convertBits([0xff], 8, 5, true)).toEqual([31, 28]);
    expect(convertBits([31, 28], 5, 8, false)).toEqual([0xff]);
    expect(reason(() => convertBits([31, 29], 5, 8, false))).toBe('invalid-padding');
    expect(reason(() => convertBits([31, 28, 0], 5, 8, false))).toBe('invalid-padding');
  });
});
