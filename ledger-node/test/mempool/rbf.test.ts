import { describe, expect, it } from 'vitest';
import type { RemovalReason } from '../../src/mempool/mempool.js';
import { isBip125Replaceable } from '../../src/mempool/rbf.js';
import { signalsOptInRbf } from '../../src/mempool/standardness.js';
import { toHex } from '../../src/wire/bytes.js';
import { txid, txVsize } from '../../src/wire/tx.js';
import { Key, outputOf, P2WSH_TRUE, spend } from '../support/chain-builder.js';
import { NOW, newPool, outcome, RBF, rejection } from './harness.js';

const alice = Key.fromSeed(2);
const bob = Key.fromSeed(3);
const pay = (value: bigint, scriptPubKey = bob.p2wpkh) => ({ value, scriptPubKey });

/** A pool holding `original`: alice's 100,000-unit coin spent with fee 10,000, signalling BIP125. */
function withOriginal(policy = {}) {
  const { pool, chain } = newPool(policy);
  const coin = { ...chain.coin(alice.p2wpkh, 100_000n), key: alice, sequence: RBF };
  const original = spend([coin], [pay(90_000n, alice.p2wpkh)]);
  pool.accept(original, NOW);
  return { pool, chain, coin, original };
}

describe('BIP125 replacement', () => {
  it('replaces a signalling transaction and its descendants', () => {
    const { pool, coin, original } = withOriginal();
    const child = spend([outputOf(original, 0, alice)], [pay(85_000n)]);
    pool.accept(child, NOW);
    const removed: [string, RemovalReason][] = [];
    pool.on('removed', (e, why) => removed.push([e.key, why]));

    const replacement = spend([coin], [pay(80_000n)]); // fee 20,000 ≥ 10,000 + 5,000 + its size
    const r = pool.accept(replacement, NOW);
    expect(r.replaced.map((e) => e.key).sort()).toEqual([toHex(txid(original)), toHex(txid(child))].sort());
    expect(removed.map(([, why]) => why)).toEqual(['replaced', 'replaced']);
    expect(pool.size).toBe(1);
    expect(pool.has(txid(original))).toBe(false);
    expect(pool.has(txid(child))).toBe(false);
    expect(pool.spenderOf(coin.outpoint)).toBe(r.entry);
    expect(pool.totalFees).toBe(20_000n);
  });

  it('leaves a transaction that does not signal (txn-mempool-conflict), unless full RBF is on', () => {
    for (const fullRbf of [false, true]) {
      const { pool, chain } = newPool({ fullRbf });
      const coin = { ...chain.coin(alice.p2wpkh, 100_000n), key: alice };
      pool.accept(spend([coin], [pay(90_000n)]), NOW);
      const result = outcome(() => pool.accept(spend([coin], [pay(70_000n)]), NOW));
      expect(result).toBe(fullRbf ? 'ok' : 'txn-mempool-conflict');
    }
  });

  it('does not inherit signalling: a non-signalling child of a signalling parent is not replaceable (as Core)', () => {
    const { pool, original } = withOriginal();
    const parentOut = outputOf(original, 0, alice);
    pool.accept(spend([parentOut], [pay(85_000n)]), NOW);
    expect(outcome(() => pool.accept(spend([parentOut], [pay(50_000n)]), NOW))).toBe('txn-mempool-conflict');
    // RPCs still report it replaceable (Core's IsRBFOptIn looks at ancestors).
    const [parent, kid] = [...pool.entries()];
    expect(isBip125Replaceable(kid!)).toBe(true);
    expect(signalsOptInRbf(kid!.tx)).toBe(false);
    expect(isBip125Replaceable(parent!)).toBe(true);
  });

  it('insufficient fee: a fee rate not above the conflict’s', () => {
    const { pool, coin, original } = withOriginal();
    const same = spend([coin], [pay(90_000n)]); // same size, same fee
    expect(txVsize(same)).toBe(txVsize(original));
    const r = rejection(() => pool.accept(same, NOW));
    expect(r.reason).toBe('insufficient fee');
    expect(r.kind).toBe('mempool-policy');
    expect(r.detail).toMatch(/new feerate .* <= old feerate/);
    expect(pool.has(txid(original))).toBe(true);
  });

  it('insufficient fee: less than the fees of everything it evicts', () => {
    const { pool, coin, original } = withOriginal();
    pool.accept(spend([outputOf(original, 0, alice)], [pay(40_000n)]), NOW); // child pays 50,000
    const r = rejection(() => pool.accept(spend([coin], [pay(70_000n)]), NOW)); // 30,000 < 60,000
    expect(r.reason).toBe('insufficient fee');
    expect(r.detail).toMatch(/less fees than conflicting txs; 30000 < 60000/);
    expect(pool.size).toBe(2);
  });

  it('insufficient fee: not paying the incremental relay fee for its own size on top', () => {
    const { pool, coin } = withOriginal();
    const bump = spend([coin], [pay(90_000n - 50n)]); // 50 more, a higher rate, but under 1/vB of its size
    const r = rejection(() => pool.accept(bump, NOW));
    expect(r.reason).toBe('insufficient fee');
    expect(r.detail).toMatch(/not enough additional fees to relay; 50 < \d+/);
    const vsize = BigInt(txVsize(bump));
    expect(outcome(() => pool.accept(spend([coin], [pay(90_000n - vsize - 5n)]), NOW))).toBe('ok');
  });

  it('too many potential replacements: more than 100 evicted', () => {
    for (const n of [100, 101]) {
      const { pool, chain } = newPool();
      const coins = Array.from({ length: n }, () => ({ ...chain.coin(P2WSH_TRUE, 10_000n), sequence: RBF }));
      for (const c of coins) pool.accept(spend([c], [pay(9_000n, P2WSH_TRUE)]), NOW);
      const replacement = spend(coins, [pay(1_000n * BigInt(n), P2WSH_TRUE)]);
      if (n === 100) {
        expect(pool.accept(replacement, NOW).replaced.length).toBe(100);
        expect(pool.size).toBe(1);
      } else {
        const r = rejection(() => pool.accept(replacement, NOW));
        expect(r.reason).toBe('too many potential replacements');
        expect(r.detail).toMatch(/\(101 > 100\)/);
        expect(pool.size).toBe(101);
      }
    }
  });

  it('replacement-adds-unconfirmed: spending an unconfirmed output its conflicts did not', () => {
    const { pool, chain, coin } = withOriginal();
    const other = spend([{ ...chain.coin(bob.p2wpkh, 50_000n), key: bob }], [pay(40_000n)]);
    pool.accept(other, NOW);
    const r = rejection(() => pool.accept(spend([coin, outputOf(other, 0, bob)], [pay(100_000n)]), NOW));
    expect(r.reason).toBe('replacement-adds-unconfirmed');
    expect(r.detail).toMatch(/adds unconfirmed input, idx 1/);
  });

  it('allows an unconfirmed input the conflict already spent from', () => {
    const { pool, chain } = newPool();
    const parent = spend(
      [{ ...chain.coin(alice.p2wpkh, 200_000n), key: alice }],
      [pay(90_000n, alice.p2wpkh), pay(90_000n, alice.p2wpkh)],
    );
    pool.accept(parent, NOW);
    const a = { ...outputOf(parent, 0, alice), sequence: RBF };
    const b = { ...outputOf(parent, 1, alice), sequence: RBF };
    pool.accept(spend([a], [pay(80_000n)]), NOW);
    // The replacement adds parent:1, an unconfirmed output of a transaction the conflict spends from.
    expect(outcome(() => pool.accept(spend([a, b], [pay(150_000n)]), NOW))).toBe('ok');
  });

  it('bad-txns-spends-conflicting-tx: spending an output of the transaction it replaces', () => {
    const { pool, coin, original } = withOriginal();
    const r = rejection(() => pool.accept(spend([coin, outputOf(original, 0, alice)], [pay(100_000n)]), NOW));
    expect(r.reason).toBe('bad-txns-spends-conflicting-tx');
    expect(r.kind).toBe('consensus');
  });
});
