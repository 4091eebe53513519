/**
 * Block templates, as Bitcoin Core's CreateNewBlock: a coinbase paying subsidy plus fees, the
 * mempool's transactions chosen by ancestor fee rate within the weight and sigop limits, and the
 * fields getblocktemplate reports. The block is complete but unmined (nonce 0).
 */
import { addressToScript } from '../../address/address.js';
import { getNextWorkRequired } from '../../consensus/contextual.js';
import { MAX_BLOCK_WEIGHT } from '../../consensus/limits.js';
import { decodeCompact } from '../../consensus/pow.js';
import { blockSubsidy } from '../../consensus/subsidy.js';
import type { MempoolEntry } from '../../mempool/entry.js';
import {
  COINBASE_RESERVED_SIGOPS_COST,
  COINBASE_RESERVED_WEIGHT,
  DEFAULT_BLOCK_MAX_WEIGHT,
  DEFAULT_MEMPOOL_POLICY,
} from '../../mempool/policy.js';
import type { ChainParams } from '../../params/chain-params.js';
import { getLegacySigOpCount } from '../../script/sigops.js';
import type { Block } from '../../wire/block.js';
import { blockWeight } from '../../wire/block.js';
import { toHex } from '../../wire/bytes.js';
import type { BlockHeader } from '../../wire/header.js';
import { blockMerkleRoot } from '../../wire/merkle.js';
import type { Transaction } from '../../wire/tx.js';
import { hasWitness, WITNESS_SCALE_FACTOR } from '../../wire/tx.js';
import { addWitnessCommitment } from '../../wire/witness-commitment.js';
import { buildCoinbase, type ExtraNonce, fitCoinbaseSize, withCoinbaseScriptSig } from './coinbase.js';
import { selectPackages } from './select.js';

/** Core's ComputeBlockVersion with no deployment signalling: the BIP9 top bits alone. */
export const TEMPLATE_BLOCK_VERSION = 0x20000000;

/** The block the template builds on. */
export interface TemplateTip {
  /** Internal byte order. */
  hash: Uint8Array;
  height: number;
  time: number;
  bits: number;
  medianTimePast: number;
}

export interface TemplateRequest {
  tip: TemplateTip;
  params: ChainParams;
  /** The pool's entries (Mempool.entries()). */
  mempool: { entries(): Iterable<MempoolEntry> };
  /** Where the coinbase pays: a scriptPubKey, or an address of `params`' network. */
  payout: Uint8Array | string;
  extraNonce?: ExtraNonce;
  /** UNIX seconds now: the block's time is this, or the tip's median time past + 1 if later. */
  time: number;
  /** Block weight limit for the template (Core's -blockmaxweight), clamped to [4,000, 3,996,000]. */
  maxWeight?: number;
  /** Packages below this fee rate (per kvB) are left out (Core's -blockmintxfee). */
  minFeeRate?: bigint;
}

/** One non-coinbase transaction of a template, with getblocktemplate's per-transaction fields. */
export interface TemplateTransaction {
  tx: Transaction;
  txid: Uint8Array;
  wtxid: Uint8Array;
  fee: bigint;
  /** BIP141 sigop cost (Core reports `sigops` as the cost for segwit-aware clients). */
  sigOpCost: number;
  weight: number;
  /** Positions in block.txs of the template transactions it spends from (GBT's 1-based `depends`). */
  depends: number[];
}

export interface BlockTemplate {
  block: Block;
  height: number;
  previousBlockHash: Uint8Array;
  version: number;
  bits: number;
  target: bigint;
  /** Earliest valid time (median time past + 1) and the time the header carries. */
  minTime: number;
  curTime: number;
  /** What the coinbase pays: subsidy + fees. */
  coinbaseValue: bigint;
  fees: bigint;
  transactions: TemplateTransaction[];
  /** The commitment output's scriptPubKey (GBT's `default_witness_commitment`), when any tx has a witness. */
  witnessCommitment: Uint8Array | null;
  /** The block's weight and sigop cost, coinbase included. */
  weight: number;
  sigOpCost: number;
  payoutScript: Uint8Array;
}

