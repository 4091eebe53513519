/** Verifier-set and quorum parameters (docs/protocol.md §15.8). */

/** Verifiers per reward cycle (the staking contract's VERIFIER-SET-SIZE, §13.4). */
export const VERIFIER_SET_SIZE = 5;

/** Identical votes that certify a block, and the per-record majority of a split certificate. */
export const QUORUM_THRESHOLD = 3;

/** BLS12-381 min-pk sizes: compressed G1 public key, compressed G2 signature. */
export const BLS_PUBLIC_KEY_SIZE = 48;
export const BLS_SIGNATURE_SIZE = 96;
