import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addressToScript, decodeAddress, scriptToAddress } from '../../src/address/address.js';
import { decodeBase58, encodeBase58 } from '../../src/address/base58.js';
import { convertBits, decodeBech32 } from '../../src/address/bech32.js';
import { AddressError } from '../../src/address/errors.js';
import type { AddressPrefixes } from '../../src/address/networks.js';
import { BITCOIN_MAINNET, BITCOIN_REGTEST, BITCOIN_TESTNET } from '../../src/address/networks.js';
import { decodeWif, encodeWif } from '../../src/address/wif.js';
import { scriptForWitnessProgram } from '../../src/script/standard.js';
import { fromHex, toHex } from '../../src/wire/bytes.js';

// Bitcoin Core's key_io_tests.cpp and base58_tests.cpp, row for row, with Bitcoin's prefixes.

const VECTORS = new URL('../vectors/bitcoin-core/', import.meta.url);
function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, VECTORS), 'utf8')) as T;
}

const CHAINS: Record<string, AddressPrefixes> = {
  main: BITCOIN_MAINNET,
  test: BITCOIN_TESTNET,
  regtest: BITCOIN_REGTEST,
};

interface Meta {
  isPrivkey: boolean;
  chain: string;
  isCompressed?: boolean;
  tryCaseFlip?: boolean;
}

/**
 * The vectors predate BIP350: their witness v1+ rows carry a Bech32 (BIP173) checksum, which
 * BIP350 made invalid for v1+. Such a row is checked for rejection (`wrong-encoding`) and for its
 * program under the BIP173 checksum, and its Bech32m form is re-encoded instead.
 */
function isPreBip350Row(str: string): boolean {
  try {
    const dec = decodeBech32(str);
    return dec.encoding === 'bech32' && (dec.data[0] ?? 0) > 0;
  } catch {
    return false;
  }
}

function bip173Script(str: string): Uint8Array {
  const dec = decodeBech32(str);
  return scriptForWitnessProgram(dec.data[0]!, Uint8Array.from(convertBits(dec.data.slice(1), 5, 8, false)));
}

function flipCase(s: string): string {
  return s.replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}

/** The AddressError a call throws, failing the test on any other outcome. */
function addressError(f: () => unknown): AddressError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AddressError);
    return e as AddressError;
  }
  throw new Error('expected an AddressError');
}

describe('base58_encode_decode.json', () => {
  const rows = load<[string, string][]>('base58_encode_decode.json');
  it(`encodes and decodes all ${rows.length} rows`, () => {
    let passed = 0;
    for (const [hex, b58] of rows) {
      expect(encodeBase58(fromHex(hex))).toBe(b58);
      expect(toHex(decodeBase58(b58))).toBe(hex);
      passed++;
    }
    console.log(`base58_encode_decode.json: ${passed}/${rows.length} rows passed`);
    expect(passed).toBe(14);
  });

  it('rejects what Core rejects, and whitespace Core would skip', () => {
    expect(addressError(() => decodeBase58('invalid')).reason).toBe('invalid-base58-character');
    expect(addressError(() => decodeBase58('0OIl')).reason).toBe('invalid-base58-character');
    expect(addressError(() => decodeBase58(' 3EFU7m')).reason).toBe('invalid-base58-character');
    expect(addressError(() => decodeBase58('3EFU7m\0')).reason).toBe('invalid-base58-character');
    expect(addressError(() => decodeBase58('1'.repeat(300), 256)).reason).toBe('too-long');
  });
});

describe('key_io_valid.json', () => {
  const rows = load<[string, string, Meta][]>('key_io_valid.json');

  it('parses every row as Core (key_io_valid_parse)', () => {
    let passed = 0;
    let superseded = 0;
    for (const [str, payloadHex, meta] of rows) {
      const net = CHAINS[meta.chain]!;
      if (meta.isPrivkey) {
        const key = decodeWif(str, net);
        expect(toHex(key.privateKey), str).toBe(payloadHex);
        expect(key.compressed, str).toBe(meta.isCompressed);
        addressError(() => decodeAddress(str, net));
      } else if (isPreBip350Row(str)) {
        expect(addressError(() => decodeAddress(str, net)).reason, str).toBe('wrong-encoding');
        expect(toHex(bip173Script(str)), str).toBe(payloadHex);
        superseded++;
      } else {
        expect(toHex(addressToScript(str, net)), str).toBe(payloadHex);
        const flipped = flipCase(str);
        if (meta.tryCaseFlip) expect(toHex(addressToScript(flipped, net)), str).toBe(payloadHex);
        else addressError(() => decodeAddress(flipped, net));
        addressError(() => decodeWif(str, net));
      }
      passed++;
    }
    console.log(
      `key_io_valid.json (parse): ${passed}/${rows.length} rows passed, ${superseded} of them pre-BIP350 v1+ rows checked for rejection`,
    );
    expect(passed).toBe(62);
    expect(superseded).toBe(3);
  });

  it('generates every row as Core (key_io_valid_gen)', () => {
    let passed = 0;
    for (const [str, payloadHex, meta] of rows) {
      const net = CHAINS[meta.chain]!;
      if (meta.isPrivkey) {
        expect(encodeWif({ privateKey: fromHex(payloadHex), compressed: meta.isCompressed! }, net)).toBe(str);
      } else if (isPreBip350Row(str)) {
        const bech32m = scriptToAddress(fromHex(payloadHex), net)!;
        expect(bech32m).not.toBe(str);
        expect(decodeBech32(bech32m).encoding).toBe('bech32m');
        expect(toHex(addressToScript(bech32m, net))).toBe(payloadHex);
      } else {
        expect(scriptToAddress(fromHex(payloadHex), net)).toBe(str);
      }
      passed++;
    }
    console.log(`key_io_valid.json (gen): ${passed}/${rows.length} rows passed`);
    expect(passed).toBe(62);
  });
});

describe('key_io_invalid.json', () => {
  const rows = load<[string][]>('key_io_invalid.json');
  it('rejects every row as address and as key on main, test and regtest', () => {
    let passed = 0;
    for (const [str] of rows) {
      for (const net of Object.values(CHAINS)) {
        addressError(() => decodeAddress(str, net));
        addressError(() => decodeWif(str, net));
      }
      passed++;
    }
    console.log(`key_io_invalid.json: ${passed}/${rows.length} rows passed`);
    expect(passed).toBe(60);
  });
});
