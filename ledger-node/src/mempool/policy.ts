/**
 * Mempool and relay policy parameters, with Bitcoin Core's defaults (policy/policy.h,
 * kernel/mempool_options.h, policy/rbf.h, txorphanage.h). Fee rates are base units per 1,000 virtual
 * bytes, as Core's CFeeRate (1 base unit/vB = 1,000 per kvB). None of this is consensus: a node may
 * configure its own values, and a block is valid whatever policy its transactions met.
 */
import { MAX_BLOCK_SIGOPS_COST, MAX_BLOCK_WEIGHT } from '../consensus/limits.js';
import { STANDARD_SCRIPT_VERIFY_FLAGS } from '../script/flags.js';

export { STANDARD_SCRIPT_VERIFY_FLAGS };

/** Largest standard transaction weight (Core's MAX_STANDARD_TX_WEIGHT). */
export const MAX_STANDARD_TX_WEIGHT = 400_000;
/** Smallest standard serialization without witness (Core's MIN_STANDARD_TX_NONWITNESS_SIZE, CVE-2017-12842). */
export const MIN_STANDARD_TX_NONWITNESS_SIZE = 65;
/** Largest standard scriptSig: a 15-of-15 P2SH multisig spend with compressed keys fits. */
export const MAX_STANDARD_SCRIPTSIG_SIZE = 1_650;
/** Versions 1 and 2 are standard (Core's TX_MAX_STANDARD_VERSION before TRUC). */
export const TX_MIN_STANDARD_VERSION = 1;
export const TX_MAX_STANDARD_VERSION = 2;
/** Sigop cost a standard transaction may have: a fifth of a block's. */
export const MAX_STANDARD_TX_SIGOPS_COST = MAX_BLOCK_SIGOPS_COST / 5;
/** Sigops a standard P2SH redeem script may count (accurately). */
export const MAX_P2SH_SIGOPS = 15;
/** P2WSH spends: witness script size, stack items besides it, and the size of each. */
export const MAX_STANDARD_P2WSH_SCRIPT_SIZE = 3_600;
export const MAX_STANDARD_P2WSH_STACK_ITEMS = 100;
export const MAX_STANDARD_P2WSH_STACK_ITEM_SIZE = 80;
/** Bare multisig outputs of at most this many keys are standard. */
export const MAX_STANDARD_BARE_MULTISIG_KEYS = 3;
/** Virtual bytes charged per sigop when a transaction's sigops outweigh its bytes (Core's -bytespersigop). */
export const DEFAULT_BYTES_PER_SIGOP = 20;
/** Inputs with a sequence at most this signal BIP125 replaceability. */
export const MAX_BIP125_RBF_SEQUENCE = 0xfffffffd;
/** Transactions one replacement may evict, its conflicts' descendants included (BIP125 rule 5). */
export const MAX_REPLACEMENT_CANDIDATES = 100;
/** Half-life of the rolling minimum fee rate after evictions, in seconds (Core's ROLLING_FEE_HALFLIFE). */
export const ROLLING_FEE_HALFLIFE = 12 * 60 * 60;
/** The weight a block template keeps free for the coinbase, and the sigop cost. */
export const COINBASE_RESERVED_WEIGHT = 4_000;
export const COINBASE_RESERVED_SIGOPS_COST = 400;
/** Core's DEFAULT_BLOCK_MAX_WEIGHT: the block limit minus the coinbase reserve. */
export const DEFAULT_BLOCK_MAX_WEIGHT = MAX_BLOCK_WEIGHT - COINBASE_RESERVED_WEIGHT;

export interface MempoolPolicy {
  /** Fee rate below which a transaction is not relayed or accepted (Core's -minrelaytxfee). */
  minRelayFeeRate: bigint;
  /** The step by which replacements and the rolling minimum fee rise (Core's -incrementalrelayfee). */
  incrementalRelayFeeRate: bigint;
  /** Fee rate the dust threshold is computed with (Core's -dustrelayfee). */
  dustRelayFeeRate: bigint;
  /** Largest standard transaction weight. */
  maxStandardTxWeight: number;
  /** Largest standard OP_RETURN script, in bytes; the FUN AI op envelope fits exactly. */
  maxDataCarrierBytes: number;
  /** Bare (non-P2SH) multisig outputs are standard (Core's -permitbaremultisig). */
  permitBareMultisig: boolean;
  /** Replace any unconfirmed transaction, signalling or not (Core's -mempoolfullrbf). Off: BIP125 opt-in. */
  fullRbf: boolean;
  /** Unconfirmed ancestors of a transaction, itself included, and their total virtual size. */
  ancestorLimit: number;
  ancestorSizeLimitVbytes: number;
  /** Unconfirmed descendants of any transaction, itself included, and their total virtual size. */
  descendantLimit: number;
  descendantSizeLimitVbytes: number;
  /** Estimated memory the pool may use before it evicts the lowest fee rate packages (Core's -maxmempool). */
  maxMempoolBytes: number;
  /** Seconds an entry may stay unmined before it expires (Core's -mempoolexpiry). */
  expirySeconds: number;
  /** Orphan transactions kept while their parents are fetched, the weight each may have, and how long. */
  maxOrphanTxs: number;
  maxOrphanTxWeight: number;
  orphanExpirySeconds: number;
  /** Most transactions one replacement may evict. */
  maxReplacementCandidates: number;
  bytesPerSigOp: number;
}

/** Core's defaults: 1 base unit/vB relay, 3/vB dust, 25 × 101 kvB chains, 300 MB, 336 h, 100 orphans. */
export const DEFAULT_MEMPOOL_POLICY: Readonly<MempoolPolicy> = Object.freeze({
  minRelayFeeRate: 1_000n,
  incrementalRelayFeeRate: 1_000n,
  dustRelayFeeRate: 3_000n,
  maxStandardTxWeight: MAX_STANDARD_TX_WEIGHT,
  maxDataCarrierBytes: 83,
  permitBareMultisig: true,
  fullRbf: false,
  ancestorLimit: 25,
  ancestorSizeLimitVbytes: 101_000,
  descendantLimit: 25,
  descendantSizeLimitVbytes: 101_000,
  maxMempoolBytes: 300_000_000,
  expirySeconds: 336 * 60 * 60,
  maxOrphanTxs: 100,
  maxOrphanTxWeight: MAX_STANDARD_TX_WEIGHT,
  orphanExpirySeconds: 20 * 60,
  maxReplacementCandidates: MAX_REPLACEMENT_CANDIDATES,
  bytesPerSigOp: DEFAULT_BYTES_PER_SIGOP,
});

export function mempoolPolicy(overrides: Partial<MempoolPolicy> = {}): MempoolPolicy {
  return { ...DEFAULT_MEMPOOL_POLICY, ...overrides };
}
