import { compactSizeLength, encodeTx, type Transaction } from '@funai/ledger-node';
import type { LedgerBlock } from '../ledger/block.js';
import { opOutputIndex, parseDeposit } from '../ops/ledger-ops.js';
import type { DepositProof } from './block-ops.js';

/**
 * Byte offset, in the transaction serialized without witness, of output `vout`'s value field: what
 * `credit-deposit`'s `output-offset` names (§13.7).
 */
export function outputValueOffset(tx: Transaction, vout: number): number {
  if (!Number.isInteger(vout) || vout < 0 || vout >= tx.outputs.length)
    throw new RangeError(`no output ${vout}`);
  const before = encodeTx({ ...tx, outputs: tx.outputs.slice(0, vout) }, false);
  // That serialization ends with its locktime (4 bytes) and counts `vout` outputs instead of all.
  return before.length - 4 + compactSizeLength(tx.outputs.length) - compactSizeLength(vout);
}

/** The DEPOSITs of a ledger block (§14.4, as the consensus decodes them) with their proofs, in block order. */
export function depositProofs(block: LedgerBlock): DepositProof[] {
  const out: DepositProof[] = [];
  for (const op of block.ops) {
    if (!parseDeposit(op.tx).ok) continue;
    out.push({
      height: block.height,
      tx: op.raw,
      index: op.branch.index,
      siblings: op.branch.siblings,
      coinbase: block.coinbase.raw,
      coinbaseSiblings: block.coinbase.branch.siblings,
      outputOffset: outputValueOffset(op.tx, opOutputIndex(op.tx)),
    });
  }
  return out;
}
