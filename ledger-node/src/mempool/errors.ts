import type { ConsensusRejectReason } from '../consensus/errors.js';
import { ValidationError } from '../consensus/errors.js';

/** Core's IsStandardTx reasons (standardness.ts). */
export type NonStandardReason =
  | 'version'
  | 'tx-size'
  | 'scriptsig-size'
  | 'scriptsig-not-pushonly'
  | 'scriptpubkey'
  | 'bare-multisig'
  | 'dust'
  | 'multi-op-return';

/**
 * Why the mempool refuses a transaction: a consensus reason, or one of Core's policy reasons (the
 * texts bitcoind's sendrawtransaction and testmempoolaccept report).
 */
export type MempoolRejectReason =
  | ConsensusRejectReason
  | NonStandardReason
  | 'coinbase'
  | 'tx-size-small'
  | 'non-final'
  | 'non-BIP68-final'
  | 'txn-already-in-mempool'
  | 'txn-same-nonwitness-data-in-mempool'
  | 'txn-already-known'
  | 'txn-mempool-conflict'
  | 'bad-txns-spends-conflicting-tx'
  | 'bad-txns-nonstandard-inputs'
  | 'bad-witness-nonstandard'
  | 'bad-txns-too-many-sigops'
  | 'missing-inputs'
  | 'mempool min fee not met'
  | 'min relay fee not met'
  | 'mempool full'
  | 'too-long-mempool-chain'
  | 'insufficient fee'
  | 'too many potential replacements'
  | 'replacement-adds-unconfirmed'
  | `non-mandatory-script-verify-flag (${string})`;

/**
 * Why a transaction was refused, as Bitcoin Core's TxValidationResult: what a relay peer should
 * conclude. Only 'consensus' marks the transaction (and the peer that sent it) as invalid; the
 * others are policy, state or timing.
 */
export type TxRejectKind =
  /** Invalid whatever the policy: it can never be mined. */
  | 'consensus'
  /** A policy rule of the transaction itself (standardness, script policy flags). */
  | 'not-standard'
  /** A policy rule of the outputs it spends (AreInputsStandard, IsWitnessStandard). */
  | 'inputs-not-standard'
  /** Spends an output the node does not know: an orphan, perhaps valid once its parents arrive. */
  | 'missing-inputs'
  /** Not yet final or spends an immature coinbase: may become valid in a later block. */
  | 'premature-spend'
  /** Conflicts with, or duplicates, what the mempool or chain already has. */
  | 'conflict'
  /** The mempool's own limits: fees, chain limits, size, replacement rules. */
  | 'mempool-policy';

/** A mempool rejection: Core's reject reason (`min relay fee not met`, ...), detail and kind. */
export class MempoolRejection extends ValidationError<MempoolRejectReason> {
  constructor(
    reason: MempoolRejectReason,
    readonly kind: TxRejectKind,
    detail?: string,
  ) {
    super(reason, detail);
  }
}

/** Rethrows a consensus ValidationError (from checkTransaction, checkTxInputs) as a rejection. */
export function asRejection(err: unknown, kind: TxRejectKind = 'consensus'): unknown {
  if (err instanceof MempoolRejection || !(err instanceof ValidationError)) return err;
  const premature = err.reason === 'bad-txns-premature-spend-of-coinbase';
  return new MempoolRejection(err.reason, premature ? 'premature-spend' : kind, err.detail);
}

/** `missing-inputs`: some input spends an output neither the chain nor the pool has. */
export class MissingInputsError extends MempoolRejection {
  /** Whether the transaction was kept in the orphan pool. */
  orphaned = false;

  constructor(
    /** The unknown parents (txids, internal order): what a relay peer should be asked for. */
    readonly missingParents: Uint8Array[],
    detail?: string,
  ) {
    super('missing-inputs', 'missing-inputs', detail);
  }
}
