// Bitcoin Core's consensus limits (consensus/consensus.h, script/script.h), unchanged.
export { WITNESS_SCALE_FACTOR } from '../wire/tx.js';

/** BIP141 block weight limit (weight = base size × 3 + total size). */
export const MAX_BLOCK_WEIGHT = 4_000_000;
/** BIP141 sigop cost limit per block (legacy and P2SH sigops count ×4, witness sigops ×1). */
export const MAX_BLOCK_SIGOPS_COST = 80_000;
/**
 * BIP54 (consensus cleanup): a transaction whose serialization without witness is exactly this many
 * bytes is invalid, since it could be read as an inner node of the Merkle tree. Active from genesis.
 */
export const INVALID_TX_NONWITNESS_SIZE = 64;
/** Blocks before a coinbase output may be spent. */
export const COINBASE_MATURITY = 100;

/** Largest scriptPubKey/scriptSig/witnessScript the interpreter will run, in bytes. */
export const MAX_SCRIPT_SIZE = 10_000;
/** Largest stack element (and push), in bytes. */
export const MAX_SCRIPT_ELEMENT_SIZE = 520;
/** Non-push opcodes per script (pushes and OP_1..OP_16 do not count; CHECKMULTISIG adds its key count). */
export const MAX_OPS_PER_SCRIPT = 201;
export const MAX_PUBKEYS_PER_MULTISIG = 20;
/** Main stack plus alt stack, in elements. */
export const MAX_STACK_SIZE = 1000;

/** nLockTime / CLTV values below this are block heights, at or above it UNIX times. */
export const LOCKTIME_THRESHOLD = 500_000_000;
