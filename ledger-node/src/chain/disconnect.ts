import { isUnspendable } from '../script/patterns.js';
import type { Block } from '../wire/block.js';
import { txid } from '../wire/tx.js';
import { encodeCoin, outPointKey } from './coin.js';
import type { BlockUndo } from './undo.js';
import type { UtxoSink } from './utxo-cache.js';

/**
 * The UTXO changes that undo a block (Core's DisconnectBlock), into `sink` (the UTXO cache, or a
 * write batch): in reverse transaction order, its spendable outputs removed and the coins it spent
 * restored from the undo record. Every operation is idempotent, so the same ops also repair a store
 * that holds any part of the block's changes. The caller removes the block's op-index entry.
 */
export function disconnectUtxos(sink: UtxoSink, block: Block, undo: BlockUndo, height: number): void {
  if (undo.length !== block.txs.length - 1)
    throw new Error(`undo data of height ${height} does not match its block`);
  for (let i = block.txs.length - 1; i >= 0; i--) {
    const tx = block.txs[i]!;
    const id = txid(tx);
    tx.outputs.forEach((o, vout) => {
      if (!isUnspendable(o.scriptPubKey)) sink.del(outPointKey({ txid: id, vout }));
    });
    if (i === 0) continue;
    const spent = undo[i - 1]!;
    if (spent.length !== tx.inputs.length)
      throw new Error(`undo data of height ${height} does not match its block`);
    tx.inputs.forEach((input, k) => {
      sink.put(outPointKey(input.prevout), encodeCoin(spent[k]!));
    });
  }
}
