/**
 * Which rules a script runs under (Core's SigVersion): legacy and P2SH scripts, or segwit v0
 * (P2WPKH's implied script and P2WSH witness scripts). Taproot's versions do not exist in FUN AI.
 */
export const SIGVERSION_BASE = 0;
export const SIGVERSION_WITNESS_V0 = 1;
export type SigVersion = typeof SIGVERSION_BASE | typeof SIGVERSION_WITNESS_V0;
