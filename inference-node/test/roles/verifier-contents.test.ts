// checkRecordContents (docs/protocol.md §16.9 steps 1–4) on contents from the network: whatever a peer
// sends, it never throws, and only the record's own contents pass; each fault has its typed reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ContentsCheck,
  checkRecordContents,
  type RecordContents,
  type RecordOutput,
} from '../../src/roles/verifier.js';
import { encodeSignedReceipt } from '../../src/tx/receipt.js';
import { encodeTx } from '../../src/tx/transaction.js';
import { mutate, mutationArb } from '../consensus/tx-fixtures.js';
import { CHAIN_ID, makeTx, receiptOver, type TestRecord } from './verifier-fixtures.js';

const MODEL = 'cd'.repeat(32);
const tx = makeTx(MODEL, 5, { maxTokens: 4, stop: ['.'] });
const output: RecordOutput = { tokens: [10, 11, 12, 13], finishReason: 'length' };
const rec: TestRecord = { tx, receipt: receiptOver(tx, output), output };
const receiptBytes = encodeSignedReceipt(rec.receipt);
const good: RecordContents = { tx: encodeTx(tx), receipt: receiptBytes, output };

const check = (c: unknown, r = rec.receipt, bytes = receiptBytes, chain = CHAIN_ID): ContentsCheck =>
  checkRecordContents(r, bytes, c as RecordContents, chain);
const reason = (c: ContentsCheck) => (c.ok ? 'ok' : c.reason);
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('checkRecordContents', () => {
  it('passes the record’s own contents', () => {
    expect(reason(check(good))).toBe('ok');
  });

  it('gives each fault its reason, in the documented order', () => {
    expect(reason(check(null))).toBe('contents-malformed');
    expect(reason(check({ ...good, output: { tokens: [1.5], finishReason: 'length' } }))).toBe(
      'contents-malformed',
    );
    expect(reason(check({ ...good, tx: new Uint8Array(131_073) }))).toBe('contents-malformed');
    expect(reason(check({ ...good, receipt: receiptBytes.slice(1) }))).toBe('receipt-not-in-block');
    expect(reason(check({ ...good, tx: good.tx.slice(0, 40) }))).toBe('tx-malformed');
    expect(reason(check({ ...good, tx: encodeTx(makeTx(MODEL, 6, { maxTokens: 4 })) }))).toBe(
      'tx-id-mismatch',
    );
    expect(reason(check({ ...good, output: { ...output, tokens: [10, 11, 12] } }))).toBe(
      'output-tokens-mismatch',
    );
    expect(reason(check({ ...good, output: { ...output, tokens: [10, 11, 12, 14] } }))).toBe(
      'output-hash-mismatch',
    );
    expect(reason(check({ ...good, output: { ...output, finishReason: 'stop-token' } }))).toBe(
      'finish-reason-mismatch',
    );
    expect(reason(check(good, rec.receipt, receiptBytes, CHAIN_ID + 1))).toBe('tx-chain-id');
    // Receipts the executor signed over rules the transaction breaks.
    const signed = (o: Partial<typeof output>, t = tx) => {
      const out = { ...output, ...o };
      const r = receiptOver(t, out);
      const bytes = encodeSignedReceipt(r);
      return check({ tx: encodeTx(t), receipt: bytes, output: out }, r, bytes);
    };
    expect(reason(signed({ tokens: [1, 2, 3, 4, 5] }))).toBe('receipt-too-many-tokens');
    expect(reason(signed({ tokens: [1, 2, 3] }))).toBe('receipt-length-mismatch');
    const noStops = makeTx(MODEL, 7, { maxTokens: 4 });
    expect(reason(signed({ tokens: [1, 2], finishReason: 'stop-string' }, noStops))).toBe(
      'receipt-no-stop-strings',
    );
    const badSig = { ...rec.receipt, signature: receiptOver(noStops, output).signature };
    const badSigBytes = encodeSignedReceipt(badSig);
    expect(reason(check({ ...good, receipt: badSigBytes }, badSig, badSigBytes))).toBe(
      'bad-receipt-signature',
    );
    const forged = { ...tx, signature: makeTx(MODEL, 8).signature };
    expect(reason(check({ ...good, tx: encodeTx(forged) }))).toBe('tx-bad-signature');
  });

  it('never throws on mutated contents, and only the original bytes pass', () => {
    fc.assert(
      fc.property(
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        fc.array(mutationArb, { maxLength: 2 }),
        fc.array(fc.integer({ min: -1, max: 2 ** 33 }), { maxLength: 6 }),
        fc.boolean(),
        (txMuts, receiptMuts, tokens, keepTokens) => {
          const txBytes = mutate(good.tx, txMuts);
          const receipt = mutate(receiptBytes, receiptMuts);
          const out = { tokens: keepTokens ? output.tokens : tokens, finishReason: output.finishReason };
          const r = check({ tx: txBytes, receipt, output: out });
          const original =
            same(txBytes, good.tx) &&
            same(receipt, receiptBytes) &&
            JSON.stringify(out.tokens) === JSON.stringify(output.tokens);
          expect(r.ok).toBe(original);
        },
      ),
    );
  });
});
