import type { Block } from '../wire/block.js';
import { toHex } from '../wire/bytes.js';

export interface OrphanPoolLimits {
  /** Most blocks held. */
  maxBlocks: number;
  /** Most serialized bytes held. */
  maxBytes: number;
}

export const DEFAULT_ORPHAN_LIMITS: OrphanPoolLimits = { maxBlocks: 64, maxBytes: 64 << 20 };

interface Orphan {
  key: string;
  parentKey: string;
  block: Block;
  raw: Uint8Array;
}

/**
 * Blocks whose parent is unknown, waiting for it. Bounded in count and bytes: when full, the
 * oldest orphans are evicted first (a peer feeding junk cannot grow it, and the parent of a
 * recent orphan is the likeliest to arrive).
 */
export class OrphanPool {
  private readonly byKey = new Map<string, Orphan>();
  private readonly byParent = new Map<string, Set<string>>();
  private bytes = 0;

  constructor(private readonly limits: OrphanPoolLimits = DEFAULT_ORPHAN_LIMITS) {}

  get size(): number {
    return this.byKey.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Adds an orphan (keys are internal-order hex); false when it is too large to hold at all. */
  add(key: string, block: Block, raw: Uint8Array): boolean {
    if (this.byKey.has(key)) return true;
    if (raw.length > this.limits.maxBytes || this.limits.maxBlocks === 0) return false;
    const parentKey = toHex(block.header.prevBlock);
    while (this.byKey.size >= this.limits.maxBlocks || this.bytes + raw.length > this.limits.maxBytes) {
      const oldest = this.byKey.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
    this.byKey.set(key, { key, parentKey, block, raw });
    let siblings = this.byParent.get(parentKey);
    if (siblings === undefined) this.byParent.set(parentKey, (siblings = new Set()));
    siblings.add(key);
    this.bytes += raw.length;
    return true;
  }

  remove(key: string): void {
    const o = this.byKey.get(key);
    if (o === undefined) return;
    this.byKey.delete(key);
    this.bytes -= o.raw.length;
    const siblings = this.byParent.get(o.parentKey);
    siblings?.delete(key);
    if (siblings?.size === 0) this.byParent.delete(o.parentKey);
  }

  /** Removes and returns the orphans whose parent is `parentKey`, in arrival order. */
  takeChildren(parentKey: string): { key: string; block: Block; raw: Uint8Array }[] {
    const keys = this.byParent.get(parentKey);
    if (keys === undefined) return [];
    const out = [...keys].map((k) => this.byKey.get(k)!).filter((o) => o !== undefined);
    for (const o of out) this.remove(o.key);
    return out;
  }

  /**
   * The root of an orphan's missing ancestry: the deepest orphan ancestor's parent hash (what a
   * peer should be asked for), or undefined if `key` is not an orphan.
   */
  missingRoot(key: string): string | undefined {
    let o = this.byKey.get(key);
    if (o === undefined) return undefined;
    for (let next = this.byKey.get(o.parentKey); next !== undefined; next = this.byKey.get(o.parentKey))
      o = next;
    return o.parentKey;
  }
}
