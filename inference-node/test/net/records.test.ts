// Executed records over gossip (docs/protocol.md §16.6, records.ts): what a node forwards, what it
// rejects (and bans for), what it ignores, and the equivocation proofs it keeps for
// staking.report-equivocation — across a restart of its store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '@funai/ledger-node';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_RECORD_MESSAGE_BYTES } from '../../src/net/inference-net.js';
import {
  checkGossipedRecord,
  decodeRecordMessage,
  ExecutedRecords,
  encodeRecordMessage,
} from '../../src/net/records.js';
import type { RecordContents } from '../../src/roles/verifier.js';
import { InferenceStore } from '../../src/store/index.js';
import { verifyEquivocation } from '../../src/tx/equivocation.js';
import { encodeSignedReceipt, receiptFor, type SignedReceipt, signReceipt } from '../../src/tx/receipt.js';
import { encodeTx, type SignedInferenceTx, txId } from '../../src/tx/transaction.js';
import { CHAIN_ID, client, executor, inferenceTx } from '../consensus/block-fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'funai-records-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const log = pino({ level: 'silent' });
const HEIGHT = 300;

function signed(
  tx: SignedInferenceTx,
  tokens: number[],
  ledgerHeight = HEIGHT,
  key = executor,
): SignedReceipt {
  return signReceipt(
    receiptFor(tx, txId(tx), { tokens, finishReason: 'stop-token' }, key.pub, ledgerHeight),
    key.priv,
  );
}

function contents(tx: SignedInferenceTx, tokens = [3, 4, 5], ledgerHeight = HEIGHT): RecordContents {
  return {
    tx: encodeTx(tx),
    receipt: encodeSignedReceipt(signed(tx, tokens, ledgerHeight)),
    output: { tokens, finishReason: 'stop-token' },
  };
}

const pool = (tip = HEIGHT, store?: InferenceStore) =>
  new ExecutedRecords({ chainId: CHAIN_ID, tipHeight: () => tip, log, ...(store ? { store } : {}) });

describe('record gossip checks', () => {
  it('accepts a valid record once and keeps it waiting, served and stored', async () => {
    const store = await InferenceStore.open(join(tmp, 'a'));
    const p = pool(HEIGHT, store);
    const tx = inferenceTx(1);
    const msg = encodeRecordMessage(contents(tx));
    expect(p.onGossip(msg, 'peer-a')).toBe('accept');
    expect(p.onGossip(msg, 'peer-b')).toBe('ignore');
    expect(p.pending()).toHaveLength(1);
    expect(p.contents(toHex(txId(tx)))?.output.tokens).toEqual([3, 4, 5]);
    expect(store.getContent(txId(tx))).toEqual(encodeTx(tx));
    expect(store.getReceipt(txId(tx))).toEqual(contents(tx).receipt);
    // In a block: it stops waiting, and hearing it again does not bring it back.
    p.markIncluded([signed(tx, [3, 4, 5])]);
    expect(p.pending()).toHaveLength(0);
    expect(p.onGossip(msg, 'peer-c')).toBe('ignore');
    expect(p.pending()).toHaveLength(0);
    await store.close();
  });

  it('rejects malformed, oversized, foreign-chain, forged and mismatching records', () => {
    const p = pool();
    const tx = inferenceTx(2);
    const good = contents(tx);
    const reject = (c: RecordContents | Uint8Array) =>
      checkGossipedRecord(c instanceof Uint8Array ? c : encodeRecordMessage(c), CHAIN_ID);
    expect(reject(good)).toMatchObject({ ok: true });
    expect(reject(Uint8Array.of(1, 2, 3))).toMatchObject({ ok: false });
    expect(reject(Uint8Array.of(1, 0))).toMatchObject({ ok: false, reason: 'record-absent' });
    expect(reject(new Uint8Array(MAX_RECORD_MESSAGE_BYTES + 1))).toMatchObject({
      ok: false,
      reason: 'record-too-large',
    });
    // Another chain's transaction and receipt.
    const foreign = inferenceTx(2, { chainId: CHAIN_ID + 1 });
    expect(reject(contents(foreign))).toMatchObject({ ok: false, reason: 'tx-chain-id' });
    // A receipt whose signature does not verify.
    const badSig = good.receipt.slice();
    badSig[150]! ^= 1;
    expect(reject({ ...good, receipt: badSig })).toMatchObject({
      ok: false,
      reason: 'bad-receipt-signature',
    });
    // An executor key that is not a compressed secp256k1 key (prefix 04).
    const badKey = good.receipt.slice();
    badKey[106] = 4;
    expect(reject({ ...good, receipt: badKey })).toMatchObject({ ok: false, reason: 'receipt-executor' });
    // A transaction whose signature does not verify.
    const txBytes = good.tx.slice();
    txBytes[txBytes.length - 1]! ^= 1;
    expect(reject({ ...good, tx: txBytes }).ok).toBe(false);
    // A claimed output that is not the receipt's.
    expect(reject({ ...good, output: { tokens: [3, 4, 6], finishReason: 'stop-token' } })).toMatchObject({
      ok: false,
      reason: 'output-hash-mismatch',
    });
    // The transaction of another record.
    expect(reject({ ...good, tx: encodeTx(inferenceTx(3)) })).toMatchObject({
      ok: false,
      reason: 'tx-id-mismatch',
    });
    // Through the pool: rejected (the sender is banned), nothing kept.
    expect(p.onGossip(Uint8Array.of(9), 'rogue')).toBe('reject');
    expect(p.onGossip(encodeRecordMessage({ ...good, receipt: badSig }), 'rogue')).toBe('reject');
    expect(p.pending()).toHaveLength(0);
  });

  it('drops waiting records once too old for any block, and says so', () => {
    let tip = HEIGHT;
    const p = new ExecutedRecords({ chainId: CHAIN_ID, tipHeight: () => tip, log });
    const dropped: string[] = [];
    p.onDropped((id) => dropped.push(toHex(id)));
    const tx = inferenceTx(10);
    expect(p.onGossip(encodeRecordMessage(contents(tx)), 'a')).toBe('accept');
    tip = HEIGHT + 144;
    expect(p.pending()).toHaveLength(1);
    tip = HEIGHT + 145;
    expect(p.pending()).toHaveLength(0);
    expect(dropped).toEqual([toHex(txId(tx))]);
  });

  it('ignores records too old for any block', () => {
    const p = pool(HEIGHT + 145);
    expect(p.onGossip(encodeRecordMessage(contents(inferenceTx(4))), 'peer')).toBe('ignore');
    expect(p.pending()).toHaveLength(0);
    expect(pool(HEIGHT + 144).onGossip(encodeRecordMessage(contents(inferenceTx(4))), 'peer')).toBe('accept');
  });

  it('random and mutated bytes are refused without throwing', () => {
    const good = encodeRecordMessage(contents(inferenceTx(5)));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(checkGossipedRecord(bytes, CHAIN_ID).ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const m = good.slice();
        m[at]! ^= x;
        // A flipped byte never yields a record that still passes (every byte is checked or signed).
        expect(checkGossipedRecord(m, CHAIN_ID).ok).toBe(false);
      }),
    );
    expect(() => decodeRecordMessage(good.subarray(0, 100))).toThrow();
  });
});

