import { toHex } from '../wire/bytes.js';
import type { Transaction } from '../wire/tx.js';

/**
 * Estimated heap bytes of a transaction held in the pool and its entry. JavaScript gives no exact
 * figure, so this is a fixed formula (the memory cap is policy, and must not depend on the engine):
 * each byte array costs its length plus 96 bytes of object overhead, each object 64 bytes, and an
 * entry with its index slots 480 bytes.
 */
export function estimateEntryMemory(tx: Transaction): number {
  const ARRAY = 96;
  const OBJECT = 64;
  let n = 480 + OBJECT + 2 * OBJECT;
  for (const i of tx.inputs) {
    n += 2 * OBJECT + ARRAY + 32 + ARRAY + i.scriptSig.length + OBJECT;
    for (const item of i.witness) n += ARRAY + item.length;
    // the spent-outpoint index: key string and slot
    n += 2 * OBJECT + 80;
  }
  for (const o of tx.outputs) n += OBJECT + ARRAY + o.scriptPubKey.length;
  return n;
}

/**
 * A transaction in the mempool with what Bitcoin Core's CTxMemPoolEntry tracks: its fee and sizes,
 * when it arrived, and running totals over its in-mempool ancestors and descendants (itself
 * included), which block assembly (CPFP), eviction and the chain limits read.
 */
export class MempoolEntry {
  private hexKey: string | undefined;
  private parentSet: Set<MempoolEntry> | undefined;
  private childSet: Set<MempoolEntry> | undefined;

  ancestorCount = 1;
  ancestorSize: number;
  ancestorFees: bigint;
  ancestorSigOpCost: number;
  descendantCount = 1;
  descendantSize: number;
  descendantFees: bigint;

  constructor(
    readonly tx: Transaction,
    readonly txid: Uint8Array,
    readonly wtxid: Uint8Array,
    /** hashKey(txid): the pool's key. */
    readonly id: string,
    readonly fee: bigint,
    /** BIP141 weight. */
    readonly weight: number,
    /** Virtual size, raised by the sigop cost as Core's GetVirtualTransactionSize. */
    readonly vsize: number,
    readonly sigOpCost: number,
    /** UNIX seconds it was accepted at. */
    readonly time: number,
    /** Height of the chain tip when it was accepted. */
    readonly height: number,
    readonly spendsCoinbase: boolean,
    readonly memoryUsage: number,
  ) {
    this.ancestorSize = vsize;
    this.ancestorFees = fee;
    this.ancestorSigOpCost = sigOpCost;
    this.descendantSize = vsize;
    this.descendantFees = fee;
  }

  // Most entries spend only confirmed coins and have no children yet: their sets are made when
  // first asked for, which spares two objects (and a scavenge copying them) per accepted transaction.
  /** Unconfirmed transactions it spends from. */
  get parents(): Set<MempoolEntry> {
    this.parentSet ??= new Set();
    return this.parentSet;
  }

  /** Pool transactions spending from it. */
  get children(): Set<MempoolEntry> {
    this.childSet ??= new Set();
    return this.childSet;
  }

  /** Hex of the txid in internal byte order (what events and the orphan pool name it by). */
  get key(): string {
    this.hexKey ??= toHex(this.txid);
    return this.hexKey;
  }

  /** Core's modified fee: the fee plus a prioritisation delta (none are supported, so the fee). */
  get modifiedFee(): bigint {
    return this.fee;
  }
}

/** Every in-mempool ancestor of `entry` (not itself). */
export function ancestorsOf(entry: MempoolEntry): Set<MempoolEntry> {
  const out = new Set<MempoolEntry>();
  const stack = [...entry.parents];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (out.has(e)) continue;
    out.add(e);
    for (const p of e.parents) if (!out.has(p)) stack.push(p);
  }
  return out;
}

/** Every in-mempool descendant of `entry` (not itself). */
export function descendantsOf(entry: MempoolEntry): Set<MempoolEntry> {
  const out = new Set<MempoolEntry>();
  const stack = [...entry.children];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (out.has(e)) continue;
    out.add(e);
    for (const c of e.children) if (!out.has(c)) stack.push(c);
  }
  return out;
}

/**
 * Core's CalculateDescendants: adds `entry` and its descendants to `set`, which must hold only
 * whole descendant sets (an entry already in it has its descendants in it too).
 */
export function addWithDescendants(entry: MempoolEntry, set: Set<MempoolEntry>): void {
  if (set.has(entry)) return;
  const stack = [entry];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (set.has(e)) continue;
    set.add(e);
    for (const c of e.children) if (!set.has(c)) stack.push(c);
  }
}
