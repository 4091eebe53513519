/** Base units per FAI. */
export const COIN = 100_000_000n;
/** The inference block reward before any halving: 3.5 FAI (poi.clar's INITIAL-REWARD). */
export const INITIAL_BLOCK_REWARD = 350_000_000n;
/** Ledger blocks between halvings (poi.clar's HALVING-INTERVAL), the ledger's own schedule. */
export const HALVING_INTERVAL = 2_100_000;

/** poi.clar's get-block-reward: one integer right shift per halving, zero after 64 of them. */
export function blockReward(ledgerHeight: number): bigint {
  const halvings = Math.floor(ledgerHeight / HALVING_INTERVAL);
  return halvings >= 64 ? 0n : INITIAL_BLOCK_REWARD >> BigInt(halvings);
}

/**
 * Every base unit the block rewards can ever pay (one reward per ledger height): minted once, at
 * genesis, to the system principal, from which poi pays each reward.
 */
export const ISSUANCE_RESERVE: bigint = (() => {
  let total = 0n;
  for (let era = 0n; era < 64n; era++) total += BigInt(HALVING_INTERVAL) * (INITIAL_BLOCK_REWARD >> era);
  return total;
})();

/** The ledger's coinbase subsidy before any halving: 1.5 FAI (the ledger's own schedule). */
export const LEDGER_INITIAL_SUBSIDY = 150_000_000n;

/**
 * The deposits contract's reserve: every base unit the ledger's coinbases can ever issue, minted at
 * genesis to `<system>.deposits`, so every FAI a DEPOSIT burns on the ledger can be credited here.
 */
export const DEPOSIT_RESERVE: bigint = (() => {
  let total = 0n;
  for (let era = 0n; era < 64n; era++) total += BigInt(HALVING_INTERVAL) * (LEDGER_INITIAL_SUBSIDY >> era);
  return total;
})();
