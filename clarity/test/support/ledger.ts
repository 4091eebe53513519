// Ledger data for the tests, made with the ledger library itself: real headers mined at regtest
// difficulty and real Merkle branches.
import {
  type BlockHeader,
  blockHash,
  blockMerkleRoot,
  checkProofOfWork,
  decodeCompact,
  encodeHeader,
  encodeTx,
  merkleBranch,
  type Transaction,
  txid,
} from '@funai/ledger-node';

export const REGTEST_BITS = 0x207fffff;
/** Half the regtest target: twice the work per block, about four tries per header. */
export const HARDER_BITS = 0x203fffff;
const POW_LIMIT = decodeCompact(REGTEST_BITS).target;

/** A coinbase-like transaction whose scriptSig makes it unique to (tag, n). */
export function makeTx(tag: number, n: number, extraOutputs = 0): Transaction {
  const scriptSig = Uint8Array.of(0x04, tag & 0xff, (tag >> 8) & 0xff, n & 0xff, (n >> 8) & 0xff);
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32).fill(tag & 0xff), vout: n },
        scriptSig,
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: Array.from({ length: 1 + extraOutputs }, (_, i) => ({
      value: BigInt(5000 + i),
      scriptPubKey: Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(i + 1)),
    })),
    locktime: 0,
  };
}

export interface MinedBlock {
  header: BlockHeader;
  bytes: Uint8Array;
  hash: Uint8Array;
  txs: Transaction[];
}

/** Mines a header on `prev` (grinding the nonce with the ledger's proof-of-work check). */
export function mineBlock(
  prev: Uint8Array,
  txs: Transaction[],
  time: number,
  bits = REGTEST_BITS,
): MinedBlock {
  const header: BlockHeader = {
    version: 4,
    prevBlock: prev,
    merkleRoot: blockMerkleRoot(txs).root,
    time,
    bits,
    nonce: 0,
  };
  while (!checkProofOfWork(blockHash(header), bits, POW_LIMIT)) header.nonce++;
  return { header, bytes: encodeHeader(header), hash: blockHash(header), txs };
}

/** Mines a header on `prev` committing to an arbitrary Merkle root (crafted trees in tests). */
export function mineRoot(
  prev: Uint8Array,
  merkleRoot: Uint8Array,
  time: number,
  bits = REGTEST_BITS,
): MinedBlock {
  const header: BlockHeader = { version: 4, prevBlock: prev, merkleRoot, time, bits, nonce: 0 };
  while (!checkProofOfWork(blockHash(header), bits, POW_LIMIT)) header.nonce++;
  return { header, bytes: encodeHeader(header), hash: blockHash(header), txs: [] };
}

/**
 * A chain of `n` blocks on `prev`; `tag` keeps branches apart (different transactions, so
 * different headers), each block holding `txCount` transactions.
 */
export function mineChain(
  prev: Uint8Array,
  n: number,
  tag: number,
  txCount = 1,
  bits = REGTEST_BITS,
): MinedBlock[] {
  const out: MinedBlock[] = [];
  let p = prev;
  for (let i = 0; i < n; i++) {
    const txs = Array.from({ length: txCount }, (_, k) => makeTx(tag, i * 16 + k));
    const b = mineBlock(p, txs, 1_800_000_000 + tag * 100_000 + i * 30, bits);
    out.push(b);
    p = b.hash;
  }
  return out;
}

/** A coinbase (null prevout) unique to `tag`, with `outputs` outputs. */
export function makeCoinbase(tag: number, outputs: Transaction['outputs'] = []): Transaction {
  return {
    version: 2,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32), vout: 0xffffffff },
        scriptSig: Uint8Array.of(0x03, tag & 0xff, (tag >> 8) & 0xff, 0x51, 0x51),
        sequence: 0xffffffff,
        witness: [],
      },
    ],
    outputs: [
      { value: 5_000_000_000n, scriptPubKey: Uint8Array.of(0x00, 0x14, ...new Uint8Array(20).fill(0xcb)) },
      ...outputs,
    ],
    locktime: 0,
  };
}

/** A genesis-like first block (null parent). */
export function mineGenesis(): MinedBlock {
  return mineBlock(new Uint8Array(32), [makeTx(0xffff, 0)], 1_799_999_970);
}

export interface TxProof {
  tx: Uint8Array;
  index: number;
  siblings: Uint8Array[];
  txid: Uint8Array;
  /** The block's first transaction (its coinbase) stripped, and its branch: they bind the depth. */
  coinbase: Uint8Array;
  coinbaseSiblings: Uint8Array[];
}

/** The proof verify-ledger-tx takes: legacy tx bytes, index and sibling hashes, and the coinbase's. */
export function txProof(block: MinedBlock, index: number): TxProof {
  const leaves = block.txs.map((t) => txid(t));
  const branch = merkleBranch(leaves, index);
  return {
    tx: encodeTx(block.txs[index]!, false),
    index: branch.index,
    siblings: branch.siblings,
    txid: txid(block.txs[index]!),
    coinbase: encodeTx(block.txs[0]!, false),
    coinbaseSiblings: merkleBranch(leaves, 0).siblings,
  };
}