export function createBlockTemplate(req: TemplateRequest): BlockTemplate {
  const { tip, params } = req;
  const height = tip.height + 1;
  const maxWeight = Math.max(
    COINBASE_RESERVED_WEIGHT,
    Math.min(MAX_BLOCK_WEIGHT - COINBASE_RESERVED_WEIGHT, req.maxWeight ?? DEFAULT_BLOCK_MAX_WEIGHT),
  );
  const selection = selectPackages(req.mempool.entries(), {
    maxWeight,
    minFeeRate: req.minFeeRate ?? DEFAULT_MEMPOOL_POLICY.minRelayFeeRate,
    height,
    lockTimeCutoff: tip.medianTimePast,
  });

  const payoutScript =
    typeof req.payout === 'string' ? addressToScript(req.payout, params.addressPrefixes) : req.payout;
  const coinbaseValue = blockSubsidy(height, params.subsidyHalvingInterval) + selection.fees;
  const minTime = tip.medianTimePast + 1;
  const curTime = Math.max(minTime, req.time);
  const bits = getNextWorkRequired(tip, params);
  const header: BlockHeader = {
    version: TEMPLATE_BLOCK_VERSION,
    prevBlock: tip.hash,
    merkleRoot: new Uint8Array(32),
    time: curTime,
    bits,
    nonce: 0,
  };
  let coinbase = buildCoinbase(
    height,
    [{ value: coinbaseValue, scriptPubKey: payoutScript }],
    req.extraNonce,
  );
  const txs = [coinbase, ...selection.entries.map((e) => e.tx)];
  let witnessCommitment: Uint8Array | null = null;
  if (selection.entries.some((e) => hasWitness(e.tx))) {
    coinbase = addWitnessCommitment({ header, txs });
    txs[0] = coinbase;
    witnessCommitment = coinbase.outputs[coinbase.outputs.length - 1]!.scriptPubKey;
  }
  coinbase = fitCoinbaseSize(coinbase);
  txs[0] = coinbase;
  header.merkleRoot = blockMerkleRoot(txs).root;
  const block: Block = { header, txs };

  const position = new Map<string, number>();
  selection.entries.forEach((e, i) => {
    position.set(e.key, i + 1);
  });
  const transactions = selection.entries.map((e) => {
    const depends = new Set<number>();
    for (const input of e.tx.inputs) {
      const p = position.get(toHex(input.prevout.txid));
      if (p !== undefined) depends.add(p);
    }
    return {
      tx: e.tx,
      txid: e.txid,
      wtxid: e.wtxid,
      fee: e.fee,
      sigOpCost: e.sigOpCost,
      weight: e.weight,
      depends: [...depends].sort((a, b) => a - b),
    };
  });

  return {
    block,
    height,
    previousBlockHash: tip.hash,
    version: header.version,
    bits,
    target: decodeCompact(bits).target,
    minTime,
    curTime,
    coinbaseValue,
    fees: selection.fees,
    transactions,
    witnessCommitment,
    weight: blockWeight(block),
    sigOpCost:
      selection.sigOpCost -
      COINBASE_RESERVED_SIGOPS_COST +
      getLegacySigOpCount(coinbase) * WITNESS_SCALE_FACTOR,
    payoutScript,
  };
}

/**
 * The template's block with a new extra nonce in the coinbase (the miner's IncrementExtraNonce):
 * only the coinbase and the Merkle root change; the witness commitment does not cover the coinbase.
 */
export function withExtraNonce(template: BlockTemplate, extraNonce: ExtraNonce): Block {
  const [coinbase, ...rest] = template.block.txs;
  const txs = [withCoinbaseScriptSig(coinbase!, template.height, extraNonce), ...rest];
  return { header: { ...template.block.header, merkleRoot: blockMerkleRoot(txs).root }, txs };
}