describe('equivocation', () => {
  it('two receipts of one executor with different outputs make a proof, kept across a restart', async () => {
    const dir = join(tmp, 'eqv');
    let store = await InferenceStore.open(dir);
    let p = pool(HEIGHT, store);
    const found: string[] = [];
    p.onEquivocation((e) => found.push(e.txId));
    const tx = inferenceTx(6);
    expect(p.onGossip(encodeRecordMessage(contents(tx, [3, 4, 5])), 'a')).toBe('accept');
    // The same output re-signed at a later ledger height is not equivocation (§15.5).
    expect(p.onGossip(encodeRecordMessage(contents(tx, [3, 4, 5], HEIGHT + 1)), 'b')).toBe('ignore');
    expect(p.equivocations()).toHaveLength(0);
    // Another output for the same transaction: forwarded as evidence, a proof made once.
    const other = encodeRecordMessage(contents(tx, [7, 8]));
    expect(p.onGossip(other, 'c')).toBe('accept');
    expect(p.onGossip(other, 'd')).toBe('accept');
    expect(found).toEqual([toHex(txId(tx))]);
    const [entry] = p.equivocations();
    expect(entry).toMatchObject({ executor: toHex(executor.pub), txId: toHex(txId(tx)) });
    expect(entry!.proof).toHaveLength(414);
    expect(verifyEquivocation(entry!.proof)).toMatchObject({ ok: true });
    // The first receipt is the one waiting; the second never replaces it.
    expect(p.pending()).toEqual([contents(tx, [3, 4, 5]).receipt]);
    await store.close();

    store = await InferenceStore.open(dir);
    p = pool(HEIGHT, store);
    expect(p.equivocations().map((e) => toHex(e.proof))).toEqual([toHex(entry!.proof)]);
    p.submitted(entry!.proof);
    expect(p.equivocations()).toHaveLength(0);
    await store.close();
    store = await InferenceStore.open(dir);
    expect(pool(HEIGHT, store).equivocations()).toHaveLength(0);
    await store.close();
  });

  it('a block carrying another output of a receipt heard before makes a proof', () => {
    const p = pool();
    const tx = inferenceTx(8);
    expect(p.onGossip(encodeRecordMessage(contents(tx, [1, 2, 3])), 'a')).toBe('accept');
    p.markIncluded([signed(tx, [1, 2, 3])]);
    expect(p.equivocations()).toHaveLength(0);
    p.markIncluded([signed(tx, [4])]);
    const [e] = p.equivocations();
    expect(e).toMatchObject({ txId: toHex(txId(tx)) });
    expect(verifyEquivocation(e!.proof)).toMatchObject({ ok: true });
    // And the other way round: a block's receipt first, then another output on gossip.
    const tx2 = inferenceTx(9);
    p.markIncluded([signed(tx2, [5, 6])]);
    expect(p.onGossip(encodeRecordMessage(contents(tx2, [7])), 'b')).toBe('accept');
    expect(p.equivocations().map((x) => x.txId)).toEqual([toHex(txId(tx)), toHex(txId(tx2))]);
    expect(p.pending()).toHaveLength(0);
  });

  it("different executors' receipts for one transaction are not equivocation", () => {
    const p = pool();
    const tx = inferenceTx(7);
    expect(p.onGossip(encodeRecordMessage(contents(tx, [1, 2])), 'a')).toBe('accept');
    // A second executor (here the client's key) ran it too, with another output: one record per
    // transaction waits, and no proof is made.
    const r2 = signed(tx, [9, 9], HEIGHT, client);
    const msg = encodeRecordMessage({
      tx: encodeTx(tx),
      receipt: encodeSignedReceipt(r2),
      output: { tokens: [9, 9], finishReason: 'stop-token' },
    });
    expect(p.onGossip(msg, 'b')).toBe('ignore');
    expect(p.equivocations()).toHaveLength(0);
    expect(p.pending()).toHaveLength(1);
  });
});
