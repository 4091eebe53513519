import { describe, expect, it } from 'vitest';
import { FUNAI_MAINNET, FUNAI_REGTEST, FUNAI_TESTNET } from '../../src/address/networks.js';
import { chainParams, MAIN_PARAMS, REGTEST_PARAMS, TEST_PARAMS } from '../../src/consensus/params.js';
import { decodeCompact } from '../../src/consensus/pow.js';
import { toHex } from '../../src/wire/bytes.js';

const all = [MAIN_PARAMS, TEST_PARAMS, REGTEST_PARAMS];

describe('chain parameters', () => {
  it('looks networks up by name', () => {
    expect(chainParams('main')).toBe(MAIN_PARAMS);
    expect(chainParams('test')).toBe(TEST_PARAMS);
    expect(chainParams('regtest')).toBe(REGTEST_PARAMS);
    expect(() => chainParams('signet' as 'main')).toThrow(RangeError);
  });

  it("keeps magic bytes and ports distinct from each other's and Bitcoin's", () => {
    const magics = all.map((p) => toHex(p.magic));
    expect(new Set([...magics, 'f9beb4d9', '0b110907', 'fabfb5da', '1c163f28']).size).toBe(magics.length + 4);
    for (const m of all.map((p) => p.magic)) {
      expect(m.length).toBe(4);
      // Bytes 0xf8..0xff never occur in UTF-8 text.
      expect(m[0]).toBeGreaterThanOrEqual(0xf8);
    }
    const ports = all.flatMap((p) => [p.defaultPort, p.rpcPort]);
    const bitcoin = [8333, 8332, 18333, 18332, 18444, 18443, 38333, 38332, 48333, 48332];
    expect(new Set([...ports, ...bitcoin]).size).toBe(ports.length + bitcoin.length);
  });

  it('activates every soft fork at height 1 and keeps Core limits', () => {
    for (const p of all) {
      expect([p.bip34Height, p.bip65Height, p.bip66Height, p.csvHeight, p.segwitHeight]).toEqual([
        1, 1, 1, 1, 1,
      ]);
      expect(p.coinbaseMaturity).toBe(100);
      expect(p.maxFutureBlockTime).toBe(7200);
      expect(p.targetSpacing).toBe(30);
      expect(p.asertHalfLife).toBe(6 * 3600);
      expect(p.powLimit).toBe(decodeCompact(p.powLimitBits).target);
    }
  });

  it('ties each network to its address prefixes', () => {
    expect(MAIN_PARAMS.addressPrefixes).toBe(FUNAI_MAINNET);
    expect(TEST_PARAMS.addressPrefixes).toBe(FUNAI_TESTNET);
    expect(REGTEST_PARAMS.addressPrefixes).toBe(FUNAI_REGTEST);
  });

  it('retargets with ASERT on main and test, not on regtest, with regtest at 0x207fffff', () => {
    expect(MAIN_PARAMS.powNoRetargeting).toBe(false);
    expect(TEST_PARAMS.powNoRetargeting).toBe(false);
    expect(REGTEST_PARAMS.powNoRetargeting).toBe(true);
    expect(REGTEST_PARAMS.powLimitBits).toBe(0x207fffff);
    // Below 2^239 the BigInt ASERT is bit-identical to the reference's 256-bit arithmetic.
    expect(MAIN_PARAMS.powLimit < 1n << 239n).toBe(true);
    expect(TEST_PARAMS.powLimit < 1n << 239n).toBe(true);
    // 2^24 expected hashes a block at the floor: 256 times easier than Bitcoin's 0x1d00ffff.
    expect((1n << 256n) / (MAIN_PARAMS.powLimit + 1n)).toBe(0x1000100n);
  });
});
