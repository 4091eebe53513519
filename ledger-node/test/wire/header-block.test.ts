import { describe, expect, it } from 'vitest';
import { blockSize, blockStrippedSize, blockWeight, decodeBlock, encodeBlock } from '../../src/wire/block.js';
import { concatBytes, fromHex, hashToHex, toHex } from '../../src/wire/bytes.js';
import { DecodeError } from '../../src/wire/errors.js';
import { blockHash, decodeHeader, encodeHeader, HEADER_SIZE, readHeader } from '../../src/wire/header.js';
import { blockMerkleRoot } from '../../src/wire/merkle.js';
import { ByteReader } from '../../src/wire/reader.js';
import { decodeTx, encodeTx, txid, txSize, txVsize, txWeight, wtxid } from '../../src/wire/tx.js';
import { BLOCK_542213 } from './block-542213.fixture.js';
import {
  BIP143_P2WPKH_HEX,
  BIP143_P2WPKH_TXID,
  BIP143_P2WPKH_WTXID,
  BLOCK170_COINBASE_HEX,
  BLOCK170_COINBASE_TXID,
  BLOCK170_HASH,
  BLOCK170_HEADER_HEX,
  BLOCK170_SPEND_HEX,
  BLOCK170_SPEND_TXID,
  GENESIS_COINBASE_HEX,
  GENESIS_COINBASE_TXID,
  GENESIS_HASH,
  GENESIS_HEADER_HEX,
} from './known-data.js';

function decodeError(f: () => unknown): DecodeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

describe('block header', () => {
  it("hashes Bitcoin's genesis header to its known hash", () => {
    const h = decodeHeader(fromHex(GENESIS_HEADER_HEX));
    expect(h.version).toBe(1);
    expect(h.time).toBe(1231006505);
    expect(h.bits).toBe(0x1d00ffff);
    expect(h.nonce).toBe(2083236893);
    expect(hashToHex(h.prevBlock)).toBe('0'.repeat(64));
    expect(hashToHex(h.merkleRoot)).toBe(GENESIS_COINBASE_TXID);
    expect(hashToHex(blockHash(h))).toBe(GENESIS_HASH);
    expect(toHex(encodeHeader(h))).toBe(GENESIS_HEADER_HEX);
  });

  it('hashes block 170 and a BIP9-version header', () => {
    expect(hashToHex(blockHash(decodeHeader(fromHex(BLOCK170_HEADER_HEX))))).toBe(BLOCK170_HASH);
    const h = decodeHeader(fromHex(BLOCK_542213.hex).subarray(0, HEADER_SIZE));
    expect(h.version).toBe(BLOCK_542213.version);
    expect(h.nonce).toBe(BLOCK_542213.nonce);
    expect(hashToHex(blockHash(h))).toBe(BLOCK_542213.id);
  });

  it('encodes a negative version as a signed 32-bit integer', () => {
    const h = decodeHeader(fromHex(GENESIS_HEADER_HEX));
    const neg = { ...h, version: -2 };
    const bytes = encodeHeader(neg);
    expect(toHex(bytes.subarray(0, 4))).toBe('feffffff');
    expect(decodeHeader(bytes).version).toBe(-2);
  });

  it('is exactly 80 bytes', () => {
    const bytes = fromHex(GENESIS_HEADER_HEX);
    expect(decodeError(() => decodeHeader(bytes.subarray(0, 79))).reason).toBe('truncated');
    expect(decodeError(() => decodeHeader(concatBytes(bytes, Uint8Array.of(0)))).reason).toBe(
      'trailing-bytes',
    );
    const r = new ByteReader(concatBytes(bytes, Uint8Array.of(7)));
    readHeader(r);
    expect(r.remaining).toBe(1);
  });
});

