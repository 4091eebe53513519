import { proofToHash, prove, publicKey } from '@funai/ecvrf';
import { describe, expect, it } from 'vitest';
import {
  type CommitOp,
  checkElectedBlock,
  type ElectedHeaderFields,
  type Election,
  GENESIS_ELECTION_SEED,
  GENESIS_PARENT_HASH,
  type ValidCommit,
} from '../../src/index.js';
import { p2wpkh, principalOf, tag } from './fixtures.js';

const SUITE = 'SECP256K1_SHA256_TAI';
const sk = tag('producer secret');
const vrfKey = publicKey(SUITE, sk);
const lastSeed = GENESIS_ELECTION_SEED;
const proof = prove(SUITE, sk, lastSeed);
const newSeed = proofToHash(SUITE, proof);
const blockHash = tag('the elected block');
const ledgerParentHash = tag('ledger 41');

const op: CommitOp = {
  blockHash,
  newSeed,
  keyDelta: 3,
  keyTxIndex: 1,
  parentDelta: 0,
  parentTxIndex: 0,
  ledgerCheck: ledgerParentHash[0]!,
};
const winner: ValidCommit = {
  height: 42,
  txIndex: 2,
  op,
  registration: { height: 39, txIndex: 1, vrfKey, principal: principalOf('p'), senderScript: p2wpkh('p') },
  parent: null,
  bid: 10_000n,
};
const election: Election = {
  ledgerHeight: 42,
  ledgerParentHash,
  lastSeed,
  winner,
  parentBlockHash: GENESIS_PARENT_HASH,
};
const header: ElectedHeaderFields = {
  parentHash: GENESIS_PARENT_HASH,
  ledgerHeight: 42,
  ledgerParentHash,
  vrfProof: proof,
};

describe('checkElectedBlock', () => {
  it('accepts the elected block: its VRF output is the committed seed', () => {
    expect(checkElectedBlock(blockHash, header, election)).toBeNull();
  });

  it('names every reason, in order', () => {
    expect(checkElectedBlock(tag('other'), header, election)).toBe('block-not-elected');
    expect(checkElectedBlock(blockHash, { ...header, ledgerHeight: 43 }, election)).toBe(
      'block-wrong-ledger-height',
    );
    expect(checkElectedBlock(blockHash, { ...header, ledgerParentHash: tag('x') }, election)).toBe(
      'block-wrong-ledger-parent',
    );
    expect(checkElectedBlock(blockHash, { ...header, parentHash: tag('x') }, election)).toBe(
      'block-wrong-parent',
    );
    const flipped = Uint8Array.from(proof);
    flipped[40]! ^= 1;
    expect(checkElectedBlock(blockHash, { ...header, vrfProof: flipped }, election)).toBe(
      'block-bad-vrf-proof',
    );
    // A proof over another seed, or by another key, does not verify over this seed under this key.
    expect(
      checkElectedBlock(blockHash, { ...header, vrfProof: prove(SUITE, sk, tag('other seed')) }, election),
    ).toBe('block-bad-vrf-proof');
    expect(
      checkElectedBlock(blockHash, { ...header, vrfProof: prove(SUITE, tag('thief'), lastSeed) }, election),
    ).toBe('block-bad-vrf-proof');
    // A valid proof whose output the commit did not commit to.
    const lying = { ...election, winner: { ...winner, op: { ...op, newSeed: tag('chosen seed') } } };
    expect(checkElectedBlock(blockHash, header, lying)).toBe('block-seed-mismatch');
  });
});
