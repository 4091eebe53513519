/**
 * Why a block or transaction breaks a consensus rule, spelled as Bitcoin Core's reject reasons
 * (btcd's ErrorCode idea: a closed set the compiler checks, so a comparison with a misspelled
 * reason does not compile). The texts are part of the interface: RPC and P2P report them.
 */
export type ConsensusRejectReason =
  // Context-free transaction rules (checkTransaction, docs/protocol.md §2.7)
  | 'bad-txns-vin-empty'
  | 'bad-txns-vout-empty'
  | 'bad-txns-oversize'
  | 'bad-txns-size'
  | 'bad-txns-vout-negative'
  | 'bad-txns-vout-toolarge'
  | 'bad-txns-txouttotal-toolarge'
  | 'bad-txns-inputs-duplicate'
  | 'bad-cb-length'
  | 'bad-txns-prevout-null'
  // Headers and context-free block rules (§6.1, §6.2)
  | 'high-hash'
  | 'bad-txnmrklroot'
  | 'bad-txns-duplicate'
  | 'bad-blk-length'
  | 'bad-cb-missing'
  | 'bad-cb-multiple'
  | 'bad-blk-sigops'
  | 'bad-diffbits'
  | 'time-too-old'
  | 'time-too-new'
  | `bad-version(0x${string})`
  // Contextual block rules (§6.3)
  | 'bad-txns-nonfinal'
  | 'bad-cb-height'
  | 'bad-witness-nonce-size'
  | 'bad-witness-merkle-match'
  | 'unexpected-witness'
  | 'bad-blk-weight'
  // Inputs and connection (§6.4)
  | 'bad-txns-BIP30'
  | 'bad-txns-inputs-missingorspent'
  | 'bad-txns-premature-spend-of-coinbase'
  | 'bad-txns-inputvalues-outofrange'
  | 'bad-txns-in-belowout'
  | 'bad-txns-fee-outofrange'
  | 'bad-txns-accumulated-fee-outofrange'
  | 'bad-cb-amount'
  | `mandatory-script-verify-flag-failed (${string})`
  // The chain state's own verdicts on a block (not a rule of the block itself)
  /** An ancestor is invalid. */
  | 'bad-prevblk'
  /** Already known to be invalid. */
  | 'duplicate-invalid'
  /** Marked invalid by the operator (invalidateblock). */
  | 'invalidated'
  /** An orphan too large to hold until its parent arrives. */
  | 'orphan-too-large'
  /** Known to be invalid, for a reason no longer at hand. */
  | 'invalid';

/**
 * A consensus or policy rejection. `reason` is the machine-readable name, spelled as Bitcoin Core
 * spells its reject reasons where the rule is Bitcoin's (`bad-txns-inputs-missingorspent`,
 * `bad-blk-length`, `mandatory-script-verify-flag-failed (...)`, ...): a ConsensusRejectReason, or
 * for the mempool's rejections a MempoolRejectReason (mempool/errors.ts).
 */
export class ValidationError<R extends string = ConsensusRejectReason> extends Error {
  override readonly name = 'ValidationError';
  constructor(
    readonly reason: NoInfer<R>,
    readonly detail?: string,
    /**
     * True when the failure may come from a mutated copy of a valid block (bad Merkle root, mutated
     * tree, bad witness commitment): the block hash must not be marked invalid, since an honest
     * copy with the same header can still arrive.
     */
    readonly mutated = false,
  ) {
    super(detail ? `${reason} (${detail})` : reason);
  }
}