describe('transactions on known data', () => {
  it('BIP143 native P2WPKH: txid, wtxid, size, vsize, round trip', () => {
    const bytes = fromHex(BIP143_P2WPKH_HEX);
    const tx = decodeTx(bytes);
    expect(hashToHex(txid(tx))).toBe(BIP143_P2WPKH_TXID);
    expect(hashToHex(wtxid(tx))).toBe(BIP143_P2WPKH_WTXID);
    expect(txSize(tx)).toBe(343);
    expect(txVsize(tx)).toBe(261);
    expect(txWeight(tx)).toBe(txSize(tx, false) * 3 + 343);
    expect(toHex(encodeTx(tx))).toBe(BIP143_P2WPKH_HEX);
    expect(tx.inputs[0]!.witness).toHaveLength(0);
    expect(tx.inputs[1]!.witness).toHaveLength(2);
    expect(tx.locktime).toBe(17);
  });

  it('legacy transactions: txid equals wtxid', () => {
    for (const [hex, id] of [
      [GENESIS_COINBASE_HEX, GENESIS_COINBASE_TXID],
      [BLOCK170_COINBASE_HEX, BLOCK170_COINBASE_TXID],
      [BLOCK170_SPEND_HEX, BLOCK170_SPEND_TXID],
    ] as const) {
      const tx = decodeTx(fromHex(hex));
      expect(hashToHex(txid(tx))).toBe(id);
      expect(hashToHex(wtxid(tx))).toBe(id);
      expect(toHex(encodeTx(tx))).toBe(hex);
    }
  });
});

describe('blocks', () => {
  it("decodes Bitcoin's genesis block", () => {
    const hex = `${GENESIS_HEADER_HEX}01${GENESIS_COINBASE_HEX}`;
    const block = decodeBlock(fromHex(hex));
    expect(block.txs).toHaveLength(1);
    const { root, mutated } = blockMerkleRoot(block.txs);
    expect(toHex(root)).toBe(toHex(block.header.merkleRoot));
    expect(mutated).toBe(false);
    expect(toHex(encodeBlock(block))).toBe(hex);
    expect(blockSize(block)).toBe(285);
    expect(blockWeight(block)).toBe(285 * 4);
  });

  it('decodes block 170 and recomputes its Merkle root', () => {
    const hex = `${BLOCK170_HEADER_HEX}02${BLOCK170_COINBASE_HEX}${BLOCK170_SPEND_HEX}`;
    const block = decodeBlock(fromHex(hex));
    expect(block.txs.map((t) => hashToHex(txid(t)))).toEqual([BLOCK170_COINBASE_TXID, BLOCK170_SPEND_TXID]);
    expect(toHex(blockMerkleRoot(block.txs).root)).toBe(toHex(block.header.merkleRoot));
    expect(toHex(encodeBlock(block))).toBe(hex);
  });

  it('decodes mainnet segwit block 542213 with its size, stripped size and weight', () => {
    const block = decodeBlock(fromHex(BLOCK_542213.hex));
    expect(block.txs).toHaveLength(4);
    expect(blockSize(block)).toBe(BLOCK_542213.size);
    expect(blockStrippedSize(block)).toBe(BLOCK_542213.strippedSize);
    expect(blockWeight(block)).toBe(BLOCK_542213.weight);
    expect(toHex(blockMerkleRoot(block.txs).root)).toBe(BLOCK_542213.merkleRoot);
    expect(toHex(encodeBlock(block))).toBe(BLOCK_542213.hex);
    expect(encodeBlock(block, false)).toHaveLength(BLOCK_542213.strippedSize);
  });

  it('bounds the transaction count by the input before allocating', () => {
    const header = fromHex(GENESIS_HEADER_HEX);
    // 0x02000000 transactions announced, 20 bytes follow.
    const bytes = concatBytes(header, fromHex('fe00000002'), new Uint8Array(20));
    expect(decodeError(() => decodeBlock(bytes)).reason).toBe('truncated');
    expect(decodeError(() => decodeBlock(concatBytes(header, fromHex('ff0000000001000000')))).reason).toBe(
      'compactsize-too-large',
    );
    expect(decodeError(() => decodeBlock(concatBytes(header, fromHex('01'), new Uint8Array(9)))).reason).toBe(
      'truncated',
    );
  });
});
