import { secp256k1 } from '@noble/curves/secp256k1.js';
import { describe, expect, it } from 'vitest';
import { encodeDer } from '../../src/crypto/der.js';
import { sha256 } from '../../src/crypto/hash.js';
import { encodeFunaiOpScript, MAX_FUNAI_BODY } from '../../src/funai/envelope.js';
import { MEMPOOL_HEIGHT, MempoolCoinView } from '../../src/mempool/coin-view.js';
import { MempoolRejection, MissingInputsError } from '../../src/mempool/errors.js';
import { ScriptBuilder } from '../../src/script/build.js';
import { OP_CHECKMULTISIG, OP_DROP, OP_RETURN, OP_TRUE } from '../../src/script/opcodes.js';
import { SIGHASH_ALL, witnessV0SignatureHash } from '../../src/script/sighash.js';
import { scriptForMultisig, scriptForNullData, scriptForP2WSH } from '../../src/script/standard.js';
import { concatBytes, toHex } from '../../src/wire/bytes.js';
import type { Transaction } from '../../src/wire/tx.js';
import { txid, txSize, txVsize, txWeight, wtxid } from '../../src/wire/tx.js';
import { Key, outputOf, P2WSH_TRUE, spend } from '../support/chain-builder.js';
import { NOW, newPool, outcome } from './harness.js';

const alice = Key.fromSeed(2);
const bob = Key.fromSeed(3);
const pay = (value: bigint, scriptPubKey = bob.p2wpkh) => ({ value, scriptPubKey });

/** A pool and a signed P2WPKH spend of a fresh 100,000-unit coin of alice's. */
function setup(outputs = [pay(90_000n)], opts: Parameters<typeof spend>[2] = {}) {
  const { pool, chain } = newPool();
  const coin = { ...chain.coin(alice.p2wpkh, 100_000n), key: alice };
  return { pool, chain, coin, tx: spend([coin], outputs, opts) };
}

