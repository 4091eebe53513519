// The API backend's accounts across a restart (docs/protocol.md §17.4): balances, used nonces and credited
// deposits persist in the daemon's RocksDB store (`StoreAccounts`), so a restarted node charges nothing
// twice and forgets no charge; the fee is min(gasLimit, outputTokens) × gasPrice.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHex, toHex } from '@funai/ledger-node';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreAccounts } from '../../src/api/accounts.js';
import { ApiError } from '../../src/api/errors.js';
import { accountFromPrivateKey } from '../../src/api/keystore.js';
import { LocalInferenceBackend } from '../../src/api/local-backend.js';
import type { GenerationResult } from '../../src/llm/runtime/engine.js';
import { InferenceStore } from '../../src/store/store.js';
import { TX_VERSION } from '../../src/tx/limits.js';
import { decodeSignedReceipt } from '../../src/tx/receipt.js';
import { encodeTx, signTx } from '../../src/tx/transaction.js';

const tmp = mkdtempSync(join(tmpdir(), 'funai-api-accounts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CHAIN_ID = 7;
const alice = accountFromPrivateKey('alice', new Uint8Array(32).fill(1));
const MODEL = 'ab'.repeat(32);

const backendOver = (store: InferenceStore) =>
  new LocalInferenceBackend({
    chainId: CHAIN_ID,
    executorKey: new Uint8Array(32).fill(9),
    ledgerHeight: () => 100,
    gasPrice: 3n,
    accounts: new StoreAccounts(store),
  });

const output = (tokens: number[]): GenerationResult => ({
  tokens,
  text: 'x'.repeat(tokens.length),
  finishReason: 'length',
  modelId: MODEL,
  promptTokens: 40,
  usage: { promptTokens: 40, outputTokens: tokens.length },
  promptFormat: 'funai-plain-v1',
});

/** A transaction alice signs herself (native API), with the given nonce and gas limit. */
const signed = (nonce: bigint, gasLimit = 100n) =>
  encodeTx(
    signTx(
      {
        version: TX_VERSION,
        chainId: CHAIN_ID,
        sender: alice.publicKey,
        nonce,
        modelId: fromHex(MODEL),
        gasLimit,
        gasPrice: 3n,
        system: '',
        context: [],
        input: 'hello',
        sampling: { mode: 'greedy' },
        seed: 0,
        maxTokens: 8,
        stop: [],
      },
      alice.privateKey,
    ),
  );

const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return (e as ApiError).code;
  }
  throw new Error('expected an ApiError');
};

describe('API accounts in the store', () => {
  it('survive a restart: no charge forgotten, none repeated, each deposit credited once', async () => {
    const dir = join(tmp, 'restart');
    let store = await InferenceStore.open(dir);
    let backend = backendOver(store);
    expect(backend.credit(alice.principal, 10_000n, 'deposit-1')).toBe(true);
    expect(backend.credit(alice.principal, 10_000n, 'deposit-1')).toBe(false);

    // Nonce 0 and nonce 2 executed (a gap at 1); 8 output tokens of a 40-token prompt: fee 8 × 3.
    const t0 = await backend.admitSigned(signed(0n));
    expect((await backend.settle(t0, output([1, 2, 3, 4, 5, 6, 7, 8]))).fee).toBe(24n);
    const t2 = await backend.admitSigned(signed(2n, 5n));
    // gasLimit 5 caps the charge of 8 output tokens at 5 × 3.
    expect((await backend.settle(t2, output([1, 2, 3, 4, 5, 6, 7, 8]))).fee).toBe(15n);
    // An admitted, unsettled transaction holds funds; a restart abandons it (nothing charged).
    await backend.admitSigned(signed(3n));
    expect(await backend.account(alice.principal)).toEqual({
      principal: alice.principal,
      balance: 10_000n - 24n - 15n - 100n * 3n,
      nonce: 1n,
    });
    await store.close();

    store = await InferenceStore.open(dir);
    backend = backendOver(store);
    expect(await backend.account(alice.principal)).toEqual({
      principal: alice.principal,
      balance: 10_000n - 24n - 15n,
      nonce: 1n,
    });
    // The daemon credits every stored deposit again at start: the key keeps it from counting twice.
    expect(backend.credit(alice.principal, 10_000n, 'deposit-1')).toBe(false);
    // Executed nonces stay used: a replay is refused and charges nothing.
    expect(await code(backend.admitSigned(signed(0n)))).toBe('nonce_used');
    expect(await code(backend.admitSigned(signed(2n, 5n)))).toBe('nonce_used');
    // The receipt and transaction of each settlement were written with its charge.
    const r = store.getReceipt(fromHex(t2.id));
    expect(r && toHex(decodeSignedReceipt(r).txId)).toBe(t2.id);
    expect(store.getContent(fromHex(t2.id))).toEqual(fromHex(t2.tx));
    // The gap is filled next; then the nonce moves past 2.
    const t1 = await backend.admitSigned(signed(1n));
    await backend.settle(t1, output([1]));
    expect((await backend.account(alice.principal)).nonce).toBe(3n);
    expect(await code(backend.admitSigned(signed(3n, 10n ** 9n)))).toBe('insufficient_quota');
    await store.close();

    store = await InferenceStore.open(dir);
    expect(await backendOver(store).account(alice.principal)).toEqual({
      principal: alice.principal,
      balance: 10_000n - 24n - 15n - 3n,
      nonce: 3n,
    });
    await store.close();
  });

  it('with the chain as the fee balance (poi): charges count until the chain applies them, across a restart', async () => {
    const dir = join(tmp, 'chain-balance');
    let chain = 1_000n;
    const over = (store: InferenceStore) =>
      new LocalInferenceBackend({
        chainId: CHAIN_ID,
        executorKey: new Uint8Array(32).fill(9),
        ledgerHeight: () => 100,
        accounts: new StoreAccounts(store),
        feeBalance: async () => chain,
      });
    let store = await InferenceStore.open(dir);
    let backend = over(store);
    const t0 = await backend.admitSigned(signed(0n));
    // Held: gasLimit 100 × 3 while it runs.
    expect((await backend.account(alice.principal)).balance).toBe(1_000n - 300n);
    await backend.settle(t0, output([1, 2, 3, 4]));
    expect((await backend.account(alice.principal)).balance).toBe(1_000n - 12n);
    await store.close();

    store = await InferenceStore.open(dir);
    backend = over(store);
    // Not applied on chain yet: still subtracted after a restart; a hold beyond the rest is refused.
    expect((await backend.account(alice.principal)).balance).toBe(988n);
    expect(await code(backend.admitSigned(signed(1n, 330n)))).toBe('insufficient_quota');
    // The verdict charged it on chain: the chain's balance now has it, and it is no longer subtracted.
    chain = 988n;
    expect(backend.chargeApplied(alice.principal, t0.id)).toBe(true);
    expect(backend.chargeApplied(alice.principal, t0.id)).toBe(false);
    expect((await backend.account(alice.principal)).balance).toBe(988n);
    await store.close();
    store = await InferenceStore.open(dir);
    expect((await over(store).account(alice.principal)).balance).toBe(988n);
    await store.close();
  });
});
