// The header's Clarity roots rule (docs/protocol.md §15.6): a block with ledger height L carries the roots of
// its newest ancestor A with A.ledgerHeight ≤ L − 7, zeros without one; a node that executed A refuses other
// roots, one that has not cannot check.
import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/block/body.js';
import { ClarityChainDriver, type ClarityChainDriverOptions } from '../../src/clarity/chain-driver.js';

const hex = (n: number) => n.toString(16).padStart(64, '0');
const bytes = (n: number) => Uint8Array.from(Buffer.from(hex(n), 'hex'));
const root = (n: number) => new Uint8Array(32).fill(n);

/** A chain 0 ← 1 ← 2 ← 3 of blocks elected at these ledger heights; blocks 0 and 1 executed. */
const ledgerHeights = [10, 13, 18, 20];
const blocks = new Map<string, Block>(
  ledgerHeights.map((l, h) => [
    hex(h + 1),
    {
      header: { height: h, parentHash: h === 0 ? new Uint8Array(32) : bytes(h), ledgerHeight: l },
    } as unknown as Block,
  ]),
);
const executed = new Map([
  [hex(1), { receiptsRoot: root(1), stateRoot: root(101) }],
  [hex(2), { receiptsRoot: root(2), stateRoot: root(102) }],
]);
const driver = new ClarityChainDriver({
  chain: { block: (h: string) => blocks.get(h) },
  executor: { record: (h: string) => executed.get(h) },
} as unknown as ClarityChainDriverOptions);

describe('Clarity roots in headers', () => {
  it('takes the newest ancestor at least 7 ledger blocks older, zeros without one', () => {
    // On block 3 (ℓ 20) for L = 21: ancestors at 20, 18, 13, 10 → 13 (block 1) is the newest ≤ 14.
    expect(driver.rootsFor(hex(4), 21)).toEqual({ clarityReceiptsRoot: root(2), stateRoot: root(102) });
    expect(driver.rootsFor(hex(4), 20)).toEqual({ clarityReceiptsRoot: root(2), stateRoot: root(102) });
    expect(driver.rootsFor(hex(4), 19)).toEqual({ clarityReceiptsRoot: root(1), stateRoot: root(101) });
    expect(driver.rootsFor(hex(4), 17)).toEqual({ clarityReceiptsRoot: root(1), stateRoot: root(101) });
    expect(driver.rootsFor(hex(4), 16)).toEqual({
      clarityReceiptsRoot: new Uint8Array(32),
      stateRoot: new Uint8Array(32),
    });
    expect(driver.rootsFor(null, 100)).toEqual({
      clarityReceiptsRoot: new Uint8Array(32),
      stateRoot: new Uint8Array(32),
    });
    // Block 2 (ℓ 18) is not executed: its roots are unknown here.
    expect(driver.rootsFor(hex(4), 25)).toBeUndefined();
  });

  it('refuses other roots when it executed the ancestor, cannot check otherwise', () => {
    const header = (L: number, r: number, s: number) =>
      ({
        height: 4,
        parentHash: bytes(4),
        ledgerHeight: L,
        clarityReceiptsRoot: root(r),
        stateRoot: root(s),
      }) as unknown as Block['header'];
    expect(driver.checkRoots(header(21, 2, 102))).toBeNull();
    expect(driver.checkRoots(header(21, 2, 101))).toBe('clarity-roots-mismatch');
    expect(driver.checkRoots(header(21, 1, 102))).toBe('clarity-roots-mismatch');
    expect(driver.checkRoots(header(16, 0, 0))).toBeNull();
    expect(driver.checkRoots(header(16, 2, 102))).toBe('clarity-roots-mismatch');
    expect(driver.checkRoots(header(25, 9, 9))).toBeNull();
  });
});
