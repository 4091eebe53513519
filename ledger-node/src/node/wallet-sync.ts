import type { Logger } from 'pino';
import type { ChainState } from '../chain/chain-state.js';
import { MempoolRejection } from '../mempool/errors.js';
import { type Mempool, parentsFirst } from '../mempool/mempool.js';
import type { Wallet } from '../wallet/wallet.js';
import { hashToHex, hexToHash } from '../wire/bytes.js';
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

/**
 * Offers the wallet's unconfirmed transactions back to the mempool after a restart (bitcoind's
 * ReacceptWalletTransactions): the mempool is not kept across a restart, and a wallet transaction no
 * pool holds would never be mined, nor could a later send spend its change. Parents go first, with
 * the pool's ordinary checks and limits, and each accepted one is relayed. One the pool refuses
 * (its input was spent by a transaction mined meanwhile, a parent is gone, ...) is forgotten, as when
 * it leaves the pool while the node runs: the coins it spent are spendable again and its outputs are
 * gone (bitcoind marks it conflicted or lets the user abandon it; a block that confirms it after all
 * brings it back). Returns how many were accepted and forgotten.
 */
export function resubmitWalletTransactions(
  wallet: Wallet,
  submit: (tx: Transaction) => void,
  log: Logger,
): { accepted: number; forgotten: number } {
  let accepted = 0;
  let forgotten = 0;
  for (const { tx, txid } of parentsFirst(wallet.unconfirmedTransactions())) {
    try {
      submit(tx);
      accepted++;
    } catch (e) {
      if (!(e instanceof MempoolRejection)) throw e;
      if (e.reason === 'txn-already-in-mempool') {
        accepted++;
        continue;
      }
      log.warn(
        { txid: hashToHex(txid), reason: e.reason, detail: e.detail },
        'wallet transaction refused by the mempool at startup; forgotten, its inputs are spendable again',
      );
      wallet.txRemoved(tx);
      forgotten++;
    }
  }
  if (accepted + forgotten > 0) log.info({ accepted, forgotten }, 'wallet transactions resubmitted');
  return { accepted, forgotten };
}
