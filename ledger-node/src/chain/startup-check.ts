import type { Coin } from '../consensus/coins.js';
import { isUnspendable } from '../script/patterns.js';
import type { KVStore } from '../store/kv-store.js';
import { WriteBatch } from '../store/kv-store.js';
import type { Block } from '../wire/block.js';
import { decodeBlock } from '../wire/block.js';
import { equalBytes, toHex } from '../wire/bytes.js';
import { txid } from '../wire/tx.js';
import type { BlockIndexEntry } from './block-index.js';
import { decodeCoin, outPointKey } from './coin.js';
import { disconnectUtxos } from './disconnect.js';
import { decodeFunaiBlockOps, funaiKey } from './funai-index.js';
import type { BlockUndo } from './undo.js';
import { decodeBlockUndo } from './undo.js';

export interface RecentBlocksReport {
  ok: boolean;
  /** Blocks verified (all of them when ok). */
  checked: number;
  /** The block at which the check failed. */
  firstBad?: BlockIndexEntry;
  reason?: string;
}

function sameCoin(a: Coin, b: Coin): boolean {
  return (
    a.height === b.height &&
    a.isCoinbase === b.isCoinbase &&
    a.output.value === b.output.value &&
    equalBytes(a.output.scriptPubKey, b.output.scriptPubKey)
  );
}

/**
 * Core's VerifyDB at level 3, over the last `depth` blocks: each block's data and undo record are
 * present and match, its op-index entry names it, and disconnecting it in memory is clean (every
 * output it created is in the set exactly as created, every coin it spent is absent). The store is
 * not modified.
 */
export function verifyRecentBlocks(
  store: KVStore,
  tip: BlockIndexEntry,
  depth: number,
  progress?: (done: number, total: number) => void,
): RecentBlocksReport {
  // The UTXO set as it would be after disconnecting the blocks checked so far; null = absent.
  const overlay = new Map<string, Coin | null>();
  const lookup = (key: Uint8Array): Coin | undefined => {
    const k = toHex(key);
    if (overlay.has(k)) return overlay.get(k) ?? undefined;
    const v = store.get('utxo', key);
    return v === undefined ? undefined : decodeCoin(v);
  };
  const total = Math.min(depth, tip.height);
  let checked = 0;
  for (let e: BlockIndexEntry | null = tip; e !== null && e.height > 0 && checked < total; e = e.parent) {
    const fail = (reason: string): RecentBlocksReport => ({ ok: false, checked, firstBad: e!, reason });
    let block: Block;
    let undo: BlockUndo;
    try {
      const raw = store.get('blocks', e.hash);
      if (raw === undefined) return fail('missing block data');
      block = decodeBlock(raw);
      const rawUndo = store.get('undo', e.hash);
      if (rawUndo === undefined) return fail('missing undo data');
      undo = decodeBlockUndo(rawUndo);
      const ops = store.get('funai', funaiKey(e.height));
      if (ops === undefined || !equalBytes(decodeFunaiBlockOps(e.height, ops).blockHash, e.hash)) {
        return fail('op index does not match');
      }
    } catch (err) {
      return fail(`undecodable record: ${(err as Error).message}`);
    }
    if (undo.length !== block.txs.length - 1) return fail('undo data does not match the block');
    for (let i = block.txs.length - 1; i >= 0; i--) {
      const tx = block.txs[i]!;
      const id = txid(tx);
      for (let vout = 0; vout < tx.outputs.length; vout++) {
        const output = tx.outputs[vout]!;
        if (isUnspendable(output.scriptPubKey)) continue;
        const key = outPointKey({ txid: id, vout });
        const have = lookup(key);
        if (have === undefined || !sameCoin(have, { output, height: e.height, isCoinbase: i === 0 })) {
          return fail(`output ${toHex(key)} created by the block is not in the UTXO set`);
        }
        overlay.set(toHex(key), null);
      }
      if (i === 0) continue;
      const spent = undo[i - 1]!;
      if (spent.length !== tx.inputs.length) return fail('undo data does not match the block');
      for (let k = tx.inputs.length - 1; k >= 0; k--) {
        const key = outPointKey(tx.inputs[k]!.prevout);
        if (lookup(key) !== undefined) return fail(`coin ${toHex(key)} spent by the block is still unspent`);
        overlay.set(toHex(key), spent[k]!);
      }
    }
    checked++;
    progress?.(checked, total);
  }
  return { ok: true, checked };
}

/**
 * The batch that rolls the UTXO set back from `tip` to `target` (an ancestor) with undo data,
 * whatever part of those blocks' changes had reached the store: removing an output and restoring a
 * spent coin are idempotent, so a torn state between target and tip comes out exactly at target.
 */
export function repairRecentBlocks(
  store: KVStore,
  tip: BlockIndexEntry,
  target: BlockIndexEntry,
): WriteBatch {
  const batch = new WriteBatch();
  for (let e: BlockIndexEntry | null = tip; e !== null && e !== target; e = e.parent) {
    const raw = store.get('blocks', e.hash);
    const rawUndo = store.get('undo', e.hash);
    if (raw === undefined || rawUndo === undefined) {
      throw new Error(`cannot repair: block or undo data of height ${e.height} is missing (reindex needed)`);
    }
    const sink = {
      put: (key: Uint8Array, value: Uint8Array) => batch.put('utxo', key, value),
      del: (key: Uint8Array) => batch.del('utxo', key),
    };
    disconnectUtxos(sink, decodeBlock(raw), decodeBlockUndo(rawUndo), e.height);
    batch.del('funai', funaiKey(e.height));
  }
  return batch;
}
