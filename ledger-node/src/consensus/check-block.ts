/**
 * Context-free block rules (Bitcoin Core's CheckBlockHeader and CheckBlock): what a block must satisfy
 * whatever chain it is on. Each rule throws ValidationError with Core's reason.
 */
import { getLegacySigOpCount } from '../script/sigops.js';
import type { Block } from '../wire/block.js';
import { blockStrippedSize } from '../wire/block.js';
import { equalBytes, hashToHex } from '../wire/bytes.js';
import type { BlockHeader } from '../wire/header.js';
import { blockHash } from '../wire/header.js';
import { blockMerkleRoot, computeMerkleRoot } from '../wire/merkle.js';
import { isCoinbase, txid, WITNESS_SCALE_FACTOR } from '../wire/tx.js';
import { checkTransaction } from './check-tx.js';
import { ValidationError } from './errors.js';
import { MAX_BLOCK_SIGOPS_COST, MAX_BLOCK_WEIGHT } from './limits.js';
import { checkProofOfWork } from './pow.js';

/** The header's hash meets the target its bits claim, and the bits are within the POW limit. */
export function checkBlockHeader(
  header: BlockHeader,
  params: { powLimit: bigint },
  hash: Uint8Array = blockHash(header),
): void {
  if (!checkProofOfWork(hash, header.bits, params.powLimit)) {
    throw new ValidationError('high-hash', 'proof of work failed');
  }
}

/**
 * The Merkle root commits to exactly these transactions. Both failures are `mutated`: a peer can
 * alter a valid block's transaction list without touching its header.
 */
export function checkMerkleRoot(block: Block, txids?: readonly Uint8Array[]): void {
  const { root, mutated } = txids ? computeMerkleRoot(txids) : blockMerkleRoot(block.txs);
  if (!equalBytes(root, block.header.merkleRoot)) {
    throw new ValidationError('bad-txnmrklroot', 'hashMerkleRoot mismatch', true);
  }
  // CVE-2012-2459: a repeated run of transactions can leave the root unchanged.
  if (mutated) throw new ValidationError('bad-txns-duplicate', 'duplicate transaction', true);
}

export interface CheckBlockOptions {
  checkPow?: boolean;
  checkMerkleRoot?: boolean;
  /** The header hash, when the caller has it already. */
  hash?: Uint8Array;
  /**
   * The transactions' txids in block order, when the caller has them already (each txid
   * serializes and hashes its transaction; the chain state computes them once per block).
   */
  txids?: readonly Uint8Array[];
}

/**
 * CheckBlock, in Core's order: proof of work, Merkle root, size (`bad-blk-length`), one coinbase and
 * only first (`bad-cb-missing`, `bad-cb-multiple`), every transaction's CheckTransaction, and legacy
 * sigops (`bad-blk-sigops`). Witness data is not looked at: it is not yet bound to the header.
 */
export function checkBlock(block: Block, params: { powLimit: bigint }, opts: CheckBlockOptions = {}): void {
  if (opts.checkPow !== false) checkBlockHeader(block.header, params, opts.hash);
  if (opts.checkMerkleRoot !== false) checkMerkleRoot(block, opts.txids);

  const n = block.txs.length;
  if (
    n === 0 ||
    n * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT ||
    blockStrippedSize(block) * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT
  ) {
    throw new ValidationError('bad-blk-length', 'size limits failed');
  }
  if (!isCoinbase(block.txs[0]!)) throw new ValidationError('bad-cb-missing', 'first tx is not coinbase');
  for (let i = 1; i < n; i++) {
    if (isCoinbase(block.txs[i]!)) throw new ValidationError('bad-cb-multiple', 'more than one coinbase');
  }

  for (const tx of block.txs) {
    try {
      checkTransaction(tx);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const detail = `Transaction check failed (tx hash ${hashToHex(txid(tx))})${err.detail ? ` ${err.detail}` : ''}`;
      throw new ValidationError(err.reason, detail, err.mutated);
    }
  }

  let sigOps = 0;
  for (const tx of block.txs) sigOps += getLegacySigOpCount(tx);
  if (sigOps * WITNESS_SCALE_FACTOR > MAX_BLOCK_SIGOPS_COST) {
    throw new ValidationError('bad-blk-sigops', 'out-of-bounds SigOpCount');
  }
}
