import { isUnspendable } from '../script/patterns.js';
import type { WriteBatch } from '../store/kv-store.js';
import type { Block } from '../wire/block.js';
import { txid } from '../wire/tx.js';
import { encodeCoin, outPointKey } from './coin.js';
import { funaiKey } from './funai-index.js';
import type { BlockUndo } from './undo.js';

/**
 * Appends to `batch` what undoes a block (Core's DisconnectBlock): in reverse transaction order,
 * its spendable outputs removed and the coins it spent restored from the undo record; then its
 * op-index entry removed. Every operation is idempotent, so the same ops also repair a store that
 * holds any part of the block's changes.
 */
export function appendDisconnect(batch: WriteBatch, block: Block, undo: BlockUndo, height: number): void {
  if (undo.length !== block.txs.length - 1)
    throw new Error(`undo data of height ${height} does not match its block`);
  for (let i = block.txs.length - 1; i >= 0; i--) {
    const tx = block.txs[i]!;
    const id = txid(tx);
    tx.outputs.forEach((o, vout) => {
      if (!isUnspendable(o.scriptPubKey)) batch.del('utxo', outPointKey({ txid: id, vout }));
    });
    if (i === 0) continue;
    const spent = undo[i - 1]!;
    if (spent.length !== tx.inputs.length)
      throw new Error(`undo data of height ${height} does not match its block`);
    tx.inputs.forEach((input, k) => {
      batch.put('utxo', outPointKey(input.prevout), encodeCoin(spent[k]!));
    });
  }
  batch.del('funai', funaiKey(height));
}
