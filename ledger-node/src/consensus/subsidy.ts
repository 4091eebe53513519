/**
 * FAI issuance. Each ledger block height pays two subsidies: the ledger's coinbase (to the PoW miner)
 * and the inference layer's block reward (paid by the inference chain to the elected producer and its
 * verifiers). Both halve every SUBSIDY_HALVING_INTERVAL blocks; together they stay under 21 M FAI.
 */
import { SUBSIDY_HALVING_INTERVAL } from '../params/chain-params.js';
import { COIN } from './amounts.js';

export { SUBSIDY_HALVING_INTERVAL } from '../params/chain-params.js';
/** 1.5 FAI: the ledger coinbase subsidy before any halving. */
export const LEDGER_INITIAL_SUBSIDY = (3n * COIN) / 2n;
/** 3.5 FAI: the inference layer's block reward before any halving. */
export const INFERENCE_INITIAL_SUBSIDY = (7n * COIN) / 2n;

/** Bitcoin's GetBlockSubsidy shape: an integer right shift per halving, zero after 64 of them. */
export function halvingSubsidy(height: number, initial: bigint, interval = SUBSIDY_HALVING_INTERVAL): bigint {
  if (!Number.isSafeInteger(height) || height < 0) throw new RangeError(`invalid height ${height}`);
  const halvings = Math.floor(height / interval);
  if (halvings >= 64) return 0n;
  return initial >> BigInt(halvings);
}

/** The most a ledger coinbase may claim at `height`, before fees. */
export function blockSubsidy(height: number, interval = SUBSIDY_HALVING_INTERVAL): bigint {
  return halvingSubsidy(height, LEDGER_INITIAL_SUBSIDY, interval);
}

/** The inference layer's reward for the inference block elected at ledger `height`. */
export function inferenceBlockSubsidy(height: number, interval = SUBSIDY_HALVING_INTERVAL): bigint {
  return halvingSubsidy(height, INFERENCE_INITIAL_SUBSIDY, interval);
}

/** Every base unit a schedule ever issues: interval × the sum of its per-era subsidies. */
export function totalIssuance(initial: bigint, interval = SUBSIDY_HALVING_INTERVAL): bigint {
  let total = 0n;
  for (let era = 0; era < 64; era++) total += BigInt(interval) * (initial >> BigInt(era));
  return total;
}
