/** Base units per FAI, as Bitcoin's COIN. */
export const COIN = 100_000_000n;

/**
 * No amount (an output, a sum of outputs, a sum of inputs, a fee) may exceed this. It is a sanity
 * bound, as Bitcoin's MAX_MONEY, not the supply: the subsidy schedule stays below it.
 */
export const MAX_MONEY = 21_000_000n * COIN;

export function moneyRange(value: bigint): boolean {
  return value >= 0n && value <= MAX_MONEY;
}
