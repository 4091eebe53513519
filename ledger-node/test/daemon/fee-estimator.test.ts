import { describe, expect, it } from 'vitest';
import type { MempoolEntry } from '../../src/mempool/entry.js';
import { FeeEstimator } from '../../src/mempool/fee-estimator.js';
import { useTestNode } from './harness.js';

const t = useTestNode();

/** Pool entries of `vsize` vbytes each paying `rate` base units per vbyte. */
function entries(count: number, vsize: number, rate: number): MempoolEntry[] {
  return Array.from({ length: count }, () => ({ vsize, fee: BigInt(vsize * rate) }) as MempoolEntry);
}

describe('estimatesmartfee', () => {
  it('falls back to the minimum relay fee rate, and says so, with no data', async () => {
    const r = await t.call('estimatesmartfee', 6);
    expect(r).toEqual({
      feerate: 0.00001,
      errors: ['Insufficient data or no feerate found; feerate is the minimum relay fee rate'],
      blocks: 6,
    });
    // Core never answers for one block.
    expect((await t.call('estimatesmartfee', 1)).blocks).toBe(2);
    expect((await t.fail('estimatesmartfee', 0)).code).toBe(-8);
    expect((await t.fail('estimatesmartfee', 1009)).code).toBe(-8);
    expect((await t.fail('estimatesmartfee', 2, 'fast')).code).toBe(-8);
  });

  it("follows the median of recent blocks' median fee rates", async () => {
    await t.call('generatetoaddress', 104, t.addr);
    // One block with transactions paying about 3, 8 and 40 base units per vbyte: its median is ~8.
    for (const rate of [3, 8, 40]) {
      await t.callNamed('sendtoaddress', {
        address: await t.call('getnewaddress'),
        amount: 0.1,
        fee_rate: rate,
      });
    }
    await t.call('generatetoaddress', 1, t.addr);
    const r = await t.call('estimatesmartfee', 3);
    expect(r.errors).toBeUndefined();
    expect(r.blocks).toBe(3);
    expect(r.feerate).toBeGreaterThanOrEqual(0.00007);
    expect(r.feerate).toBeLessThanOrEqual(0.00009);
    // The wallet pays what the estimate says.
    const txid = await t.call('sendtoaddress', await t.call('getnewaddress'), 0.1);
    const entry = await t.call('getmempoolentry', txid);
    expect(Math.round(entry.fees.base * 1e8) / entry.vsize).toBeGreaterThanOrEqual(7);
  });

  it("outbids a congested mempool: the rate at which the pool's best fill `target` blocks", () => {
    // 999,000 vbytes make a block: 1,000,000 at 50/vB and 1,500,000 at 10/vB fill 2.5 blocks.
    const pool = [...entries(1000, 1000, 50), ...entries(1500, 1000, 10)];
    const est = new FeeEstimator(t.chain, { entries: () => pool }, 1000n);
    expect(est.estimate(2)).toEqual({ feeRate: 10_000n, blocks: 2, source: 'estimate' });
    // Three blocks hold the whole pool: no competition, no recent blocks: the fallback.
    expect(est.estimate(3)).toEqual({ feeRate: 1000n, blocks: 3, source: 'fallback' });
  });
});
