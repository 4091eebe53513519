import type { ActiveChain, BlockIndexEntry } from './block-index.js';

/**
 * Core's block locator: the hashes of `from` and its ancestors, dense for the last ten blocks and
 * then doubling the step back to genesis, which is always last. A peer finds the last hash it
 * shares with us in at most O(log n) entries.
 */
export function buildLocator(from: BlockIndexEntry): Uint8Array[] {
  const hashes: Uint8Array[] = [];
  let step = 1;
  let e: BlockIndexEntry | null = from;
  while (e !== null) {
    hashes.push(e.hash);
    if (e.height === 0) break;
    const height = Math.max(e.height - step, 0);
    e = e.getAncestor(height);
    if (hashes.length > 10) step *= 2;
  }
  return hashes;
}

/**
 * Core's FindForkInGlobalIndex: the first locator entry on our active chain (our tip when the entry
 * descends from it), or genesis when none is; `lookup` maps an internal-order hash to its entry.
 */
export function findLocatorFork(
  chain: ActiveChain,
  lookup: (hash: Uint8Array) => BlockIndexEntry | undefined,
  locator: readonly Uint8Array[],
): BlockIndexEntry {
  for (const h of locator) {
    const e = lookup(h);
    if (e === undefined) continue;
    if (chain.contains(e)) return e;
    // A descendant of our tip (the peer is ahead of us on our chain): we share our whole chain.
    if (e.getAncestor(chain.height) === chain.tip) return chain.tip;
  }
  return chain.at(0)!;
}