/** Expects `tx` to be refused with `reason` and the pool to be left as it was. */
function expectRejected(
  pool: ReturnType<typeof newPool>['pool'],
  tx: Transaction,
  reason: string,
): MempoolRejection {
  const before = pool.size;
  let caught: unknown;
  try {
    pool.accept(tx, NOW);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(MempoolRejection);
  expect((caught as MempoolRejection).reason).toBe(reason);
  expect(pool.size).toBe(before);
  return caught as MempoolRejection;
}

describe('accepting valid transactions', () => {
  it('accepts a signed P2WPKH spend and records its fee, sizes and spent outpoint', () => {
    const { pool, coin, tx } = setup();
    const added: string[] = [];
    pool.on('added', (e) => added.push(e.key));
    const { entry, replaced } = pool.accept(tx, NOW);
    expect(entry.fee).toBe(10_000n);
    expect(entry.weight).toBe(txWeight(tx));
    expect(entry.vsize).toBe(txVsize(tx));
    expect(entry.time).toBe(NOW);
    expect(entry.height).toBe(200);
    expect(replaced).toEqual([]);
    expect(added).toEqual([toHex(txid(tx))]);
    expect(pool.size).toBe(1);
    expect(pool.get(txid(tx))).toBe(entry);
    expect(pool.getByWtxid(wtxid(tx))).toBe(entry);
    expect(pool.spenderOf(coin.outpoint)).toBe(entry);
    expect(pool.totalFees).toBe(10_000n);
    expect(pool.totalVsize).toBe(entry.vsize);
  });

  it('accepts a signed P2PKH spend', () => {
    const { pool, chain } = newPool();
    const coin = { ...chain.coin(alice.p2pkh, 50_000n), key: alice };
    const tx = spend([coin], [pay(40_000n, bob.p2pkh)]);
    expect(pool.accept(tx, NOW).entry.fee).toBe(10_000n);
  });

  it('accepts a chain of unconfirmed transactions and tracks ancestor and descendant totals', () => {
    const { pool, chain, tx: a } = setup([pay(90_000n, alice.p2wpkh)]);
    const b = spend([outputOf(a, 0, alice)], [pay(80_000n, alice.p2wpkh)]);
    const c = spend([outputOf(b, 0, alice)], [pay(60_000n, bob.p2pkh)]);
    const ea = pool.accept(a, NOW).entry;
    const eb = pool.accept(b, NOW).entry;
    const ec = pool.accept(c, NOW).entry;
    expect([...eb.parents]).toEqual([ea]);
    expect([...ea.children]).toEqual([eb]);
    expect(ec.ancestorCount).toBe(3);
    expect(ec.ancestorFees).toBe(10_000n + 10_000n + 20_000n);
    expect(ec.ancestorSize).toBe(ea.vsize + eb.vsize + ec.vsize);
    expect(ea.descendantCount).toBe(3);
    expect(ea.descendantFees).toBe(40_000n);
    expect(eb.ancestorCount).toBe(2);
    expect(eb.descendantCount).toBe(2);
    expect([...pool.ancestors(ec)].sort((x, y) => x.key.localeCompare(y.key))).toEqual(
      [ea, eb].sort((x, y) => x.key.localeCompare(y.key)),
    );
    expect(pool.descendants(ea).size).toBe(2);

    // The UTXO set as it will be once the pool confirms.
    const view = new MempoolCoinView(chain, pool);
    expect(view.getCoin({ txid: txid(a), vout: 0 })).toBeUndefined();
    expect(view.getCoin({ txid: txid(c), vout: 0 })).toEqual({
      output: c.outputs[0],
      height: MEMPOOL_HEIGHT,
      isCoinbase: false,
    });
    expect(view.getCoin(a.inputs[0]!.prevout)).toBeUndefined();
    const other = chain.coin(alice.p2wpkh, 5n);
    expect(view.getCoin(other.outpoint)).toEqual(other.coin);
  });

  it('accepts an OP_RETURN output of exactly 83 bytes (a full FUN AI op envelope)', () => {
    const op = encodeFunaiOpScript({ op: 1, version: 1, body: new Uint8Array(MAX_FUNAI_BODY) });
    expect(op.length).toBe(83);
    const { pool, tx } = setup([pay(90_000n), { value: 0n, scriptPubKey: op }]);
    expect(outcome(() => pool.accept(tx, NOW))).toBe('ok');
  });

  it('testAccept reports fee and size without adding', () => {
    const { pool, tx } = setup();
    const r = pool.testAccept(tx, NOW);
    expect(r.fee).toBe(10_000n);
    expect(r.vsize).toBe(txVsize(tx));
    expect(pool.size).toBe(0);
  });
});

describe('rejection reasons', () => {
  it('coinbase', () => {
    const { pool } = newPool();
    const cb: Transaction = {
      version: 2,
      inputs: [
        {
          prevout: { txid: new Uint8Array(32), vout: 0xffffffff },
          scriptSig: Uint8Array.of(1, 1),
          sequence: 0xffffffff,
          witness: [],
        },
      ],
      outputs: [pay(1_000n)],
      locktime: 0,
    };
    expect(expectRejected(pool, cb, 'coinbase').kind).toBe('consensus');
  });

  it('consensus reasons from CheckTransaction and CheckTxInputs', () => {
    const { pool, coin } = setup();
    expectRejected(pool, spend([coin, coin], [pay(90_000n)]), 'bad-txns-inputs-duplicate');
    expectRejected(pool, spend([coin], [pay(100_001n)]), 'bad-txns-in-belowout');
  });

  it('version', () => {
    const v3 = setup([pay(90_000n)], { version: 3 });
    expectRejected(v3.pool, v3.tx, 'version');
    const s = setup([pay(90_000n)], { version: 0 });
    expect(expectRejected(s.pool, s.tx, 'version').kind).toBe('not-standard');
    const ok = setup([pay(90_000n)], { version: 1 });
    expect(outcome(() => ok.pool.accept(ok.tx, NOW))).toBe('ok');
  });

  it('tx-size: weight above 400,000', () => {
    const { pool, chain } = newPool();
    const coin = { ...chain.coin(alice.p2wpkh, 100_000_000n), key: alice };
    const outputs = Array.from({ length: 3_250 }, () => pay(1_000n));
    const tx = spend([coin], outputs);
    expect(txWeight(tx)).toBeGreaterThan(400_000);
    expectRejected(pool, tx, 'tx-size');
    const fits = spend([coin], outputs.slice(0, 3_000));
    expect(txWeight(fits)).toBeLessThanOrEqual(400_000);
    expect(outcome(() => pool.accept(fits, NOW))).toBe('ok');
  });

  it('scriptpubkey: a non-standard output script, or OP_RETURN data over 83 bytes', () => {
    expectRejected(setup().pool, setup([pay(90_000n, Uint8Array.of(OP_TRUE))]).tx, 'scriptpubkey');
    const big = scriptForNullData(new Uint8Array(81));
    expect(big.length).toBe(84);
    const s = setup([pay(90_000n), { value: 0n, scriptPubKey: big }]);
    expectRejected(s.pool, s.tx, 'scriptpubkey');
    const nonPush = setup([pay(90_000n), { value: 0n, scriptPubKey: Uint8Array.of(OP_RETURN, OP_DROP) }]);
    expectRejected(nonPush.pool, nonPush.tx, 'scriptpubkey');
  });

  it('multi-op-return', () => {
    const data = { value: 0n, scriptPubKey: scriptForNullData(Uint8Array.of(1, 2, 3)) };
    const s = setup([pay(90_000n), data, data]);
    expectRejected(s.pool, s.tx, 'multi-op-return');
  });

  it('dust: below 294 for P2WPKH and 546 for P2PKH at 3 units/vB', () => {
    for (const [script, threshold] of [
      [bob.p2wpkh, 294n],
      [bob.p2pkh, 546n],
    ] as const) {
      const below = setup([pay(80_000n), pay(threshold - 1n, script)]);
      expectRejected(below.pool, below.tx, 'dust');
      const at = setup([pay(80_000n), pay(threshold, script)]);
      expect(outcome(() => at.pool.accept(at.tx, NOW))).toBe('ok');
    }
  });

  it('tx-size-small: under 65 bytes without witness', () => {
    const s = setup([{ value: 0n, scriptPubKey: scriptForNullData(Uint8Array.of(1)) }]);
    expect(txSize(s.tx, false)).toBe(63);
    expect(expectRejected(s.pool, s.tx, 'tx-size-small').kind).toBe('not-standard');
  });

  it('bad-txns-size: exactly 64 bytes without witness is invalid (BIP54), not just non-standard', () => {
    const s = setup([{ value: 0n, scriptPubKey: scriptForNullData(Uint8Array.of(1, 2)) }]);
    expect(txSize(s.tx, false)).toBe(64);
    expect(expectRejected(s.pool, s.tx, 'bad-txns-size').kind).toBe('consensus');
  });

  it('non-final: a lock time the next block does not pass', () => {
    // The tip is at 200: the next block is 201, which a lock time of 200 lets in and 201 does not.
    const late = setup([pay(90_000n)], { locktime: 201, sequence: 0xfffffffe });
    expect(expectRejected(late.pool, late.tx, 'non-final').kind).toBe('premature-spend');
    const ok = setup([pay(90_000n)], { locktime: 200, sequence: 0xfffffffe });
    expect(outcome(() => ok.pool.accept(ok.tx, NOW))).toBe('ok');
  });

  it('non-BIP68-final: a relative lock the next block does not pass', () => {
    const { pool, chain } = newPool();
    // A coin mined at 195: a relative lock of n blocks lets it in at 195 + n.
    const coin = { ...chain.coin(alice.p2wpkh, 100_000n, { height: 195 }), key: alice };
    expectRejected(pool, spend([{ ...coin, sequence: 7 }], [pay(90_000n)]), 'non-BIP68-final');
    expect(outcome(() => pool.accept(spend([{ ...coin, sequence: 6 }], [pay(90_000n)]), NOW))).toBe('ok');
  });

  it('bad-txns-premature-spend-of-coinbase', () => {
    const { pool, chain } = newPool();
    const young = { ...chain.coin(alice.p2wpkh, 100_000n, { height: 102, coinbase: true }), key: alice };
    const r = expectRejected(pool, spend([young], [pay(90_000n)]), 'bad-txns-premature-spend-of-coinbase');
    expect(r.kind).toBe('premature-spend');
    const mature = { ...chain.coin(alice.p2wpkh, 100_000n, { height: 101, coinbase: true }), key: alice };
    expect(pool.accept(spend([mature], [pay(90_000n)]), NOW).entry.spendsCoinbase).toBe(true);
  });

  it('missing-inputs: an unknown parent (an orphan), naming the parent', () => {
    const { pool, chain } = newPool();
    const parent = spend(
      [{ ...chain.coin(alice.p2wpkh, 100_000n), key: alice }],
      [pay(90_000n, alice.p2wpkh)],
    );
    const child = spend([outputOf(parent, 0, alice)], [pay(80_000n)]);
    const err = expectRejected(pool, child, 'missing-inputs');
    expect(err).toBeInstanceOf(MissingInputsError);
    expect(err.kind).toBe('missing-inputs');
    expect((err as MissingInputsError).missingParents.map(toHex)).toEqual([toHex(txid(parent))]);
    expect((err as MissingInputsError).orphaned).toBe(false);
    expect(pool.orphans.size).toBe(0);
  });

  it('bad-txns-inputs-missingorspent: an output a pool transaction does not have', () => {
    const { pool, tx } = setup([pay(90_000n, alice.p2wpkh)]);
    pool.accept(tx, NOW);
    const bad = spend([{ ...outputOf(tx, 0, alice), outpoint: { txid: txid(tx), vout: 5 } }], [pay(80_000n)]);
    expectRejected(pool, bad, 'bad-txns-inputs-missingorspent');
  });

  it('txn-already-in-mempool and txn-same-nonwitness-data-in-mempool', () => {
    const { pool, tx } = setup();
    pool.accept(tx, NOW);
    expect(expectRejected(pool, tx, 'txn-already-in-mempool').kind).toBe('conflict');
    const sig = tx.inputs[0]!.witness[0]!.slice();
    sig[10]! ^= 1;
    const malleated = { ...tx, inputs: [{ ...tx.inputs[0]!, witness: [sig, tx.inputs[0]!.witness[1]!] }] };
    expect(toHex(txid(malleated))).toBe(toHex(txid(tx)));
    expectRejected(pool, malleated, 'txn-same-nonwitness-data-in-mempool');
  });

  it('txn-already-known: its outputs are already in the UTXO set', () => {
    const { pool, chain, tx } = setup();
    chain.confirm(tx);
    expectRejected(pool, tx, 'txn-already-known');
  });

  it('txn-mempool-conflict: a double spend of a transaction that does not signal replaceability', () => {
    const { pool, coin, tx } = setup();
    pool.accept(tx, NOW);
    const r = expectRejected(pool, spend([coin], [pay(50_000n)]), 'txn-mempool-conflict');
    expect(r.kind).toBe('conflict');
    expect(pool.has(txid(tx))).toBe(true);
  });

  it('min relay fee not met: below 1 unit per vbyte', () => {
    // P2WSH(OP_TRUE) spends carry no signature, so their size does not depend on the fee.
    const { pool, chain } = newPool();
    const paying = (fee: bigint) =>
      spend([chain.coin(P2WSH_TRUE, 100_000n)], [pay(100_000n - fee, P2WSH_TRUE)]);
    const vsize = BigInt(txVsize(paying(0n)));
    const r = expectRejected(pool, paying(vsize - 1n), 'min relay fee not met');
    expect(r.kind).toBe('mempool-policy');
    expect(r.detail).toBe(`${vsize - 1n} < ${vsize}`);
    expect(pool.accept(paying(vsize), NOW).entry.fee).toBe(vsize);
  });

  it('mandatory-script-verify-flag-failed: a signature over something else', () => {
    const { pool, coin } = setup();
    const tx = spend([coin], [pay(90_000n)]);
    tx.outputs[0]!.value = 89_000n; // the signature no longer covers the outputs
    const r = expectRejected(
      pool,
      tx,
      'mandatory-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)',
    );
    expect(r.kind).toBe('consensus');
    const wrongKey = spend([{ ...coin, key: bob }], [pay(90_000n)]);
    expectRejected(
      pool,
      wrongKey,
      'mandatory-script-verify-flag-failed (Script failed an OP_EQUALVERIFY operation)',
    );
  });

  it('non-mandatory-script-verify-flag: a high-S signature (valid by consensus)', () => {
    const { pool, coin } = setup();
    const tx = spend([coin], [pay(90_000n)]);
    const hash = witnessV0SignatureHash(alice.p2pkh, tx, 0, SIGHASH_ALL, 100_000n);
    const compact = secp256k1.sign(hash, alice.privateKey, { prehash: false, lowS: true });
    const n = secp256k1.Point.Fn.ORDER;
    const s = BigInt(`0x${toHex(compact.subarray(32))}`);
    const high = Uint8Array.from([
      ...compact.subarray(0, 32),
      ...Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'),
    ]);
    tx.inputs[0]!.witness = [concatBytes(encodeDer(high), Uint8Array.of(SIGHASH_ALL)), alice.publicKey];
    const r = expectRejected(
      pool,
      tx,
      'non-mandatory-script-verify-flag (Non-canonical signature: S value is unnecessarily high)',
    );
    expect(r.kind).toBe('not-standard');
  });

  it('bad-txns-nonstandard-inputs: spending a non-standard output script', () => {
    const { pool, chain } = newPool();
    const coin = chain.coin(Uint8Array.of(OP_TRUE), 100_000n);
    const r = expectRejected(pool, spend([coin], [pay(90_000n)]), 'bad-txns-nonstandard-inputs');
    expect(r.kind).toBe('inputs-not-standard');
  });

  it('bad-witness-nonstandard: a P2WSH stack item over 80 bytes, or a witness on a non-witness input', () => {
    const { pool, chain } = newPool();
    const script = Uint8Array.of(OP_DROP, OP_TRUE);
    const coin = chain.coin(scriptForP2WSH(sha256(script)), 100_000n);
    const tx = spend([coin], [pay(90_000n)]);
    tx.inputs[0]!.witness = [new Uint8Array(81), script];
    expectRejected(pool, tx, 'bad-witness-nonstandard');
    tx.inputs[0]!.witness = [new Uint8Array(80), script];
    expect(outcome(() => pool.testAccept(tx, NOW))).toBe('ok');

    const legacy = { ...chain.coin(alice.p2pkh, 100_000n), key: alice };
    const withWitness = spend([legacy], [pay(90_000n)]);
    withWitness.inputs[0]!.witness = [Uint8Array.of(1)];
    expectRejected(pool, withWitness, 'bad-witness-nonstandard');
  });

  it('bad-txns-too-many-sigops: over a fifth of the block sigop limit', () => {
    const { pool, chain } = newPool();
    const coin = { ...chain.coin(alice.p2wpkh, 10_000_000n), key: alice };
    // Each bare 1-of-1 multisig output counts 20 legacy sigops, a cost of 80; the P2WPKH input 1.
    const multisig = pay(1_000n, scriptForMultisig(1, [bob.publicKey]));
    expect(multisig.scriptPubKey.at(-1)).toBe(OP_CHECKMULTISIG);
    expectRejected(
      pool,
      spend(
        [coin],
        Array.from({ length: 200 }, () => multisig),
      ),
      'bad-txns-too-many-sigops',
    );
    const ok = spend(
      [coin],
      Array.from({ length: 199 }, () => multisig),
    );
    const entry = pool.accept(ok, NOW).entry;
    expect(entry.sigOpCost).toBe(199 * 80 + 1);
    // vsize is priced by sigops (20 vbytes each) when they outweigh the bytes.
    expect(entry.weight).toBeLessThan(entry.sigOpCost * 20);
    expect(entry.vsize).toBe(Math.ceil((entry.sigOpCost * 20) / 4));
  });

  it('leaves a P2WSH(OP_TRUE) spend, which needs no signature, standard', () => {
    const { pool, chain } = newPool();
    const tx = spend([chain.coin(P2WSH_TRUE, 100_000n)], [pay(90_000n, P2WSH_TRUE)]);
    expect(outcome(() => pool.accept(tx, NOW))).toBe('ok');
  });

  it('scriptsig-not-pushonly', () => {
    const { pool, chain } = newPool();
    const coin = chain.coin(alice.p2pkh, 100_000n);
    const tx = spend([coin], [pay(90_000n)]);
    tx.inputs[0]!.scriptSig = new ScriptBuilder().op(OP_TRUE, OP_DROP).build();
    expectRejected(pool, tx, 'scriptsig-not-pushonly');
  });
});

// Acceptance fetches each input's coin and key once and shares them between the checks: the reasons
// and their order must stay Core's whatever the inputs.
describe('inputs read once, reasons unchanged', () => {
  it('names each unknown parent once, in input order', () => {
    const { pool, chain } = newPool();
    const a = spend([chain.coin(P2WSH_TRUE, 100_000n)], [pay(40_000n, P2WSH_TRUE), pay(40_000n, P2WSH_TRUE)]);
    const b = spend([chain.coin(P2WSH_TRUE, 100_000n)], [pay(40_000n, P2WSH_TRUE)]);
    const tx = spend([outputOf(a, 1), outputOf(b, 0), outputOf(a, 0)], [pay(100_000n, P2WSH_TRUE)]);
    const err = expectRejected(pool, tx, 'missing-inputs') as MissingInputsError;
    expect(err.missingParents.map(toHex)).toEqual([toHex(txid(a)), toHex(txid(b))]);
  });

  it('reports a conflict before an output its pool parent does not have', () => {
    const { pool, chain } = newPool();
    const parent = spend([chain.coin(P2WSH_TRUE, 100_000n)], [pay(90_000n, P2WSH_TRUE)]);
    const coin = chain.coin(P2WSH_TRUE, 100_000n);
    pool.accept(parent, NOW);
    pool.accept(spend([coin], [pay(90_000n, P2WSH_TRUE)]), NOW);
    const noSuchOutput = { ...outputOf(parent, 0), outpoint: { txid: txid(parent), vout: 3 } };
    expectRejected(pool, spend([noSuchOutput, coin], [pay(80_000n, P2WSH_TRUE)]), 'txn-mempool-conflict');
    expectRejected(pool, spend([noSuchOutput], [pay(80_000n, P2WSH_TRUE)]), 'bad-txns-inputs-missingorspent');
  });

  it('links a child to its pool parent once however many of its outputs it spends', () => {
    const { pool, chain } = newPool();
    const parent = spend(
      [chain.coin(P2WSH_TRUE, 100_000n)],
      [pay(45_000n, P2WSH_TRUE), pay(45_000n, P2WSH_TRUE)],
    );
    const ep = pool.accept(parent, NOW).entry;
    const ec = pool.accept(
      spend([outputOf(parent, 0), outputOf(parent, 1)], [pay(80_000n, P2WSH_TRUE)]),
      NOW,
    ).entry;
    expect([...ec.parents]).toEqual([ep]);
    expect([...ep.children]).toEqual([ec]);
    expect([ec.ancestorCount, ep.descendantCount]).toEqual([2, 2]);
    expect(pool.spenderOf({ txid: txid(parent), vout: 1 })).toBe(ec);
  });

  it('still applies the ancestor count to a transaction without unconfirmed parents', () => {
    const { pool, chain } = newPool({ ancestorLimit: 0 });
    const tx = spend([chain.coin(P2WSH_TRUE, 100_000n)], [pay(90_000n, P2WSH_TRUE)]);
    expectRejected(pool, tx, 'too-long-mempool-chain');
  });

  it('keys the pool by txid, wtxid and outpoint as the hex-keyed lookups did', () => {
    const { pool, tx } = setup();
    const e = pool.accept(tx, NOW).entry;
    expect(e.key).toBe(toHex(txid(tx)));
    expect(pool.get(txid(tx))).toBe(e);
    expect(pool.has(Uint8Array.from(txid(tx)))).toBe(true);
    expect(pool.getByWtxid(wtxid(tx))).toBe(e);
    expect(pool.getByWtxid(txid(tx))).toBeUndefined();
    expect(pool.spenderOf(tx.inputs[0]!.prevout)).toBe(e);
    expect(
      pool.spenderOf({ ...tx.inputs[0]!.prevout, vout: tx.inputs[0]!.prevout.vout + 0x10000 }),
    ).toBeUndefined();
    expect(pool.outputOf({ txid: txid(tx), vout: 0 })).toBe(tx.outputs[0]);
  });
});
