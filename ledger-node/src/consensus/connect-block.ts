/**
 * The input-side rules of Bitcoin Core's ConnectBlock, as a pure function: given a block that passed
 * checkBlock and contextualCheckBlock, its height, a view of the UTXO set at its parent and the
 * median times past of its ancestors, it returns the UTXO changes and undo data the chain state
 * applies, and the script checks still to run. Scripts are left to the caller so that it can run them
 * in worker threads and commit only when all pass.
 */

import type { ChainParams } from '../params/chain-params.js';
import { isUnspendable } from '../script/patterns.js';
import { getTransactionSigOpCost } from '../script/sigops.js';
import type { Block } from '../wire/block.js';
import { hashToHex, toHex } from '../wire/bytes.js';
import type { OutPoint, Transaction, TxOut } from '../wire/tx.js';
import { isCoinbase, txid } from '../wire/tx.js';
import { moneyRange } from './amounts.js';
import type { Coin, CoinView, OutPointCoin } from './coins.js';
import { outpointKey, outpointKeyOfHex } from './coins.js';
import { ValidationError } from './errors.js';
import { MAX_BLOCK_SIGOPS_COST } from './limits.js';
import { calculateSequenceLocks, evaluateSequenceLocks } from './locktime.js';
import { getBlockScriptFlags } from './script-flags.js';
import { halvingSubsidy, LEDGER_INITIAL_SUBSIDY } from './subsidy.js';
import { checkTxInputs, inTransaction } from './tx-inputs.js';

/** The branch a block extends, as far as BIP68 needs it. */
export interface ChainAncestry {
  /** Median time past of the block at `height` on this branch, for any height below the new block's. */
  medianTimePast(height: number): number;
}

/** One input whose scripts are still to be verified. */
export interface ScriptCheck {
  tx: Transaction;
  /** Position of the transaction in the block. */
  txIndex: number;
  inputIndex: number;
  /** The output it spends: scriptPubKey and amount (BIP143 signs the amount). */
  spent: TxOut;
  flags: number;
}

export interface BlockConnection {
  height: number;
  /** Sum of the non-coinbase transactions' fees. */
  fees: bigint;
  /** What the coinbase may claim: subsidy + fees. */
  blockReward: bigint;
  sigOpCost: number;
  /** Script verification flags in force at this height. */
  flags: number;
  /**
   * Undo data, as Core's CBlockUndo: per non-coinbase transaction in block order, the coins its inputs
   * spent, in input order (including coins created earlier in this block).
   */
  undo: Coin[][];
  /** Outpoints to remove from the UTXO set: spent by the block and present before it. */
  spent: OutPoint[];
  /** Their outpointKeys, in the same order. */
  spentKeys: string[];
  /** Coins to add: created by the block, spendable, and not spent within it. In block order. */
  created: OutPointCoin[];
  /** Their outpointKeys, in the same order. */
  createdKeys: string[];
  /**
   * The UTXO set after the block where it differs from before, by outpointKey: the coin, or null
   * when spent (including outputs created and spent within the block).
   */
  changes: ReadonlyMap<string, { readonly coin: Coin | null }>;
  scriptChecks: ScriptCheck[];
}

/** The parent's UTXO set with the block's own spends and outputs on top, as Core's CCoinsViewCache. */
class BlockCoinsView implements CoinView {
  /** By outpointKey; coin null: spent within the block. */
  private readonly changes = new Map<string, { outpoint: OutPoint; coin: Coin | null; fresh: boolean }>();
  /** The key of each input looked up, for its spend that follows (both in one transaction's turn). */
  private readonly inputKeys = new Map<OutPoint, string>();

  constructor(private readonly base: CoinView) {}

  getCoin(outpoint: OutPoint): Coin | undefined {
    const key = this.base.keyOf?.(outpoint) ?? outpointKey(outpoint);
    this.inputKeys.set(outpoint, key);
    const change = this.changes.get(key);
    if (change) return change.coin ?? undefined;
    return this.base.getCoinByKey ? this.base.getCoinByKey(key, outpoint) : this.base.getCoin(outpoint);
  }

  /** Forgets the keys remembered for the spends of one transaction. */
  spent(): void {
    this.inputKeys.clear();
  }

  spend(outpoint: OutPoint): void {
    const key = this.inputKeys.get(outpoint) ?? outpointKey(outpoint);
    const change = this.changes.get(key);
    if (change) change.coin = null;
    else this.changes.set(key, { outpoint, coin: null, fresh: false });
  }

  /** `key` is outpointKey(outpoint). */
  add(key: string, outpoint: OutPoint, coin: Coin): void {
    this.changes.set(key, { outpoint, coin, fresh: this.changes.get(key)?.fresh ?? true });
  }

  result(): Pick<BlockConnection, 'spent' | 'spentKeys' | 'created' | 'createdKeys' | 'changes'> {
    const spent: OutPoint[] = [];
    const spentKeys: string[] = [];
    const created: OutPointCoin[] = [];
    const createdKeys: string[] = [];
    for (const [key, c] of this.changes) {
      if (c.coin) {
        created.push({ outpoint: c.outpoint, coin: c.coin });
        createdKeys.push(key);
      } else if (!c.fresh) {
        spent.push(c.outpoint);
        spentKeys.push(key);
      }
    }
    return { spent, spentKeys, created, createdKeys, changes: this.changes };
  }
}

