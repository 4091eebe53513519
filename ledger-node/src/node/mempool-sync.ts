import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { ChainState } from '../chain/chain-state.js';
import type { MempoolChain } from '../mempool/accept.js';
import { Mempool } from '../mempool/mempool.js';
import type { MempoolPolicy } from '../mempool/policy.js';
import { toHex } from '../wire/bytes.js';
import type { Transaction } from '../wire/tx.js';
import { txid } from '../wire/tx.js';

/** The active chain as the mempool reads it: the UTXO set at the tip, its height and median times. */
export function mempoolChainView(chain: ChainState): MempoolChain {
  return {
    getCoin: (outpoint) => chain.getCoin(outpoint),
    tipHeight: () => chain.getTip().height,
    medianTimePast: (height) => {
      const hash = chain.getBlockHash(height);
      const info = hash === undefined ? undefined : chain.getHeader(hash);
      if (info === undefined) throw new RangeError(`no active block at height ${height}`);
      return info.medianTimePast;
    },
  };
}

export interface MempoolSyncEvents {
  /** A transaction of a disconnected block that could not return to the pool. */
  dropped: [Transaction];
}

/**
 * Keeps the mempool in step with the active chain, in Core's order: a connected block removes its
 * transactions and their conflicts; the transactions of disconnected blocks are held until the
 * reorganization is over (the tip event) and then offered back to the pool, less those the new
 * branch confirmed.
 */
export class MempoolSync extends EventEmitter<MempoolSyncEvents> {
  readonly mempool: Mempool;
  private disconnected: Transaction[] = [];

  constructor(
    chain: ChainState,
    policy: Partial<MempoolPolicy>,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {
    super();
    this.mempool = new Mempool({ chain: mempoolChainView(chain), params: chain.params, policy });
    chain.on('connected', ({ block }) => {
      this.mempool.removeForBlock(block, this.now());
      if (this.disconnected.length > 0) {
        const confirmed = new Set(block.txs.map((tx) => toHex(txid(tx))));
        this.disconnected = this.disconnected.filter((tx) => !confirmed.has(toHex(txid(tx))));
      }
    });
    chain.on('disconnected', ({ block }) => {
      this.disconnected.push(...block.txs);
    });
    chain.on('tip', () => this.reinsert());
  }

  private reinsert(): void {
    if (this.disconnected.length === 0) return;
    const txs = this.disconnected;
    this.disconnected = [];
    const { accepted, rejected } = this.mempool.reinsertDisconnected(txs, this.now());
    this.log.info({ returned: accepted.length, dropped: rejected.length }, 'mempool updated for reorg');
    for (const r of rejected) this.emit('dropped', r.tx);
  }
}
