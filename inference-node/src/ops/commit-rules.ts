import { DecodeError, equalBytes, findFunaiOp, type Transaction } from '@funai/ledger-node';
import { type CommitOp, decodeCommit } from './commit.js';
import { type LedgerPosition, opOutputIndex, type Registration } from './ledger-ops.js';
import { CONSENSUS_OP } from './numbers.js';

/**
 * The least a commit pays each verifier script (base units): the ledger's dust threshold for a
 * P2PKH output at the default dust relay fee (3 base units/vB × 182 vB), the largest of the five
 * script types the staking contract accepts as reward scripts (§13.4), so every payment output is
 * standard whatever the verifier chose.
 */
export const MIN_COMMIT_PAYMENT = 546n;

/**
 * Why a ledger transaction is not a valid commit (docs/protocol.md §14.3). Rules are checked in
 * this order; the first that fails is the reason. An invalid commit is ignored: it takes no part in
 * the draw and its bid is lost to whoever it paid.
 */
export type CommitRejectReason =
  /** The transaction carries no op 0x03 (findFunaiOp: none, or another number). */
  | 'not-a-commit'
  /** Op 0x03 whose body does not decode (unknown version, wrong length); detail: the DecodeError reason. */
  | 'commit-malformed'
  /** `ledgerCheck` is not byte 0 of ledger block L − 1's hash: mined in another block than it was built for. */
  | 'commit-wrong-ledger-block'
  /** The key pointer names no registration on this ledger fork before L (keyDelta 0 included). */
  | 'commit-unknown-key'
  /**
   * Input 0 of the commit does not spend an output with its registration's sender script (§14.3):
   * someone else's commit naming that registration (griefing), ignored so it cannot displace the
   * registrant's own.
   */
  | 'commit-wrong-sender'
  /** The parent pointer is neither genesis (0, 0) nor an election winner on this fork before L. */
  | 'commit-unknown-parent'
  /** Fewer outputs after the envelope than the cycle has verifier scripts. */
  | 'commit-missing-payments'
  /** Output e+1+i does not pay exactly verifier script i. */
  | 'commit-wrong-payee'
  /** The payment amounts are not `splitBid(their sum, n)`. */
  | 'commit-wrong-split'
  /** A payment (or, with no verifiers, the burned envelope value) is below MIN_COMMIT_PAYMENT. */
  | 'commit-payment-below-minimum'
  /** An earlier transaction of the same ledger block already committed with this registration. */
  | 'commit-duplicate-key';

/** A commit that takes part in the draw. */
export interface ValidCommit extends LedgerPosition {
  op: CommitOp;
  registration: Registration;
  /** Position of the commit that elected the parent block; null = builds on genesis. */
  parent: LedgerPosition | null;
  /** What it paid: the sum of its verifier payments (or, with no verifiers, the burned envelope value). */
  bid: bigint;
}

export type CommitResult =
  | { ok: true; commit: ValidCommit }
  | { ok: false; reason: CommitRejectReason; detail?: string };

/** What a commit is judged against: the ledger fork it is on, as the caller knows it. */
export interface CommitContext {
  /** Height L of the ledger block the commit is mined in. */
  height: number;
  /** Hash of ledger block L − 1 (internal byte order). */
  ledgerParentHash: Uint8Array;
  /** The registration at a ledger position of this fork (only heights < L are asked). */
  registration(height: number, txIndex: number): Registration | undefined;
  /** Whether the commit at this ledger position of this fork won its election (only heights < L). */
  isElected(height: number, txIndex: number): boolean;
  /**
   * The reward scripts of the verifier set of L's reward cycle (staking's record, §13.4), in the
   * record's order. Read by the daemon from the staking contract; empty when no one stakes.
   */
  verifierScripts: readonly Uint8Array[];
}

/**
 * How a bid is split across n verifier scripts: ⌊bid / n⌋ each, the remainder (bid mod n) to the
 * first. `n` must be at least 1.
 */
export function splitBid(bid: bigint, n: number): bigint[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('a bid is split over at least one script');
  const count = BigInt(n);
  const share = bid / count;
  const out = new Array<bigint>(n).fill(share);
  out[0] = share + (bid % count);
  return out;
}

function reject(reason: CommitRejectReason, detail?: string): CommitResult {
  return detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
}

/**
 * Judges one ledger transaction as a commit (docs/protocol.md §14.3). Pure: the ledger fork is seen
 * only through `ctx`. `senderScript` is the script the transaction's input 0 spends
 * (`LedgerOpTransaction.senderScript`). The per-block rule (one commit per registration) is
 * `applyLedgerBlock`'s.
 */
export function validateCommit(
  tx: Transaction,
  txIndex: number,
  senderScript: Uint8Array,
  ctx: CommitContext,
): CommitResult {
  const found = findFunaiOp(tx);
  if (found === null || found.op !== CONSENSUS_OP.COMMIT) return reject('not-a-commit');
  let op: CommitOp;
  try {
    op = decodeCommit(found);
  } catch (e) {
    if (e instanceof DecodeError) return reject('commit-malformed', e.reason);
    throw e;
  }
  const L = ctx.height;
  if (op.ledgerCheck !== ctx.ledgerParentHash[0]) return reject('commit-wrong-ledger-block');

  if (op.keyDelta < 1 || op.keyDelta > L) return reject('commit-unknown-key', `keyDelta ${op.keyDelta}`);
  const registration = ctx.registration(L - op.keyDelta, op.keyTxIndex);
  if (registration === undefined) return reject('commit-unknown-key');
  if (!equalBytes(senderScript, registration.senderScript)) return reject('commit-wrong-sender');

  let parent: LedgerPosition | null = null;
  if (op.parentDelta === 0) {
    if (op.parentTxIndex !== 0) return reject('commit-unknown-parent', 'genesis pointer with a tx index');
  } else {
    if (op.parentDelta > L) return reject('commit-unknown-parent', `parentDelta ${op.parentDelta}`);
    parent = { height: L - op.parentDelta, txIndex: op.parentTxIndex };
    if (!ctx.isElected(parent.height, parent.txIndex)) return reject('commit-unknown-parent');
  }

  const e = opOutputIndex(tx);
  const scripts = ctx.verifierScripts;
  let bid: bigint;
  if (scripts.length === 0) {
    bid = tx.outputs[e]!.value;
    if (bid < MIN_COMMIT_PAYMENT) return reject('commit-payment-below-minimum', `burned ${bid}`);
  } else {
    if (tx.outputs.length < e + 1 + scripts.length) return reject('commit-missing-payments');
    bid = 0n;
    for (let i = 0; i < scripts.length; i++) {
      const out = tx.outputs[e + 1 + i]!;
      if (!equalBytes(out.scriptPubKey, scripts[i]!))
        return reject('commit-wrong-payee', `output ${e + 1 + i}`);
      bid += out.value;
    }
    const want = splitBid(bid, scripts.length);
    for (let i = 0; i < scripts.length; i++) {
      if (tx.outputs[e + 1 + i]!.value !== want[i])
        return reject('commit-wrong-split', `output ${e + 1 + i}`);
    }
    if (want[want.length - 1]! < MIN_COMMIT_PAYMENT) return reject('commit-payment-below-minimum');
  }
  return { ok: true, commit: { height: L, txIndex, op, registration, parent, bid } };
}
