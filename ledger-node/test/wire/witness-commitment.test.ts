import { describe, expect, it } from 'vitest';
import { sha256d } from '../../src/crypto/hash.js';
import type { Block } from '../../src/wire/block.js';
import { decodeBlock } from '../../src/wire/block.js';
import { concatBytes, fromHex, toHex } from '../../src/wire/bytes.js';
import { decodeHeader } from '../../src/wire/header.js';
import { blockWitnessMerkleRoot, computeMerkleRoot } from '../../src/wire/merkle.js';
import type { Transaction } from '../../src/wire/tx.js';
import { decodeTx, wtxid } from '../../src/wire/tx.js';
import {
  addWitnessCommitment,
  computeWitnessCommitment,
  findWitnessCommitmentIndex,
  isWitnessCommitmentScript,
  witnessCommitmentError,
  witnessCommitmentHash,
  witnessCommitmentOf,
  witnessCommitmentOutput,
  witnessCommitmentScript,
} from '../../src/wire/witness-commitment.js';
import { BLOCK_542213 } from './block-542213.fixture.js';
import { BIP143_P2WPKH_HEX, GENESIS_COINBASE_HEX, GENESIS_HEADER_HEX } from './known-data.js';

describe('BIP141 witness commitment', () => {
  it('finds and verifies the commitment of mainnet block 542213', () => {
    const block = decodeBlock(fromHex(BLOCK_542213.hex));
    const coinbase = block.txs[0]!;
    const index = findWitnessCommitmentIndex(coinbase);
    expect(index).toBe(1);
    const script = coinbase.outputs[index]!.scriptPubKey;
    expect(toHex(witnessCommitmentOf(script))).toBe(BLOCK_542213.witnessCommit);
    expect(toHex(computeWitnessCommitment(block, coinbase.inputs[0]!.witness[0]!))).toBe(
      BLOCK_542213.witnessCommit,
    );
    expect(witnessCommitmentError(block)).toBeNull();
    // By hand: SHA256d(witness root || reserved value), the coinbase's wtxid taken as zero.
    const root = computeMerkleRoot([new Uint8Array(32), ...block.txs.slice(1).map((t) => wtxid(t))]).root;
    expect(toHex(sha256d(concatBytes(root, coinbase.inputs[0]!.witness[0]!)))).toBe(
      BLOCK_542213.witnessCommit,
    );
    expect(toHex(blockWitnessMerkleRoot(block.txs).root)).toBe(toHex(root));
  });

  it('detects tampering with Core reasons', () => {
    const block = decodeBlock(fromHex(BLOCK_542213.hex));
    const cb = block.txs[0]!;
    const withCoinbase = (c: Transaction): Block => ({ ...block, txs: [c, ...block.txs.slice(1)] });
    const reserved = new Uint8Array(32).fill(1);
    const otherNonce = { ...cb, inputs: [{ ...cb.inputs[0]!, witness: [reserved] }] };
    expect(witnessCommitmentError(withCoinbase(otherNonce))).toBe('bad-witness-merkle-match');
    const noNonce = { ...cb, inputs: [{ ...cb.inputs[0]!, witness: [] }] };
    expect(witnessCommitmentError(withCoinbase(noNonce))).toBe('bad-witness-nonce-size');
    const twoItems = {
      ...cb,
      inputs: [{ ...cb.inputs[0]!, witness: [new Uint8Array(32), new Uint8Array(0)] }],
    };
    expect(witnessCommitmentError(withCoinbase(twoItems))).toBe('bad-witness-nonce-size');
    // The LAST matching output counts.
    const bogus = witnessCommitmentOutput(new Uint8Array(32).fill(9));
    expect(witnessCommitmentError(withCoinbase({ ...cb, outputs: [...cb.outputs, bogus] }))).toBe(
      'bad-witness-merkle-match',
    );
    expect(witnessCommitmentError(withCoinbase({ ...cb, outputs: [bogus, ...cb.outputs] }))).toBeNull();
    // Without a commitment no transaction may carry a witness.
    const noCommitment = {
      ...cb,
      outputs: cb.outputs.filter((o) => !isWitnessCommitmentScript(o.scriptPubKey)),
    };
    expect(witnessCommitmentError(withCoinbase(noCommitment))).toBe('unexpected-witness');
  });

  it('recognises the pattern only with the tag and 32 bytes; bytes after them are ignored', () => {
    const c = new Uint8Array(32).fill(3);
    const script = witnessCommitmentScript(c);
    expect(toHex(script.subarray(0, 6))).toBe('6a24aa21a9ed');
    expect(script).toHaveLength(38);
    expect(isWitnessCommitmentScript(script)).toBe(true);
    expect(isWitnessCommitmentScript(script.subarray(0, 37))).toBe(false);
    expect(isWitnessCommitmentScript(concatBytes(script, Uint8Array.of(1, 2)))).toBe(true);
    expect(toHex(witnessCommitmentOf(concatBytes(script, Uint8Array.of(1, 2))))).toBe(toHex(c));
    const wrongTag = Uint8Array.from(script);
    wrongTag[5] = 0xee;
    expect(isWitnessCommitmentScript(wrongTag)).toBe(false);
  });

  it('builds the commitment into a template coinbase', () => {
    const header = decodeHeader(fromHex(GENESIS_HEADER_HEX));
    const coinbase = decodeTx(fromHex(GENESIS_COINBASE_HEX));
    const spend = decodeTx(fromHex(BIP143_P2WPKH_HEX));
    const template: Block = { header, txs: [coinbase, spend] };
    expect(witnessCommitmentError(template)).toBe('unexpected-witness');
    const committed = addWitnessCommitment(template);
    expect(committed.outputs).toHaveLength(coinbase.outputs.length + 1);
    expect(committed.inputs[0]!.witness.map(toHex)).toEqual(['00'.repeat(32)]);
    const block: Block = { header, txs: [committed, spend] };
    expect(witnessCommitmentError(block)).toBeNull();
    const expected = witnessCommitmentHash(
      computeMerkleRoot([new Uint8Array(32), wtxid(spend)]).root,
      new Uint8Array(32),
    );
    expect(toHex(witnessCommitmentOf(committed.outputs.at(-1)!.scriptPubKey))).toBe(toHex(expected));
    expect(committed.outputs.at(-1)!.value).toBe(0n);
    // The original template is untouched.
    expect(coinbase.inputs[0]!.witness).toHaveLength(0);
  });
});
