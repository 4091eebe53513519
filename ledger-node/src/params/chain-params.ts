/**
 * Chain parameters per network (btcd's chaincfg: consensus, address and node code read them; they
 * import only the byte formats and script opcodes, never consensus). 'regtest' doubles as the local devnet. Every Bitcoin soft fork that
 * FUN AI keeps (BIP34 height in coinbase, BIP65 CLTV, BIP66 strict DER, BIP68/112/113 CSV, BIP141/143
 * segwit, BIP147 NULLDUMMY) is active from height 1; only the genesis block is exempt.
 */

import type { Block } from '../wire/block.js';
import { decodeCompact } from '../wire/compact.js';
import { blockHash } from '../wire/header.js';
import type { AddressPrefixes } from './address-prefixes.js';
import { FUNAI_MAINNET, FUNAI_REGTEST, FUNAI_TESTNET } from './address-prefixes.js';
import { buildGenesisBlock, GENESIS_SPECS } from './genesis.js';

/** The block the schedule is measured from. */
export interface AsertAnchor {
  height: number | bigint;
  bits: number;
  /** Timestamp of the anchor's parent: the ideal schedule puts the anchor one spacing after it. */
  parentTime: number | bigint;
}

/** Blocks before a coinbase output may be spent (consensus/limits.ts re-exports it). */
export const COINBASE_MATURITY = 100;
/** Blocks between subsidy halvings (consensus/subsidy.ts re-exports it). */
export const SUBSIDY_HALVING_INTERVAL = 2_100_000;

export type ChainName = 'main' | 'test' | 'regtest';

export interface ChainParams {
  name: ChainName;
  /** P2P message start bytes. */
  magic: Uint8Array;
  defaultPort: number;
  rpcPort: number;
  genesis: Block;
  /** Internal byte order. */
  genesisHash: Uint8Array;
  /** The easiest target a block may carry, and its compact form. */
  powLimit: bigint;
  powLimitBits: number;
  /** Seconds: the ideal time between blocks. */
  targetSpacing: number;
  /** Seconds of schedule drift that double or halve the ASERT target. */
  asertHalfLife: number;
  /**
   * The block ASERT measures from: genesis, its "parent time" set one spacing before the genesis
   * time so that the ideal schedule puts block h at genesis.time + h × spacing.
   */
  asertAnchor: AsertAnchor;
  /** Regtest, as Bitcoin Core's: every block carries the genesis bits, so tests can mine at will. */
  powNoRetargeting: boolean;
  bip34Height: number;
  bip65Height: number;
  bip66Height: number;
  csvHeight: number;
  segwitHeight: number;
  coinbaseMaturity: number;
  subsidyHalvingInterval: number;
  /** Seconds a block's time may run ahead of the validating node's clock. */
  maxFutureBlockTime: number;
  addressPrefixes: AddressPrefixes;
}

export const TARGET_SPACING = 30;
export const ASERT_HALF_LIFE = 6 * 60 * 60;
export const MAX_FUTURE_BLOCK_TIME = 2 * 60 * 60;

function makeParams(
  name: ChainName,
  fields: Pick<ChainParams, 'magic' | 'defaultPort' | 'rpcPort' | 'powNoRetargeting' | 'addressPrefixes'> & {
    powLimitBits: number;
  },
): ChainParams {
  const genesis = buildGenesisBlock(GENESIS_SPECS[name]);
  return Object.freeze({
    name,
    ...fields,
    genesis,
    genesisHash: Uint8Array.from(blockHash(genesis.header)),
    powLimit: decodeCompact(fields.powLimitBits).target,
    targetSpacing: TARGET_SPACING,
    asertHalfLife: ASERT_HALF_LIFE,
    asertAnchor: {
      height: 0,
      bits: genesis.header.bits,
      parentTime: genesis.header.time - TARGET_SPACING,
    },
    bip34Height: 1,
    bip65Height: 1,
    bip66Height: 1,
    csvHeight: 1,
    segwitHeight: 1,
    coinbaseMaturity: COINBASE_MATURITY,
    subsidyHalvingInterval: SUBSIDY_HALVING_INTERVAL,
    maxFutureBlockTime: MAX_FUTURE_BLOCK_TIME,
  });
}

// Message start bytes: like Bitcoin's, bytes that are never valid UTF-8 (0xf8-0xff cannot occur in
// it) and rare in any data, distinct per network and from Bitcoin's f9beb4d9 / 0b110907 / fabfb5da.
// Ports: distinct from Bitcoin's 8333/8332, 18333/18332, 18444/18443.

export const MAIN_PARAMS: ChainParams = makeParams('main', {
  magic: Uint8Array.of(0xfa, 0xc1, 0xe1, 0xd9),
  defaultPort: 9733,
  rpcPort: 9732,
  // 2^24 hashes a block. Bitcoin's minimum difficulty (0x1d00ffff, 2^32 hashes) would need about
  // 143 MH/s to hold 30 s blocks at the floor, far more than a new network's first miners may have;
  // at this floor 0.56 MH/s suffices and ASERT raises the difficulty within hours as hash rate comes.
  // Targets stay below 2^240, so ASERT's 16-bit fixed-point product fits in 256 bits.
  powLimitBits: 0x1e00ffff,
  powNoRetargeting: false,
  addressPrefixes: FUNAI_MAINNET,
});

export const TEST_PARAMS: ChainParams = makeParams('test', {
  magic: Uint8Array.of(0xfb, 0xc1, 0xe1, 0xb0),
  defaultPort: 19733,
  rpcPort: 19732,
  // 256 times easier than mainnet (2^24 hashes a block), so that a CPU can keep a testnet going.
  powLimitBits: 0x1e00ffff,
  powNoRetargeting: false,
  addressPrefixes: FUNAI_TESTNET,
});

export const REGTEST_PARAMS: ChainParams = makeParams('regtest', {
  magic: Uint8Array.of(0xfc, 0xc1, 0xe1, 0xda),
  defaultPort: 19844,
  rpcPort: 19843,
  powLimitBits: 0x207fffff,
  powNoRetargeting: true,
  addressPrefixes: FUNAI_REGTEST,
});

const BY_NAME: Readonly<Record<ChainName, ChainParams>> = Object.freeze({
  main: MAIN_PARAMS,
  test: TEST_PARAMS,
  regtest: REGTEST_PARAMS,
});

export function chainParams(name: ChainName): ChainParams {
  const p = BY_NAME[name];
  if (!p) throw new RangeError(`unknown chain ${name}`);
  return p;
}
