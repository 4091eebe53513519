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
