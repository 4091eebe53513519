/**
 * Block limits and windows of the inference chain (docs/protocol.md §15.6–15.9). Kept free of imports
 * so that the quorum certificate codec (which the header embeds) can share them without a cycle.
 */

/** Header and body format version. */
export const BLOCK_VERSION = 1;

/** Receipts (records) in one block: bounds the verdict bitmaps of votes and certificates (512 bytes). */
export const MAX_BLOCK_RECORDS = 4096;

/** Stacks-format transactions in one block. */
export const MAX_BLOCK_STACKS_TXS = 1024;

/** Bytes of one Stacks-format transaction (a deployment carries its contract's source). */
export const MAX_STACKS_TX_BYTES = 65_536;

/** Bytes of a whole encoded block body (receipts and Stacks transactions). */
export const MAX_BLOCK_BODY_BYTES = 2_097_152;

/** The VRF proof of SECP256K1_SHA256_TAI (docs/protocol.md §11). */
export const VRF_PROOF_SIZE = 81;

/**
 * A certificate for block h must be carried by a block at height h + 1 … h + QC_WINDOW of the same chain;
 * after that the block is expired (§15.9).
 */
export const QC_WINDOW = 16;

/** A receipt is admissible in a block elected at ledger height L only if executed at L − RECEIPT_MAX_AGE … L. */
export const RECEIPT_MAX_AGE = 144;

/**
 * Inference transaction bytes and outputs travel beside the block; nodes keep them until the ledger tip is
 * CONTENT_RETENTION_DEPTH ledger blocks past the block's anchoring ledger height (§15.7), then may delete them.
 */
export const CONTENT_RETENTION_DEPTH = 1024;
