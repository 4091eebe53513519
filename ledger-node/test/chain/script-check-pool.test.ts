import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainState } from '../../src/chain/chain-state.js';
import {
  decodeScriptChecks,
  encodeScriptChecks,
  firstScriptFailure,
} from '../../src/chain/script-check-batch.js';
import {
  InlineScriptChecker,
  ScriptCheckPool,
  splitByTransaction,
} from '../../src/chain/script-check-pool.js';
import type { ScriptCheck } from '../../src/consensus/connect-block.js';
import { ValidationError } from '../../src/consensus/errors.js';
import { REGTEST_PARAMS } from '../../src/consensus/params.js';
import { getBlockScriptFlags } from '../../src/consensus/script-flags.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { decodeBlock, encodeBlock, txBytesIn } from '../../src/wire/block.js';
import { toHex } from '../../src/wire/bytes.js';
import { encodeTx } from '../../src/wire/tx.js';
import { ChainBuilder, testClock } from '../support/chain-builder.js';

// The pool runs the BUILT worker (dist/chain/script-check-worker.js): `npm test` builds first.

const flags = getBlockScriptFlags(200, REGTEST_PARAMS);
let checks: ScriptCheck[];
let builder: ChainBuilder;

beforeAll(() => {
  builder = new ChainBuilder();
  for (let i = 0; i < 101; i++) builder.next({ coinbaseOutputs: 40 });
  const txs = builder
    .spendable()
    .slice(0, 40)
    .map((c) => builder.spend(c));
  checks = [];
  const coins = builder.spendable();
  txs.forEach((tx, t) => {
    const coin = coins.find(
      (c) =>
        toHex(c.outpoint.txid) === toHex(tx.inputs[0]!.prevout.txid) &&
        c.outpoint.vout === tx.inputs[0]!.prevout.vout,
    )!;
    checks.push({
      tx,
      txIndex: t + 1,
      inputIndex: 0,
      spent: { value: coin.value, scriptPubKey: coin.key.p2wpkh },
      flags,
    });
  });
});

function corrupt(list: ScriptCheck[], at: number): ScriptCheck[] {
  return list.map((c, i) => {
    if (i !== at) return c;
    const sig = c.tx.inputs[0]!.witness[0]!.slice();
    sig[8]! ^= 1;
    const tx = { ...c.tx, inputs: [{ ...c.tx.inputs[0]!, witness: [sig, c.tx.inputs[0]!.witness[1]!] }] };
    return { ...c, tx };
  });
}

describe('script check batches', () => {
  it('cross threads as bytes and come back identical', () => {
    const back = decodeScriptChecks(encodeScriptChecks(checks));
    expect(back).toHaveLength(checks.length);
    back.forEach((c, i) => {
      expect(toHex(encodeTx(c.tx))).toBe(toHex(encodeTx(checks[i]!.tx)));
      expect(c.txIndex).toBe(checks[i]!.txIndex);
      expect(c.inputIndex).toBe(checks[i]!.inputIndex);
      expect(c.flags).toBe(flags);
      expect(c.spent.value).toBe(checks[i]!.spent.value);
    });
  });

  it('split into contiguous runs of whole transactions', () => {
    const runs = splitByTransaction(checks, 3);
    expect(runs.length).toBe(3);
    expect(runs.flat()).toEqual(checks);
    for (let i = 1; i < runs.length; i++) expect(runs[i]![0]!.tx).not.toBe(runs[i - 1]!.at(-1)!.tx);
    expect(splitByTransaction(checks.slice(0, 2), 8)).toHaveLength(2);
  });

  it('report the first failure in block order', () => {
    expect(firstScriptFailure(checks)).toBeNull();
    const f = firstScriptFailure(corrupt(corrupt(checks, 30), 7));
    expect(f?.txIndex).toBe(8);
    expect(f?.reason).toMatch(/^mandatory-script-verify-flag-failed \(/);
  });
});

describe('ScriptCheckPool', () => {
  let pool: ScriptCheckPool;
  beforeAll(() => {
    pool = new ScriptCheckPool(3);
  });
  afterAll(async () => {
    await pool.close();
  });

  it('accepts valid checks and agrees with the inline checker on the failing input', async () => {
    await expect(pool.run(checks)).resolves.toBeUndefined();
    const bad = corrupt(corrupt(checks, 33), 21);
    const inline = await new InlineScriptChecker().run(bad).catch((e: ValidationError) => e);
    const pooled = await pool.run(bad).catch((e: ValidationError) => e);
    expect(pooled).toBeInstanceOf(ValidationError);
    expect((pooled as ValidationError).reason).toBe((inline as ValidationError).reason);
    expect((pooled as ValidationError).detail).toBe((inline as ValidationError).detail);
    expect((pooled as ValidationError).detail).toContain('input 0 of transaction');
  });

  it('runs many batches concurrently', async () => {
    const results = await Promise.allSettled([
      pool.run(checks),
      pool.run(corrupt(checks, 5)),
      pool.run(checks),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('a chain state with worker threads', () => {
  it('reaches the same UTXO set as one without', async () => {
    const b = new ChainBuilder();
    for (let i = 0; i < 101; i++) b.next({ coinbaseOutputs: 30 });
    for (let i = 0; i < 4; i++) b.next({ spends: 25 });
    const run = async (scriptThreads: number) => {
      const cs = await ChainState.openStore(new MemoryStore(), REGTEST_PARAMS, {
        scriptThreads,
        now: testClock(),
      });
      for (const blk of b.blocks) expect((await cs.processBlock(blk)).status).toBe('connected');
      const info = cs.utxoSetInfo();
      await cs.close();
      return info;
    };
    const [threaded, inline] = [await run(2), await run(0)];
    expect(threaded).toEqual(inline);
    expect(threaded.height).toBe(105);
  });
});

describe('encodeScriptChecks from the block bytes', () => {
  it('sends each transaction as its bytes in the block, the same as encoding it', () => {
    const b = new ChainBuilder();
    for (let i = 0; i < 101; i++) b.next({ coinbaseOutputs: 3 });
    const raw = encodeBlock(b.build({ spends: 3 }));
    const block = decodeBlock(raw);
    const checks: ScriptCheck[] = block.txs.slice(1).flatMap((tx, i) =>
      tx.inputs.map((_, inputIndex) => ({
        tx,
        txIndex: i + 1,
        inputIndex,
        spent: { value: 1n, scriptPubKey: Uint8Array.of(0x51) },
        flags: 0,
      })),
    );
    const bytes = txBytesIn(block, raw);
    expect(bytes).toBeDefined();
    expect(encodeScriptChecks(checks, bytes)).toEqual(encodeScriptChecks(checks));
    // Only for the very bytes the block was decoded from.
    expect(txBytesIn(block, raw.slice())).toBeUndefined();
    expect(txBytesIn({ ...block }, raw)).toBeUndefined();
  });
});
