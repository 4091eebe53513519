import type { ChainState } from '../chain/chain-state.js';
import { MAX_BLOCK_WEIGHT } from '../consensus/limits.js';
import { toHex } from '../wire/bytes.js';
import { txVsize, WITNESS_SCALE_FACTOR } from '../wire/tx.js';
import type { MempoolEntry } from './entry.js';
import { feeRatePerKvB } from './fee-rate.js';
import { COINBASE_RESERVED_WEIGHT } from './policy.js';

/** Recent blocks the estimator looks at. */
export const FEE_ESTIMATE_BLOCKS = 24;
/** Core's largest confirmation target. */
export const MAX_CONFIRMATION_TARGET = 1008;
/** Virtual bytes of transactions one block holds (the weight limit less the coinbase reserve). */
const BLOCK_VSIZE = (MAX_BLOCK_WEIGHT - COINBASE_RESERVED_WEIGHT) / WITNESS_SCALE_FACTOR;

export interface FeeEstimate {
  /** Base units per 1,000 virtual bytes. */
  feeRate: bigint;
  /** The target the estimate is for (Core never answers for fewer than 2 blocks). */
  blocks: number;
  /** 'fallback': no recent block carried a transaction and the pool is not congested. */
  source: 'estimate' | 'fallback';
}

/**
 * A simple, deterministic fee estimator (docs/node.md, estimatesmartfee):
 *
 * - recent blocks: the median fee rate of each of the last 24 active blocks that have transactions
 *   besides the coinbase (fees from the blocks' undo data), and the median of those medians;
 * - the mempool: the pool's entries by fee rate, highest first; the rate of the entry at which
 *   their virtual size reaches `target` full blocks, or 0 if the pool holds less than that;
 * - the estimate is the largest of the two and the minimum relay fee rate. With no recent block
 *   data and an uncongested pool there is nothing to estimate from: the minimum relay fee rate is
 *   returned as a fallback.
 */
export class FeeEstimator {
  /** Per-block median fee rates (null: no transactions), by block hash. */
  private readonly cache = new Map<string, bigint | null>();

  constructor(
    private readonly chain: ChainState,
    private readonly pool: { entries(): Iterable<MempoolEntry> },
    private readonly minRelayFeeRate: bigint,
  ) {}

  estimate(confTarget: number): FeeEstimate {
    const blocks = Math.min(Math.max(confTarget, 2), MAX_CONFIRMATION_TARGET);
    const recent = this.recentBlockRates();
    const fromBlocks = recent.length > 0 ? median(recent) : 0n;
    const fromPool = this.mempoolRate(blocks);
    if (recent.length === 0 && fromPool === 0n) {
      return { feeRate: this.minRelayFeeRate, blocks, source: 'fallback' };
    }
    let rate = this.minRelayFeeRate;
    if (fromBlocks > rate) rate = fromBlocks;
    if (fromPool > rate) rate = fromPool;
    return { feeRate: rate, blocks, source: 'estimate' };
  }

  private recentBlockRates(): bigint[] {
    const tip = this.chain.getTip().height;
    const rates: bigint[] = [];
    const keep = new Set<string>();
    for (let h = tip; h > 0 && h > tip - FEE_ESTIMATE_BLOCKS; h--) {
      const hash = this.chain.getBlockHash(h);
      if (hash === undefined) break;
      const key = toHex(hash);
      keep.add(key);
      let rate = this.cache.get(key);
      if (rate === undefined) {
        rate = this.blockMedianRate(hash);
        this.cache.set(key, rate);
      }
      if (rate !== null) rates.push(rate);
    }
    for (const k of this.cache.keys()) if (!keep.has(k)) this.cache.delete(k);
    return rates;
  }

  private blockMedianRate(hash: Uint8Array): bigint | null {
    const block = this.chain.getBlock(hash);
    const undo = this.chain.getBlockUndo(hash);
    if (block === undefined || undo === undefined || block.txs.length < 2) return null;
    const rates: bigint[] = [];
    block.txs.slice(1).forEach((tx, i) => {
      const spent = undo[i];
      if (spent === undefined) return;
      const inValue = spent.reduce((s, c) => s + c.output.value, 0n);
      const outValue = tx.outputs.reduce((s, o) => s + o.value, 0n);
      rates.push(feeRatePerKvB(inValue - outValue, txVsize(tx)));
    });
    return rates.length > 0 ? median(rates) : null;
  }

  private mempoolRate(blocks: number): bigint {
    const entries = [...this.pool.entries()];
    const capacity = blocks * BLOCK_VSIZE;
    let total = 0;
    for (const e of entries) total += e.vsize;
    if (total < capacity) return 0n;
    const rated = entries.map((e) => ({ vsize: e.vsize, rate: feeRatePerKvB(e.fee, e.vsize) }));
    rated.sort((a, b) => (a.rate === b.rate ? 0 : a.rate > b.rate ? -1 : 1));
    let filled = 0;
    for (const r of rated) {
      filled += r.vsize;
      if (filled >= capacity) return r.rate;
    }
    return 0n;
  }
}

function median(values: bigint[]): bigint {
  const sorted = [...values].sort((a, b) => (a === b ? 0 : a < b ? -1 : 1));
  return sorted[Math.floor(sorted.length / 2)]!;
}
