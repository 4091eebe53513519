import { toHex } from '@funai/ledger-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountFromPrivateKey } from '../../src/api/keystore.js';
import type { LifecycleProvider, TxLifecycle } from '../../src/api/lifecycle.js';
import { FunaiApiError, FunaiClient } from '../../src/client/client.js';
import { verifyLifecycle } from '../../src/client/verify.js';
import { encodeTx } from '../../src/tx/transaction.js';
import {
  CHAIN_ID,
  type Harness,
  LONG_MODEL,
  MODEL,
  type RecordingBackend,
  sharedEngine,
  startApi,
} from '../api/harness.js';
import { buildLifecycle, flipHex, tamper } from './lifecycle-fixture.js';

const dave = accountFromPrivateKey('dave', new Uint8Array(32).fill(4));
const erin = accountFromPrivateKey('erin', new Uint8Array(32).fill(5));
/** Lifecycles the test publishes (the daemon's provider in a real node), else the backend's. */
const published = new Map<string, TxLifecycle>();
let h: Harness;
let client: FunaiClient;

beforeAll(async () => {
  let backend: RecordingBackend | null = null;
  const lifecycle: LifecycleProvider = {
    get: async (id) => published.get(id) ?? (await backend!.get(id)),
  };
  h = await startApi({ lifecycle });
  backend = h.backend as RecordingBackend;
  backend.credit(dave.principal, 10n ** 9n);
  client = new FunaiClient({ url: h.origin, chainId: CHAIN_ID });
});
afterAll(async () => {
  await h?.close();
  await (await sharedEngine()).engine.close();
});

const PROMPT = {
  system: 'Be brief.',
  messages: [{ role: 'user' as const, content: 'hello' }],
  input: 'the model',
};
const params = (o: Partial<Parameters<FunaiClient['sign']>[1]> = {}) => ({
  model: MODEL,
  prompt: PROMPT,
  maxTokens: 24,
  temperature: 0.7,
  seed: 5,
  gasLimit: 4096n,
  gasPrice: 1n,
  ...o,
});

const apiError = async (p: Promise<unknown>): Promise<FunaiApiError> => {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FunaiApiError);
    return e as FunaiApiError;
  }
  throw new Error('expected a FunaiApiError');
};

