import { sha256d } from '../crypto/hash.js';
import type { Block } from './block.js';
import { concatBytes, equalBytes } from './bytes.js';
import { blockWitnessMerkleRoot } from './merkle.js';
import type { Transaction, TxOut } from './tx.js';

/** BIP141: OP_RETURN, a 36-byte push, then this 4-byte tag and the 32-byte commitment. */
export const WITNESS_COMMITMENT_HEADER = Uint8Array.of(0x6a, 0x24, 0xaa, 0x21, 0xa9, 0xed);
/** Core's MINIMUM_WITNESS_COMMITMENT: the header and the commitment; anything after is ignored. */
export const MINIMUM_WITNESS_COMMITMENT = 38;
export const WITNESS_RESERVED_VALUE_SIZE = 32;

export function isWitnessCommitmentScript(script: Uint8Array): boolean {
  if (script.length < MINIMUM_WITNESS_COMMITMENT) return false;
  for (let i = 0; i < WITNESS_COMMITMENT_HEADER.length; i++) {
    if (script[i] !== WITNESS_COMMITMENT_HEADER[i]) return false;
  }
  return true;
}

/**
 * Core's GetWitnessCommitmentIndex: the index of the LAST coinbase output that matches the
 * commitment pattern, or -1 when there is none.
 */
export function findWitnessCommitmentIndex(coinbase: Transaction): number {
  let found = -1;
  coinbase.outputs.forEach((o, i) => {
    if (isWitnessCommitmentScript(o.scriptPubKey)) found = i;
  });
  return found;
}

/** The 32 committed bytes of a commitment script (bytes 6..38). */
export function witnessCommitmentOf(script: Uint8Array): Uint8Array {
  if (!isWitnessCommitmentScript(script)) throw new TypeError('not a witness commitment script');
  return Uint8Array.from(script.subarray(6, MINIMUM_WITNESS_COMMITMENT));
}

/** SHA-256d(witness Merkle root || witness reserved value). */
export function witnessCommitmentHash(witnessRoot: Uint8Array, reservedValue: Uint8Array): Uint8Array {
  return sha256d(concatBytes(witnessRoot, reservedValue));
}

export function witnessCommitmentScript(commitment: Uint8Array): Uint8Array {
  if (commitment.length !== 32) throw new TypeError('a witness commitment is 32 bytes');
  return concatBytes(WITNESS_COMMITMENT_HEADER, commitment);
}

/** The zero-value coinbase output that carries the commitment. */
export function witnessCommitmentOutput(commitment: Uint8Array): TxOut {
  return { value: 0n, scriptPubKey: witnessCommitmentScript(commitment) };
}

/**
 * The commitment a block's coinbase must carry: over the witness root of its transactions and the
 * reserved value (the coinbase input's single 32-byte witness item).
 */
export function computeWitnessCommitment(
  block: Block,
  reservedValue: Uint8Array,
  witnessRoot: Uint8Array = blockWitnessMerkleRoot(block.txs).root,
): Uint8Array {
  return witnessCommitmentHash(witnessRoot, reservedValue);
}

/**
 * As Core's GenerateCoinbaseCommitment, for block templates: sets the coinbase's witness to the
 * reserved value (32 zero bytes unless given) and appends the commitment output. Returns a new
 * coinbase; the block's other transactions must be final, the header's Merkle root is left to
 * the caller (it changes with the coinbase).
 */
export function addWitnessCommitment(
  block: Block,
  reservedValue: Uint8Array = new Uint8Array(WITNESS_RESERVED_VALUE_SIZE),
): Transaction {
  const coinbase = block.txs[0];
  if (coinbase === undefined || coinbase.inputs.length === 0) throw new TypeError('block has no coinbase');
  if (reservedValue.length !== WITNESS_RESERVED_VALUE_SIZE) throw new TypeError('reserved value is 32 bytes');
  const commitment = computeWitnessCommitment(block, reservedValue);
  const [first, ...rest] = coinbase.inputs;
  return {
    ...coinbase,
    inputs: [{ ...first!, witness: [Uint8Array.from(reservedValue)] }, ...rest],
    outputs: [...coinbase.outputs, witnessCommitmentOutput(commitment)],
  };
}

/**
 * Why a block's witness data does not match its commitment, with Core's reject reasons, or null
 * when it does (as Core's CheckWitnessMalleation):
 * - with a commitment: the coinbase witness must be one 32-byte item (`bad-witness-nonce-size`)
 *   and the commitment must equal the computed one (`bad-witness-merkle-match`);
 * - without one: no transaction may carry witness data (`unexpected-witness`).
 */
export type WitnessCommitmentError =
  | 'bad-witness-nonce-size'
  | 'bad-witness-merkle-match'
  | 'unexpected-witness';

export function witnessCommitmentError(
  block: Block,
  /** blockWitnessMerkleRoot(block.txs).root, when the caller has it. */
  witnessRoot?: Uint8Array,
): WitnessCommitmentError | null {
  const coinbase = block.txs[0];
  if (coinbase === undefined) return null;
  const index = findWitnessCommitmentIndex(coinbase);
  if (index >= 0) {
    const stack = coinbase.inputs[0]?.witness ?? [];
    if (stack.length !== 1 || stack[0]!.length !== WITNESS_RESERVED_VALUE_SIZE)
      return 'bad-witness-nonce-size';
    const expected = computeWitnessCommitment(block, stack[0]!, witnessRoot);
    if (!equalBytes(witnessCommitmentOf(coinbase.outputs[index]!.scriptPubKey), expected)) {
      return 'bad-witness-merkle-match';
    }
    return null;
  }
  if (block.txs.some((tx) => tx.inputs.some((i) => i.witness.length > 0))) return 'unexpected-witness';
  return null;
}
