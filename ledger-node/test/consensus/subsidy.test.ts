import { describe, expect, it } from 'vitest';
import { COIN, MAX_MONEY } from '../../src/consensus/amounts.js';
import {
  blockSubsidy,
  INFERENCE_INITIAL_SUBSIDY,
  inferenceBlockSubsidy,
  LEDGER_INITIAL_SUBSIDY,
  SUBSIDY_HALVING_INTERVAL,
  totalIssuance,
} from '../../src/consensus/subsidy.js';

const fmt = (units: bigint): string => `${units / COIN}.${(units % COIN).toString().padStart(8, '0')} FAI`;

/** Sums a schedule era by era, checking the subsidy is constant within each era. */
function sumSchedule(subsidy: (h: number) => bigint): bigint {
  let total = 0n;
  for (let era = 0; era <= 64; era++) {
    const first = era * SUBSIDY_HALVING_INTERVAL;
    const last = first + SUBSIDY_HALVING_INTERVAL - 1;
    const s = subsidy(first);
    expect(subsidy(last)).toBe(s);
    total += s * BigInt(SUBSIDY_HALVING_INTERVAL);
  }
  return total;
}

describe('issuance', () => {
  it('pays 1.5 FAI on the ledger and 3.5 FAI on the inference layer at first', () => {
    expect(blockSubsidy(0)).toBe(150_000_000n);
    expect(blockSubsidy(1)).toBe(150_000_000n);
    expect(inferenceBlockSubsidy(1)).toBe(350_000_000n);
    expect(LEDGER_INITIAL_SUBSIDY + INFERENCE_INITIAL_SUBSIDY).toBe(5n * COIN);
  });

  it('halves every 2,100,000 blocks by integer shift and stops after 64 halvings', () => {
    expect(blockSubsidy(SUBSIDY_HALVING_INTERVAL - 1)).toBe(150_000_000n);
    expect(blockSubsidy(SUBSIDY_HALVING_INTERVAL)).toBe(75_000_000n);
    expect(blockSubsidy(2 * SUBSIDY_HALVING_INTERVAL)).toBe(37_500_000n);
    expect(inferenceBlockSubsidy(3 * SUBSIDY_HALVING_INTERVAL)).toBe(43_750_000n);
    // 150,000,000 >> 28 = 0: the ledger subsidy dies out long before the 64th halving.
    expect(blockSubsidy(28 * SUBSIDY_HALVING_INTERVAL - 1)).toBe(1n);
    expect(blockSubsidy(28 * SUBSIDY_HALVING_INTERVAL)).toBe(0n);
    expect(inferenceBlockSubsidy(63 * SUBSIDY_HALVING_INTERVAL)).toBe(0n);
    expect(inferenceBlockSubsidy(64 * SUBSIDY_HALVING_INTERVAL)).toBe(0n);
    expect(blockSubsidy(1e15)).toBe(0n);
  });

  it('issues less than 21,000,000 FAI in all', () => {
    const ledger = sumSchedule(blockSubsidy);
    const inference = sumSchedule(inferenceBlockSubsidy);
    expect(ledger).toBe(totalIssuance(LEDGER_INITIAL_SUBSIDY));
    expect(inference).toBe(totalIssuance(INFERENCE_INITIAL_SUBSIDY));
    const total = ledger + inference;
    console.log(`issuance: ledger ${fmt(ledger)} + inference ${fmt(inference)} = ${fmt(total)}`);
    expect(total < 21_000_000n * COIN).toBe(true);
    expect(total <= MAX_MONEY).toBe(true);
    // Within a few FAI of the cap: the shortfall is only the truncation of the right shifts.
    expect(21_000_000n * COIN - total < 10n * COIN).toBe(true);
  });

  it('rejects negative and fractional heights', () => {
    expect(() => blockSubsidy(-1)).toThrow(RangeError);
    expect(() => blockSubsidy(1.5)).toThrow(RangeError);
  });
});