describe('native API through the TypeScript client', () => {
  it('signs, submits, gets the result with a receipt checked at once; the stream gives the same text', async () => {
    const tx = await client.sign(dave, params());
    const res = await client.submit(tx);
    expect(res.output.tokens.length).toBe(res.usage.completion_tokens);
    const tx2 = await client.sign(dave, params());
    expect(tx2.nonce).toBe(tx.nonce + 1n);
    const gen = client.stream(tx2);
    let text = '';
    let r = await gen.next();
    while (!r.done) {
      text += r.value;
      r = await gen.next();
    }
    expect(text).toBe(res.output.text);
    expect(r.value.output.tokens).toEqual(res.output.tokens);
    expect((await client.account(dave.principal)).nonce).toBe(tx.nonce + 2n);
  });

  it('a named model resolves to its id; the seed is derived when none is given', async () => {
    const tx = await client.sign(dave, params({ seed: undefined, model: LONG_MODEL }));
    expect(toHex(tx.modelId)).toBe(h.modelIds[LONG_MODEL]);
    expect(tx.seed).toBeGreaterThan(0);
  });

  it('refuses replays, used nonces, bad signatures, malformed bytes, other chains, unfunded senders, unknown models', async () => {
    const tx = await client.sign(dave, params());
    await client.submit(tx);
    expect((await apiError(client.submit(tx))).status).toBe(409); // replay
    const sameNonce = await client.sign(dave, params({ nonce: tx.nonce, seed: 6 }));
    const used = await apiError(client.submit(sameNonce));
    expect([used.status, used.code]).toEqual([409, 'nonce_used']);
    const forged = { ...(await client.sign(dave, params())), seed: 77 }; // signed seed changed afterwards
    expect((await apiError(client.submit(forged))).code).toBe('invalid_signature');
    const post = (body: unknown) =>
      fetch(`${h.origin}/funai/v1/tx`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bytes = encodeTx(await client.sign(dave, params()));
    const truncated = await post({ tx: toHex(bytes.subarray(0, 40)) });
    expect(truncated.status).toBe(400);
    expect(((await truncated.json()) as { error: { code: string } }).error.code).toBe('invalid_tx');
    expect((await post({ tx: 'zz' })).status).toBe(400);
    const other = new FunaiClient({ url: h.origin, chainId: CHAIN_ID + 1 });
    expect((await apiError(other.submit(await other.sign(dave, params({ nonce: 50n }))))).code).toBe(
      'wrong_chain',
    );
    const broke = await apiError(client.submit(await client.sign(erin, params())));
    expect([broke.status, broke.code]).toEqual([429, 'insufficient_quota']);
    const far = await apiError(client.submit(await client.sign(dave, params({ nonce: 10_000n }))));
    expect(far.code).toBe('nonce_too_high');
    const unknown = await apiError(
      client.submit(await client.sign(dave, params({ model: 'ab'.repeat(32) }))),
    );
    expect(unknown.status).toBe(404);
    // None of the refusals moved the account: its next nonce is the one after the last executed.
    const next = (await client.account(dave.principal)).nonce;
    expect((await client.submit(await client.sign(dave, params()))).output).toBeDefined();
    expect((await client.account(dave.principal)).nonce).toBe(next + 1n);
  });
});

describe('verifyLifecycle', () => {
  let executed: { id: string; tx: string; receipt: string; tokens: number[] };
  beforeAll(async () => {
    const tx = await client.sign(dave, params({ seed: 123 }));
    const res = await client.submit(tx);
    executed = { id: res.id, tx: toHex(encodeTx(tx)), receipt: res.receipt, tokens: res.output.tokens };
  });

  it('passes for the executed step the node reports, and checks the output against the receipt', async () => {
    const check = await client.verify(executed.id, { output: { tokens: executed.tokens } });
    expect(check).toMatchObject({ ok: true, status: 'executed', verified: ['tx', 'receipt'] });
    const other = await client.verify(executed.id, { output: { tokens: [...executed.tokens, 1] } });
    expect(other.failure).toEqual({ step: 'receipt', reason: 'the receipt commits to another output' });
  });

  it('passes for a full anchored lifecycle fetched from the node, every step checked', async () => {
    const lc = buildLifecycle(executed, CHAIN_ID);
    published.set(executed.id, lc);
    const followed = await client.follow(executed.id, { until: 'anchored', intervalMs: 1 });
    expect(followed.status).toBe('anchored');
    const check = await client.verify(executed.id, {
      ledgerHashAt: (height) => (height === 42 ? lc.anchor!.ledgerBlockHash : null),
    });
    expect(check).toEqual({
      ok: true,
      status: 'anchored',
      verified: ['tx', 'receipt', 'block', 'certificate', 'anchor'],
    });
  });

  const fails = async (lc: TxLifecycle, o: Partial<Parameters<typeof verifyLifecycle>[1]> = {}) =>
    (await verifyLifecycle(lc, { chainId: CHAIN_ID, ...o })).failure;

  it('fails for a tampered receipt (signature, output hash) and a tampered transaction', async () => {
    const lc = buildLifecycle(executed, CHAIN_ID);
    expect(await fails(tamper.receipt(lc))).toMatchObject({
      step: 'receipt',
      reason: 'bad executor signature',
    });
    expect(await fails({ ...lc, receipt: flipHex(lc.receipt!, 70) })).toMatchObject({ step: 'receipt' });
    expect(await fails({ ...lc, tx: flipHex(lc.tx!, 60) })).toMatchObject({ step: 'tx' });
    expect(await fails(lc, { chainId: CHAIN_ID + 1 })).toMatchObject({ step: 'tx' });
  });

  it('fails for a wrong block path, a wrong index, a receipt path that is not the receipt’s', async () => {
    const lc = buildLifecycle(executed, CHAIN_ID);
    const b = lc.block!;
    expect(await fails(tamper.blockPath(lc))).toMatchObject({
      step: 'block',
      reason: 'the tx path does not lead to txRoot',
    });
    expect(await fails({ ...lc, block: { ...b, index: 0 } })).toMatchObject({ step: 'block' });
    expect(await fails({ ...lc, block: { ...b, index: 3 } })).toEqual({
      step: 'block',
      reason: 'index beyond the block records',
    });
    expect(await fails({ ...lc, block: { ...b, receiptPath: b.path } })).toMatchObject({
      step: 'block',
      reason: 'the receipt path does not lead to receiptsRoot',
    });
  });

  it('fails for a forged certificate, a certificate against another verifier set, a record judged invalid', async () => {
    const lc = buildLifecycle(executed, CHAIN_ID);
    expect(await fails(tamper.certificate(lc))).toEqual({ step: 'certificate', reason: 'qc-bad-signature' });
    const otherSet = [...lc.certificate!.verifierKeys].reverse();
    expect(await fails(lc, { verifierKeys: otherSet })).toEqual({
      step: 'certificate',
      reason: 'qc-bad-signature',
    });
    const invalid = buildLifecycle(executed, CHAIN_ID, { verdicts: [true, false, true] });
    expect(await fails(invalid)).toEqual({ step: 'certificate', reason: 'the record was judged invalid' });
  });

  it('fails for an anchor that is not the commit of this block or not on the caller’s ledger chain', async () => {
    const lc = buildLifecycle(executed, CHAIN_ID);
    const a = lc.anchor!;
    expect(await fails({ ...lc, anchor: { ...a, ledgerHeight: 43 } })).toMatchObject({ step: 'anchor' });
    expect(
      await fails({ ...lc, anchor: { ...a, branch: [...a.branch].reverse().map((s) => flipHex(s, 0)) } }),
    ).toMatchObject({
      step: 'anchor',
      reason: 'the commit is not under the ledger header’s Merkle root',
    });
    expect(await fails({ ...lc, anchor: { ...a, ledgerHeader: flipHex(a.ledgerHeader, 70) } })).toMatchObject(
      { step: 'anchor' },
    );
    expect(await fails(lc, { ledgerHashAt: () => '00'.repeat(32) })).toEqual({
      step: 'anchor',
      reason: 'the ledger block is not on the best chain',
    });
    // Another block's commit: the anchor of a lifecycle for a different block.
    const other = buildLifecycle(executed, CHAIN_ID, { height: 10 });
    expect(await fails({ ...lc, anchor: other.anchor! })).toMatchObject({ step: 'anchor' });
  });
});
