import fc from 'fast-check';
import type { Block } from '../../src/wire/block.js';
import type { BlockHeader } from '../../src/wire/header.js';
import type { Transaction, TxIn, TxOut } from '../../src/wire/tx.js';

// Arbitraries that build structurally valid (encodable, canonically decodable) ledger objects.

const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
/** Lengths around the CompactSize boundaries (252/253) appear now and then. */
const script = fc.oneof(
  { weight: 8, arbitrary: fc.uint8Array({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 250, maxLength: 300 }) },
);

export const txInArb: fc.Arbitrary<TxIn> = fc.record({
  prevout: fc.record({ txid: hash32, vout: u32 }),
  scriptSig: script,
  sequence: u32,
  witness: fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 3 }),
});

export const txOutArb: fc.Arbitrary<TxOut> = fc.record({
  value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  scriptPubKey: script,
});

/**
 * At least one input: a transaction without inputs is ambiguous with the BIP144 marker (as in
 * Bitcoin, where no valid transaction has zero inputs).
 */
export const txArb: fc.Arbitrary<Transaction> = fc.record({
  version: i32,
  inputs: fc.array(txInArb, { minLength: 1, maxLength: 4 }),
  outputs: fc.array(txOutArb, { maxLength: 4 }),
  locktime: u32,
});

export const headerArb: fc.Arbitrary<BlockHeader> = fc.record({
  version: i32,
  prevBlock: hash32,
  merkleRoot: hash32,
  time: u32,
  bits: u32,
  nonce: u32,
});

export const blockArb: fc.Arbitrary<Block> = fc.record({
  header: headerArb,
  txs: fc.array(txArb, { maxLength: 5 }),
});

export const leavesArb = fc.array(hash32, { minLength: 1, maxLength: 60 });
