import { ValidationError } from '../consensus/errors.js';

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
export class MempoolRejection extends ValidationError {
  constructor(
    reason: string,
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
