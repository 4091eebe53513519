import type { Coin, CoinView } from '../consensus/coins.js';
import type { OutPoint } from '../wire/tx.js';
import type { Mempool } from './mempool.js';

/** Core's MEMPOOL_HEIGHT: the height a coin created by an unconfirmed transaction reports. */
export const MEMPOOL_HEIGHT = 0x7fffffff;

/**
 * The UTXO set as it will be once the pool's transactions confirm (what gettxout with
 * include_mempool and a wallet see): outputs of pool transactions are coins at MEMPOOL_HEIGHT, and
 * coins a pool transaction spends are gone.
 */
export class MempoolCoinView implements CoinView {
  constructor(
    private readonly chain: CoinView,
    private readonly mempool: Mempool,
  ) {}

  getCoin(outpoint: OutPoint): Coin | undefined {
    if (this.mempool.spenderOf(outpoint)) return undefined;
    const output = this.mempool.outputOf(outpoint);
    if (output) return { output, height: MEMPOOL_HEIGHT, isCoinbase: false };
    return this.chain.getCoin(outpoint);
  }
}
