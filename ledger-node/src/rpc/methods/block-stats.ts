import type { HeaderInfo } from '../../chain/chain-state.js';
import type { BlockUndo } from '../../chain/undo.js';
import { blockSubsidy } from '../../consensus/subsidy.js';
import { isUnspendable } from '../../script/patterns.js';
import type { Block } from '../../wire/block.js';
import { hasWitness, txSize, txWeight, WITNESS_SCALE_FACTOR } from '../../wire/tx.js';
import { compactSizeLength } from '../../wire/writer.js';

/** Core's PER_UTXO_OVERHEAD: outpoint and coin metadata counted per UTXO by utxo_size_inc. */
const PER_UTXO_OVERHEAD = 41;
const PERCENTILES = [0.1, 0.25, 0.5, 0.75, 0.9];

export const BLOCK_STATS_FIELDS = [
  'avgfee',
  'avgfeerate',
  'avgtxsize',
  'blockhash',
  'feerate_percentiles',
  'height',
  'ins',
  'maxfee',
  'maxfeerate',
  'maxtxsize',
  'medianfee',
  'mediantime',
  'mediantxsize',
  'minfee',
  'minfeerate',
  'mintxsize',
  'outs',
  'subsidy',
  'swtotal_size',
  'swtotal_weight',
  'swtxs',
  'time',
  'total_out',
  'total_size',
  'total_weight',
  'totalfee',
  'txs',
  'utxo_increase',
  'utxo_size_inc',
] as const;

/** Core's CalculateTruncatedMedian: the mean of the two middle values for an even count. */
function truncatedMedian(values: bigint[]): bigint {
  if (values.length === 0) return 0n;
  const s = [...values].sort((a, b) => (a === b ? 0 : a < b ? -1 : 1));
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 0 ? (s[mid - 1]! + s[mid]!) / 2n : s[mid]!;
}

/** Core's CalculatePercentilesByWeight over (fee rate, weight) pairs. */
function percentilesByWeight(scores: { rate: bigint; weight: number }[], totalWeight: number): bigint[] {
  const result: bigint[] = [0n, 0n, 0n, 0n, 0n];
  if (scores.length === 0) return result;
  const sorted = [...scores].sort((a, b) => (a.rate === b.rate ? 0 : a.rate < b.rate ? -1 : 1));
  const weights = PERCENTILES.map((p) => totalWeight * p);
  let next = 0;
  let cumulative = 0;
  for (const s of sorted) {
    cumulative += s.weight;
    while (next < PERCENTILES.length && cumulative >= weights[next]!) result[next++] = s.rate;
  }
  for (; next < PERCENTILES.length; next++) result[next] = sorted[sorted.length - 1]!.rate;
  return result;
}

function outputSize(script: Uint8Array): number {
  return 8 + compactSizeLength(script.length) + script.length;
}

/**
 * Core's getblockstats for one block, from the block and its undo data. Amounts are in base
 * units and fee rates in base units per virtual byte, as Core's (satoshis, sat/vB).
 */
export function blockStats(block: Block, undo: BlockUndo, info: HeaderInfo, halvingInterval: number) {
  const fees: bigint[] = [];
  const sizes: bigint[] = [];
  const scores: { rate: bigint; weight: number }[] = [];
  let ins = 0;
  let outs = 0;
  let totalOut = 0n;
  let totalSize = 0;
  let totalWeight = 0;
  let swTxs = 0;
  let swTotalSize = 0;
  let swTotalWeight = 0;
  let maxFee = 0n;
  let minFee = -1n;
  let maxFeeRate = 0n;
  let minFeeRate = -1n;
  let maxTxSize = 0;
  let minTxSize = -1;
  let utxoIncrease = 0;
  let utxoSizeInc = 0;
  block.txs.forEach((tx, i) => {
    outs += tx.outputs.length;
    for (const o of tx.outputs) {
      if (isUnspendable(o.scriptPubKey)) continue;
      utxoIncrease++;
      utxoSizeInc += outputSize(o.scriptPubKey) + PER_UTXO_OVERHEAD;
    }
    if (i === 0) return;
    const spent = undo[i - 1] ?? [];
    ins += tx.inputs.length;
    utxoIncrease -= tx.inputs.length;
    let inValue = 0n;
    for (const c of spent) {
      inValue += c.output.value;
      utxoSizeInc -= outputSize(c.output.scriptPubKey) + PER_UTXO_OVERHEAD;
    }
    const outValue = tx.outputs.reduce((s, o) => s + o.value, 0n);
    totalOut += outValue;
    const size = txSize(tx);
    const weight = txWeight(tx);
    totalSize += size;
    totalWeight += weight;
    sizes.push(BigInt(size));
    if (hasWitness(tx)) {
      swTxs++;
      swTotalSize += size;
      swTotalWeight += weight;
    }
    if (size > maxTxSize) maxTxSize = size;
    if (minTxSize < 0 || size < minTxSize) minTxSize = size;
    const fee = inValue - outValue;
    fees.push(fee);
    if (fee > maxFee) maxFee = fee;
    if (minFee < 0n || fee < minFee) minFee = fee;
    const rate = weight > 0 ? (fee * BigInt(WITNESS_SCALE_FACTOR)) / BigInt(weight) : 0n;
    scores.push({ rate, weight });
    if (rate > maxFeeRate) maxFeeRate = rate;
    if (minFeeRate < 0n || rate < minFeeRate) minFeeRate = rate;
  });
  const n = block.txs.length - 1;
  const totalFee = fees.reduce((s, f) => s + f, 0n);
  return {
    avgfee: n > 0 ? totalFee / BigInt(n) : 0n,
    avgfeerate: totalWeight > 0 ? (totalFee * BigInt(WITNESS_SCALE_FACTOR)) / BigInt(totalWeight) : 0n,
    avgtxsize: n > 0 ? Math.floor(totalSize / n) : 0,
    blockhash: info.hashHex,
    feerate_percentiles: percentilesByWeight(scores, totalWeight),
    height: info.height,
    ins,
    maxfee: maxFee,
    maxfeerate: maxFeeRate,
    maxtxsize: maxTxSize,
    medianfee: truncatedMedian(fees),
    mediantime: info.medianTimePast,
    mediantxsize: truncatedMedian(sizes),
    minfee: minFee < 0n ? 0n : minFee,
    minfeerate: minFeeRate < 0n ? 0n : minFeeRate,
    mintxsize: Math.max(0, minTxSize),
    outs,
    subsidy: blockSubsidy(info.height, halvingInterval),
    swtotal_size: swTotalSize,
    swtotal_weight: swTotalWeight,
    swtxs: swTxs,
    time: info.header.time,
    total_out: totalOut,
    total_size: totalSize,
    total_weight: totalWeight,
    totalfee: totalFee,
    txs: block.txs.length,
    utxo_increase: utxoIncrease,
    utxo_size_inc: utxoSizeInc,
  };
}
