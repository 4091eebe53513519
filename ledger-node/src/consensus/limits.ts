// Bitcoin Core's consensus limits (consensus/consensus.h, script/script.h), unchanged. The ones the
// byte formats and the script interpreter need live below consensus (wire/, script/limits.ts) and
// are re-exported here, so that wire and script never import consensus.

export { COINBASE_MATURITY } from '../params/chain-params.js';
export {
  LOCKTIME_THRESHOLD,
  MAX_OPS_PER_SCRIPT,
  MAX_PUBKEYS_PER_MULTISIG,
  MAX_SCRIPT_ELEMENT_SIZE,
  MAX_SCRIPT_SIZE,
  MAX_STACK_SIZE,
} from '../script/limits.js';
export { MAX_BLOCK_WEIGHT } from '../wire/block.js';
export { WITNESS_SCALE_FACTOR } from '../wire/tx.js';

/** BIP141 sigop cost limit per block (legacy and P2SH sigops count ×4, witness sigops ×1). */
export const MAX_BLOCK_SIGOPS_COST = 80_000;
/**
 * BIP54 (consensus cleanup): a transaction whose serialization without witness is exactly this many
 * bytes is invalid, since it could be read as an inner node of the Merkle tree. Active from genesis.
 */
export const INVALID_TX_NONWITNESS_SIZE = 64;
