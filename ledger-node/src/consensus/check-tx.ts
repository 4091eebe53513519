import { equalBytes, toHex } from '../wire/bytes.js';
import type { OutPoint, Transaction } from '../wire/tx.js';
import { isCoinbase, isNullHash, txSize, WITNESS_SCALE_FACTOR } from '../wire/tx.js';
import { MAX_MONEY, moneyRange } from './amounts.js';
import { ValidationError } from './errors.js';
import { INVALID_TX_NONWITNESS_SIZE, MAX_BLOCK_WEIGHT } from './limits.js';

/** Bitcoin's COutPoint::IsNull: the prevout a coinbase input carries. */
export function isNullOutPoint(p: OutPoint): boolean {
  return p.vout === 0xffffffff && isNullHash(p.txid);
}

/** Inputs compared pairwise up to this many (no key strings), through a set beyond. */
const PAIRWISE_INPUTS = 8;

function hasDuplicateInput(inputs: readonly { prevout: OutPoint }[]): boolean {
  const n = inputs.length;
  if (n <= PAIRWISE_INPUTS) {
    for (let i = 1; i < n; i++) {
      const a = inputs[i]!.prevout;
      for (let j = 0; j < i; j++) {
        const b = inputs[j]!.prevout;
        if (a.vout === b.vout && equalBytes(a.txid, b.txid)) return true;
      }
    }
    return false;
  }
  const seen = new Set<string>();
  for (const { prevout } of inputs) {
    const key = `${toHex(prevout.txid)}:${prevout.vout}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/**
 * Bitcoin Core's context-free CheckTransaction: rules that hold for a transaction on its own, in
 * Core's order (so the first failing rule gives Core's reason), plus BIP54's 64-byte rule after the
 * size check. Throws ValidationError.
 */
export function checkTransaction(tx: Transaction): void {
  if (tx.inputs.length === 0) throw new ValidationError('bad-txns-vin-empty');
  if (tx.outputs.length === 0) throw new ValidationError('bad-txns-vout-empty');
  // The witness is not counted: it has not yet been checked against the witness commitment.
  const strippedSize = txSize(tx, false);
  if (strippedSize * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) throw new ValidationError('bad-txns-oversize');
  // BIP54: a 64-byte serialization can pose as an inner Merkle node (two 32-byte hashes), which fools
  // inclusion proofs and lets a block's tree be read two ways. Mutated: a block holding one may be a
  // rewritten copy of a valid block whose header is fine.
  if (strippedSize === INVALID_TX_NONWITNESS_SIZE)
    throw new ValidationError('bad-txns-size', 'transaction is 64 bytes without witness', true);

  // Negative or overflowing output values (CVE-2010-5139).
  let total = 0n;
  for (const out of tx.outputs) {
    if (out.value < 0n) throw new ValidationError('bad-txns-vout-negative');
    if (out.value > MAX_MONEY) throw new ValidationError('bad-txns-vout-toolarge');
    total += out.value;
    if (!moneyRange(total)) throw new ValidationError('bad-txns-txouttotal-toolarge');
  }

  // Duplicate inputs (CVE-2018-17144): spending one coin twice in a transaction inflates supply.
  if (hasDuplicateInput(tx.inputs)) throw new ValidationError('bad-txns-inputs-duplicate');

  if (isCoinbase(tx)) {
    const n = tx.inputs[0]!.scriptSig.length;
    if (n < 2 || n > 100) throw new ValidationError('bad-cb-length');
  } else {
    for (const input of tx.inputs) {
      if (isNullOutPoint(input.prevout)) throw new ValidationError('bad-txns-prevout-null');
    }
  }
}
