/**
 * Rules that depend on where a block sits (Bitcoin Core's ContextualCheckBlockHeader and
 * ContextualCheckBlock). The caller passes what they need of the chain: the parent's height, time,
 * bits and median time past, and the validating node's clock.
 */

import type { ChainParams } from '../params/chain-params.js';
import { ScriptBuilder } from '../script/build.js';
import type { Block } from '../wire/block.js';
import { blockWeight } from '../wire/block.js';
import type { BlockHeader } from '../wire/header.js';
import { hasWitness } from '../wire/tx.js';
import { type WitnessCommitmentError, witnessCommitmentError } from '../wire/witness-commitment.js';
import { nextAsertBits } from './asert.js';
import { ValidationError } from './errors.js';
import { MAX_BLOCK_WEIGHT } from './limits.js';
import { isFinalTx } from './locktime.js';

/** How many blocks (a block and its ancestors) the median time past is taken over. */
export const MEDIAN_TIME_SPAN = 11;

/** The block a new header builds on, as the header rules see it. */
export interface ParentBlock {
  height: number;
  time: number;
  bits: number;
  /** Median of the timestamps of the parent and up to 10 of its ancestors. */
  medianTimePast: number;
}

/**
 * GetMedianTimePast over the timestamps of a block and its ancestors (at most the last 11 are
 * used; fewer near genesis): the middle one after sorting, the upper middle for an even count.
 */
export function medianTimePast(times: readonly number[]): number {
  if (times.length === 0) throw new RangeError('median time past of no blocks');
  const last = times.slice(-MEDIAN_TIME_SPAN).sort((a, b) => a - b);
  return last[Math.floor(last.length / 2)]!;
}

/** GetNextWorkRequired: the bits the child of `parent` must carry. */
export function getNextWorkRequired(
  parent: Pick<ParentBlock, 'height' | 'time' | 'bits'>,
  params: Pick<
    ChainParams,
    'powNoRetargeting' | 'asertAnchor' | 'targetSpacing' | 'asertHalfLife' | 'powLimit'
  >,
): number {
  if (params.powNoRetargeting) return parent.bits;
  return nextAsertBits(parent, params.asertAnchor, {
    targetSpacing: params.targetSpacing,
    halfLife: params.asertHalfLife,
    powLimit: params.powLimit,
  });
}

/**
 * ContextualCheckBlockHeader: the difficulty is the one ASERT requires (`bad-diffbits`), the time is
 * after the parent's median time past (`time-too-old`) and at most maxFutureBlockTime ahead of `now`
 * (`time-too-new`, UNIX seconds), and the version is at least 4 once BIP34, 66 and 65 are active
 * (`bad-version(0x........)`).
 */
export function contextualCheckBlockHeader(
  header: BlockHeader,
  parent: ParentBlock,
  params: ChainParams,
  now: number,
): void {
  const height = parent.height + 1;
  if (header.bits !== getNextWorkRequired(parent, params)) {
    throw new ValidationError('bad-diffbits', 'incorrect proof of work');
  }
  if (header.time <= parent.medianTimePast) {
    throw new ValidationError('time-too-old', "block's timestamp is too early");
  }
  if (header.time > now + params.maxFutureBlockTime) {
    throw new ValidationError('time-too-new', 'block timestamp too far in the future');
  }
  if (
    (header.version < 2 && height >= params.bip34Height) ||
    (header.version < 3 && height >= params.bip66Height) ||
    (header.version < 4 && height >= params.bip65Height)
  ) {
    const hex = (header.version >>> 0).toString(16).padStart(8, '0');
    throw new ValidationError(`bad-version(0x${hex})`, `rejected nVersion=0x${hex} block`);
  }
}

/** The scriptSig prefix BIP34 requires of the coinbase at `height` (Core's `CScript() << nHeight`). */
export function coinbaseHeightPrefix(height: number): Uint8Array {
  return new ScriptBuilder().pushInt(height).build();
}

/**
 * ContextualCheckBlock: every transaction is final (`bad-txns-nonfinal`; against the parent's median
 * time past once BIP113/CSV is active), the coinbase starts with the height (`bad-cb-height`), the
 * witness data matches the commitment (`bad-witness-nonce-size`, `bad-witness-merkle-match`,
 * `unexpected-witness`, all `mutated`), and the weight is within the limit (`bad-blk-weight`, only
 * now that the witness is bound to the header).
 */
export function contextualCheckBlock(
  block: Block,
  height: number,
  parentMedianTimePast: number,
  params: ChainParams,
  /** The block's BIP141 witness Merkle root, when the caller computed it already. */
  witnessRoot?: Uint8Array,
): void {
  const lockTimeCutoff = height >= params.csvHeight ? parentMedianTimePast : block.header.time;
  for (const tx of block.txs) {
    if (!isFinalTx(tx, height, lockTimeCutoff)) {
      throw new ValidationError('bad-txns-nonfinal', 'non-final transaction');
    }
  }

  if (height >= params.bip34Height) {
    const expect = coinbaseHeightPrefix(height);
    const scriptSig = block.txs[0]?.inputs[0]?.scriptSig;
    if (!scriptSig || scriptSig.length < expect.length || expect.some((b, i) => scriptSig[i] !== b)) {
      throw new ValidationError('bad-cb-height', 'block height mismatch in coinbase');
    }
  }

  if (height >= params.segwitHeight) {
    const reason = witnessCommitmentError(block, witnessRoot);
    if (reason) throw new ValidationError(reason, witnessDetail(reason), true);
  } else if (block.txs.some(hasWitness)) {
    throw new ValidationError('unexpected-witness', witnessDetail('unexpected-witness'), true);
  }

  if (blockWeight(block) > MAX_BLOCK_WEIGHT) {
    throw new ValidationError('bad-blk-weight', 'weight limit failed');
  }
}

function witnessDetail(reason: WitnessCommitmentError): string {
  switch (reason) {
    case 'bad-witness-nonce-size':
      return 'invalid witness reserved value size';
    case 'bad-witness-merkle-match':
      return 'witness merkle commitment mismatch';
    default:
      return 'unexpected witness data found';
  }
}
