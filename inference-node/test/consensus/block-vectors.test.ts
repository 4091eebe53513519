import { describe, expect, it } from 'vitest';
import { decodeBlock, encodeBlock } from '../../src/block/body.js';
import { blockHash, encodeHeader } from '../../src/block/header.js';
import { bodyCommitments, validateBlock } from '../../src/block/validate.js';
import { decodeCertificate } from '../../src/quorum/certificate.js';
import { decodeSignedReceipt } from '../../src/tx/receipt.js';
import { CHAIN_ID, stacksTxs } from './block-fixtures.js';
import {
  ascii,
  compactSize,
  H,
  le32,
  loadVectors,
  rfc6962,
  saveVectors,
  sha,
  u8,
  WRITE_VECTORS,
} from './tx-independent.js';

interface BlockVector {
  format: string;
  header: {
    chainId: number;
    height: number;
    parentHash: string;
    ledgerHeight: number;
    ledgerParentHash: string;
    vrfProof: string;
    clarityReceiptsRoot: string;
    stateRoot: string;
    qc: string;
  };
  receipts: string[];
  stacksTxs: string[];
  txRoot: string;
  receiptsRoot: string;
  headerBytes: string;
  blockHash: string;
  blockBytes: string;
}

const receipts = loadVectors<{ vectors: { signed: string }[] }>('receipt.json')
  .vectors.slice(0, 2)
  .map((r) => r.signed);
const quorum = loadVectors<{ certificates: { encoding: string }[] }>('quorum.json');

if (WRITE_VECTORS) {
  const stacks = (await stacksTxs()).slice(0, 2);
  const body = { receipts: receipts.map((r) => decodeSignedReceipt(H(r))), stacksTxs: stacks };
  const c = bodyCommitments(body);
  const fields = {
    chainId: CHAIN_ID,
    height: 78,
    parentHash: '77'.repeat(32),
    ledgerHeight: 1002,
    ledgerParentHash: '4c'.repeat(32),
    vrfProof: '02'.padEnd(162, '5a'),
    clarityReceiptsRoot: 'c1'.repeat(32),
    stateRoot: '00'.repeat(32),
    qc: quorum.certificates[0]!.encoding,
  };
  const header = {
    version: 1,
    chainId: fields.chainId,
    height: fields.height,
    parentHash: H(fields.parentHash),
    ledgerHeight: fields.ledgerHeight,
    ledgerParentHash: H(fields.ledgerParentHash),
    vrfProof: H(fields.vrfProof),
    recordCount: c.recordCount,
    txRoot: c.txRoot,
    receiptsRoot: c.receiptsRoot,
    clarityReceiptsRoot: H(fields.clarityReceiptsRoot),
    stateRoot: H(fields.stateRoot),
    qc: decodeCertificate(H(fields.qc)),
  };
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  saveVectors('block.json', {
    format: 'inference block header, body and roots (docs/protocol.md §15.6–15.7)',
    header: fields,
    receipts,
    stacksTxs: stacks.map(hex),
    txRoot: hex(c.txRoot),
    receiptsRoot: hex(c.receiptsRoot),
    headerBytes: hex(encodeHeader(header)),
    blockHash: hex(blockHash(header)),
    blockBytes: hex(encodeBlock({ header, body })),
  } satisfies BlockVector);
}

const v = loadVectors<BlockVector>('block.json');

describe('block vectors', () => {
  it('roots, header, hash and block bytes re-derived independently', () => {
    const txIds = v.receipts.map((r) => H(r).subarray(5, 37)); // receipt offset 5: txId
    const txRoot = rfc6962([
      ...txIds.map((id) => Buffer.concat([u8(1), id])),
      ...v.stacksTxs.map((t) => Buffer.concat([u8(2), H(t)])),
    ]);
    expect(txRoot.toString('hex')).toBe(v.txRoot);
    const receiptsRoot = rfc6962(v.receipts.map(H));
    expect(receiptsRoot.toString('hex')).toBe(v.receiptsRoot);
    const f = v.header;
    const header = Buffer.concat([
      u8(1),
      le32(f.chainId),
      le32(f.height),
      H(f.parentHash),
      le32(f.ledgerHeight),
      H(f.ledgerParentHash),
      H(f.vrfProof),
      le32(v.receipts.length),
      txRoot,
      receiptsRoot,
      H(f.clarityReceiptsRoot),
      H(f.stateRoot),
      u8(1),
      H(f.qc),
    ]);
    expect(header.toString('hex')).toBe(v.headerBytes);
    expect(sha(ascii('FUNAI-BLOCK-V1'), header).toString('hex')).toBe(v.blockHash);
    const body = Buffer.concat([
      compactSize(v.receipts.length),
      ...v.receipts.map(H),
      compactSize(v.stacksTxs.length),
      ...v.stacksTxs.flatMap((t) => [compactSize(H(t).length), H(t)]),
    ]);
    expect(Buffer.concat([header, body]).toString('hex')).toBe(v.blockBytes);
  });

  it('the implementation decodes, re-encodes and hashes it the same way', () => {
    const block = decodeBlock(H(v.blockBytes));
    expect(Buffer.from(encodeBlock(block)).toString('hex')).toBe(v.blockBytes);
    expect(Buffer.from(blockHash(block.header)).toString('hex')).toBe(v.blockHash);
    const check = validateBlock(block, {
      chainId: v.header.chainId,
      parent: { hash: H(v.header.parentHash), height: 77 },
    });
    // The second receipt vector is of chain 0xffffffff: validation names the record's chain first.
    expect(check).toMatchObject({ ok: false, reason: 'receipt-chain-id' });
  });
});
