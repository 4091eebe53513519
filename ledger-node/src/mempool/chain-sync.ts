/**
 * Keeping the mempool in step with the chain state (what Core's validation does around
 * ConnectTip/DisconnectTip with its DisconnectedBlockTransactions). Typed structurally, so the
 * mempool does not depend on the chain state's storage code.
 */
import type { Coin } from '../consensus/coins.js';
import type { Block } from '../wire/block.js';
import { toHex } from '../wire/bytes.js';
import type { OutPoint, Transaction } from '../wire/tx.js';
import { txid } from '../wire/tx.js';
import type { Mempool, MempoolChain } from './mempool.js';

/** The queries of the chain state (chain/chain-state.ts) the mempool reads. */
export interface ChainStateView {
  getCoin(outpoint: OutPoint): Coin | undefined;
  getTip(): { height: number };
  getBlockHash(height: number): Uint8Array | undefined;
  getHeader(hash: Uint8Array): { medianTimePast: number } | undefined;
}

/** The active chain as the mempool reads it: UTXO set, tip height, median times past. */
export function mempoolChainOf(chain: ChainStateView): MempoolChain {
  return {
    getCoin: (outpoint) => chain.getCoin(outpoint),
    tipHeight: () => chain.getTip().height,
    medianTimePast: (height) => {
      const hash = chain.getBlockHash(height);
      const header = hash === undefined ? undefined : chain.getHeader(hash);
      if (header === undefined) throw new RangeError(`no active block at height ${height}`);
      return header.medianTimePast;
    },
  };
}

type BlockListener = (event: { block: Block }) => void;

/** The chain state's events: `connected` and `disconnected` per block, then `tip` once per change. */
export interface ChainEventSource {
  on(event: 'connected' | 'disconnected', listener: BlockListener): unknown;
  on(event: 'tip', listener: () => void): unknown;
  off(event: 'connected' | 'disconnected', listener: BlockListener): unknown;
  off(event: 'tip', listener: () => void): unknown;
}

/**
 * Follows the chain: a connected block's transactions and their conflicts leave the pool; the
 * transactions of disconnected blocks are held until the tip settles (a reorg disconnects, then
 * connects the new branch), those the new branch did not include go back into the pool, oldest block
 * first. `now` gives UNIX seconds. Returns a function that stops following.
 */
export function followChain(mempool: Mempool, chain: ChainEventSource, now: () => number): () => void {
  // Transactions of disconnected blocks, oldest block first, keyed by txid hex.
  let disconnected = new Map<string, Transaction>();
  const onDisconnected: BlockListener = ({ block }) => {
    // Blocks come off the tip newest first: each goes before the ones already held.
    const next = new Map<string, Transaction>();
    for (const tx of block.txs) next.set(toHex(txid(tx)), tx);
    for (const [k, tx] of disconnected) next.set(k, tx);
    disconnected = next;
  };
  const onConnected: BlockListener = ({ block }) => {
    if (disconnected.size > 0) for (const tx of block.txs) disconnected.delete(toHex(txid(tx)));
    mempool.removeForBlock(block, now());
  };
  const onTip = () => {
    if (disconnected.size === 0) return;
    const txs = [...disconnected.values()];
    disconnected = new Map();
    mempool.reinsertDisconnected(txs, now());
  };
  chain.on('disconnected', onDisconnected);
  chain.on('connected', onConnected);
  chain.on('tip', onTip);
  return () => {
    chain.off('disconnected', onDisconnected);
    chain.off('connected', onConnected);
    chain.off('tip', onTip);
  };
}
