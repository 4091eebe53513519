import type { Logger } from 'pino';
import type { ChainState } from '../chain/chain-state.js';
import type { Mempool } from '../mempool/mempool.js';
import type { Wallet } from '../wallet/wallet.js';
import { hexToHash } from '../wire/bytes.js';
import type { Transaction } from '../wire/tx.js';
import { isCoinbase } from '../wire/tx.js';
import type { MempoolSync } from './mempool-sync.js';

/** Progress lines during a long rescan, at most this often. */
const PROGRESS_INTERVAL_MS = 2_000;

/**
 * Brings the wallet to the chain tip after a restart (bitcoind's rescan from the wallet's best
 * block): blocks of a branch that is no longer active are disconnected first, then the active
 * chain's blocks after the fork are connected. A fresh wallet (no best block) starts at the tip:
 * none of its keys can have been paid before it existed.
 */
export async function rescanWallet(
  wallet: Wallet,
  chain: ChainState,
  log: Logger,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const best = wallet.bestBlock;
  const tip = chain.getTip();
  if (best === null) {
    const block = chain.getBlock(tip.hash);
    if (block !== undefined) wallet.blockConnected(block, tip.height, tip.hash);
    return;
  }
  let from = 0;
  let hash: Uint8Array | undefined = hexToHash(best.hash);
  for (;;) {
    const info = chain.getHeader(hash);
    if (info === undefined) {
      log.warn({ walletBest: best.hash }, 'wallet best block unknown to the chain; rescanning from genesis');
      from = 0;
      break;
    }
    if (info.inActiveChain) {
      from = info.height + 1;
      break;
    }
    const block = chain.getBlock(info.hash);
    if (block === undefined) {
      from = 0;
      break;
    }
    wallet.blockDisconnected(block, info.height);
    hash = info.header.prevBlock;
  }
  const total = tip.height - from + 1;
  if (total <= 0) return;
  log.info({ from, to: tip.height }, 'rescanning wallet');
  let lastReport = Date.now();
  for (let h = from; h <= tip.height; h++) {
    if (shouldStop()) return;
    const blockHash = chain.getBlockHash(h);
    const block = blockHash && chain.getBlock(blockHash);
    if (!blockHash || !block) throw new Error(`block at height ${h} is missing`);
    wallet.blockConnected(block, h, blockHash);
    if (Date.now() - lastReport >= PROGRESS_INTERVAL_MS) {
      lastReport = Date.now();
      log.info(
        { height: h, progress: Number(((h - from + 1) / total).toFixed(3)) },
        'wallet rescan progress',
      );
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  log.info({ blocks: total }, 'wallet rescan done');
}

/**
 * Keeps the wallet in step with the chain and the mempool: connected and disconnected blocks,
 * transactions entering the pool that pay or spend the wallet, and wallet transactions leaving it
 * for any reason but a block (which the block's own event covers).
 */
export function followWallet(wallet: Wallet, chain: ChainState, sync: MempoolSync, log: Logger): void {
  const mempool = sync.mempool;
  chain.on('connected', ({ entry, block }) => wallet.blockConnected(block, entry.height, entry.hash));
  chain.on('disconnected', ({ entry, block }) => wallet.blockDisconnected(block, entry.height));
  mempool.on('added', (e) => {
    if (touchesWallet(wallet, mempool, chain, e.tx)) wallet.txAccepted(e.tx, e.time);
  });
  mempool.on('removed', (e, reason) => {
    if (reason === 'block') return;
    wallet.txRemoved(e.tx);
  });
  sync.on('dropped', (tx) => {
    log.debug({}, 'wallet transaction dropped after reorg');
    wallet.txRemoved(tx);
  });
}

/** Whether a pool transaction pays one of the wallet's scripts or spends one of its outputs. */
function touchesWallet(wallet: Wallet, mempool: Mempool, chain: ChainState, tx: Transaction): boolean {
  if (tx.outputs.some((o) => wallet.isMine(o.scriptPubKey))) return true;
  if (isCoinbase(tx)) return false;
  return tx.inputs.some((i) => {
    const spent = mempool.outputOf(i.prevout) ?? chain.getCoin(i.prevout)?.output;
    return spent !== undefined && wallet.isMine(spent.scriptPubKey);
  });
}