/**
 * Whether connecting a block at `height` looks its outputs up for BIP30. Bitcoin Core skips the
 * lookups once BIP34 is active (validation.cpp, fEnforceBIP30): a coinbase then begins with its
 * block's height, so two coinbases of one chain never share a txid, and a non-coinbase transaction
 * can only repeat a txid by spending the very coins of an earlier copy, which are spent; so no
 * block can hold an output that is unspent already and the check can never fail. The argument needs
 * every coinbase that can be in the UTXO set to carry its height: true when BIP34 is active from
 * height 1 (every FUN AI network; genesis's outputs never enter the set). With a later BIP34 height a
 * coinbase mined before it may push a future height (Core's BIP34_IMPLIES_BIP30_LIMIT), so BIP30 is
 * then kept at every height. A consensus-equivalent optimisation: no block's validity changes.
 */
export function bip30Enforced(height: number, params: ChainParams): boolean {
  return !(params.bip34Height <= 1 && height >= 1);
}

/**
 * ConnectBlock's checks, in Core's order: no transaction overwrites an unspent output
 * (`bad-txns-BIP30`, where `bip30Enforced`); for each transaction, its inputs (checkTxInputs' reasons), the accumulated fees
 * (`bad-txns-accumulated-fee-outofrange`), BIP68 relative locks (`bad-txns-nonfinal`) and the
 * running sigop cost (`bad-blk-sigops`); finally the coinbase value (`bad-cb-amount`). Transactions
 * may spend outputs of earlier transactions in the same block.
 *
 * The genesis block (height 0) connects to nothing: its coinbase is never spendable, as in Bitcoin.
 * `txids` are the transactions' txids in block order, when the caller has them already.
 */
export function connectBlock(
  block: Block,
  height: number,
  view: CoinView,
  ancestry: ChainAncestry,
  params: ChainParams,
  txids: readonly Uint8Array[] = block.txs.map((tx) => txid(tx)),
): BlockConnection {
  const flags = getBlockScriptFlags(height, params);
  const result: BlockConnection = {
    height,
    fees: 0n,
    blockReward: 0n,
    sigOpCost: 0,
    flags,
    undo: [],
    spent: [],
    spentKeys: [],
    created: [],
    createdKeys: [],
    changes: new Map(),
    scriptChecks: [],
  };
  if (height === 0) return result;

  // BIP30, against the parent's UTXO set, where BIP34 does not already imply it (bip30Enforced).
  if (bip30Enforced(height, params)) {
    block.txs.forEach((tx, i) => {
      for (let vout = 0; vout < tx.outputs.length; vout++) {
        if (view.getCoin({ txid: txids[i]!, vout })) {
          throw new ValidationError('bad-txns-BIP30', 'tried to overwrite transaction');
        }
      }
    });
  }

  const coins = new BlockCoinsView(view);
  const enforceBip68 = height >= params.csvHeight;
  const parentMedianTimePast = ancestry.medianTimePast(height - 1);
  const medianTimePast = (h: number) => ancestry.medianTimePast(h);

  // Loops, not forEach: this runs per transaction and input of every block, and each forEach
  // callback is a closure allocated per transaction.
  for (let i = 0; i < block.txs.length; i++) {
    const tx = block.txs[i]!;
    const coinbase = isCoinbase(tx);
    let spent: Coin[] = [];
    if (!coinbase) {
      try {
        const checked = checkTxInputs(tx, coins, height, params.coinbaseMaturity);
        spent = checked.coins;
        result.fees += checked.fee;
      } catch (err) {
        throw inTransaction(err, tx);
      }
      if (!moneyRange(result.fees)) {
        throw new ValidationError(
          'bad-txns-accumulated-fee-outofrange',
          'accumulated fee in the block out of range',
        );
      }
      const locks = calculateSequenceLocks(
        tx,
        enforceBip68,
        spent.map((c) => c.height),
        medianTimePast,
      );
      if (!evaluateSequenceLocks(height, parentMedianTimePast, locks)) {
        throw new ValidationError(
          'bad-txns-nonfinal',
          `contains a non-BIP68-final transaction ${hashToHex(txids[i]!)}`,
        );
      }
    }

    const spentOutputs = spent.map((c) => c.output);
    result.sigOpCost += getTransactionSigOpCost(tx, spentOutputs, flags);
    if (result.sigOpCost > MAX_BLOCK_SIGOPS_COST)
      throw new ValidationError('bad-blk-sigops', 'too many sigops');

    if (!coinbase) {
      for (let inputIndex = 0; inputIndex < tx.inputs.length; inputIndex++) {
        result.scriptChecks.push({ tx, txIndex: i, inputIndex, spent: spentOutputs[inputIndex]!, flags });
        coins.spend(tx.inputs[inputIndex]!.prevout);
      }
      coins.spent();
      result.undo.push(spent);
    }
    const id = txids[i]!;
    const idHex = toHex(id);
    for (let vout = 0; vout < tx.outputs.length; vout++) {
      const output = tx.outputs[vout]!;
      if (isUnspendable(output.scriptPubKey)) continue;
      coins.add(outpointKeyOfHex(idHex, vout), { txid: id, vout }, { output, height, isCoinbase: coinbase });
    }
  }

  result.blockReward =
    result.fees + halvingSubsidy(height, LEDGER_INITIAL_SUBSIDY, params.subsidyHalvingInterval);
  let coinbaseOut = 0n;
  for (const o of block.txs[0]!.outputs) coinbaseOut += o.value;
  if (coinbaseOut > result.blockReward) {
    throw new ValidationError(
      'bad-cb-amount',
      `coinbase pays too much (actual=${coinbaseOut} vs limit=${result.blockReward})`,
    );
  }

  Object.assign(result, coins.result());
  return result;
}
