import { DecodeError, SECP256K1_ORDER, sha256 } from '@funai/ledger-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeEquivocationProof,
  EQUIVOCATION_PROOF_SIZE,
  encodeEquivocationProof,
  makeEquivocationProof,
  verifyEquivocation,
} from '../../src/tx/equivocation.js';
import {
  decodeReceiptBody,
  decodeSignedReceipt,
  type ExecutionReceipt,
  encodeReceiptBody,
  encodeSignedReceipt,
  outputHash,
  RECEIPT_BODY_SIZE,
  receiptDigest,
  receiptFor,
  SIGNED_RECEIPT_SIZE,
  signReceipt,
  verifyReceipt,
  verifySignedReceiptBytes,
} from '../../src/tx/receipt.js';
import { decodeCanonicalOrTyped, hex, mutate, mutationArb, receiptArb, testKey } from './tx-fixtures.js';

const executor = testKey(3);

function receipt(overrides: Partial<ExecutionReceipt> = {}): ExecutionReceipt {
  return {
    ...receiptFor(
      { chainId: 9, modelId: new Uint8Array(32).fill(0x11) },
      new Uint8Array(32).fill(0x22),
      { tokens: [5, 6, 7], finishReason: 'stop-token' },
      executor.pub,
      1000,
    ),
    ...overrides,
  };
}

describe('execution receipt codec', () => {
  it('round-trips byte for byte and keeps the fixed layout', () => {
    fc.assert(
      fc.property(receiptArb, fc.uint8Array({ minLength: 64, maxLength: 64 }), (r, signature) => {
        const body = encodeReceiptBody(r);
        expect(body.length).toBe(RECEIPT_BODY_SIZE);
        expect(decodeReceiptBody(body)).toEqual(r);
        const signed = encodeSignedReceipt({ ...r, signature });
        expect(signed.length).toBe(SIGNED_RECEIPT_SIZE);
        expect(hex(encodeSignedReceipt(decodeSignedReceipt(signed)))).toBe(hex(signed));
        // Fixed offsets, big-endian (what a Clarity contract slices).
        const dv = new DataView(body.buffer);
        expect(body[0]).toBe(1);
        expect(dv.getUint32(1, false)).toBe(r.chainId);
        expect(hex(body.subarray(5, 37))).toBe(hex(r.txId));
        expect(hex(body.subarray(37, 69))).toBe(hex(r.modelId));
        expect(hex(body.subarray(69, 101))).toBe(hex(r.outputHash));
        expect(dv.getUint32(101, false)).toBe(r.outputTokens);
        expect(body[105]).toBe(['stop-token', 'stop-string', 'length'].indexOf(r.finishReason));
        expect(hex(body.subarray(106, 139))).toBe(hex(r.executor));
        expect(dv.getUint32(139, false)).toBe(r.ledgerHeight);
      }),
    );
  });

  it('random and mutated bytes raise only DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 260 }), (b) =>
        decodeCanonicalOrTyped(b, decodeSignedReceipt, encodeSignedReceipt),
      ),
    );
    fc.assert(
      fc.property(
        receiptArb,
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
        (r, signature, muts) =>
          decodeCanonicalOrTyped(
            mutate(encodeSignedReceipt({ ...r, signature }), muts),
            decodeSignedReceipt,
            encodeSignedReceipt,
          ),
      ),
    );
  });

  it('names the broken field', () => {
    const b = encodeSignedReceipt({ ...receipt(), signature: new Uint8Array(64) });
    const at = (off: number, v: number) => {
      const c = b.slice();
      c[off] = v;
      return c;
    };
    expect(() => decodeSignedReceipt(at(0, 2))).toThrow('receipt-version');
    expect(() => decodeSignedReceipt(at(105, 3))).toThrow('receipt-finish-reason');
    expect(() => decodeSignedReceipt(at(106, 4))).toThrow('receipt-executor');
    const zeroTokens = b.slice();
    zeroTokens.fill(0, 101, 105);
    expect(() => decodeSignedReceipt(zeroTokens)).toThrow('receipt-output-tokens');
    expect(() => decodeSignedReceipt(b.subarray(0, 206))).toThrow(DecodeError);
  });

  it('outputHash is SHA-256 over u32 little-endian token ids', () => {
    expect(hex(outputHash([1, 0x01020304]))).toBe(hex(sha256(Uint8Array.of(1, 0, 0, 0, 4, 3, 2, 1))));
    expect(hex(outputHash([]))).toBe(hex(sha256(new Uint8Array(0))));
  });
});

describe('execution receipt signatures', () => {
  it('signs SHA-256("FUNAI-RECEIPT-V1" ‖ body); any changed byte fails', () => {
    fc.assert(
      fc.property(receiptArb, fc.nat(), fc.nat({ max: 7 }), (raw, pos, bit) => {
        const r = signReceipt({ ...raw, executor: executor.pub }, executor.priv);
        expect(hex(receiptDigest(r))).toBe(
          hex(sha256(Buffer.concat([Buffer.from('FUNAI-RECEIPT-V1'), encodeReceiptBody(r)]))),
        );
        const bytes = encodeSignedReceipt(r);
        expect(verifyReceipt(r)).toBe(true);
        expect(verifySignedReceiptBytes(bytes)).toBe(true);
        const b = bytes.slice();
        b[pos % SIGNED_RECEIPT_SIZE]! ^= 1 << bit;
        expect(verifySignedReceiptBytes(b)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses the high-S twin and a foreign key', () => {
    const r = signReceipt(receipt(), executor.priv);
    const n = BigInt(`0x${hex(SECP256K1_ORDER)}`);
    const s = BigInt(`0x${hex(r.signature.subarray(32))}`);
    const twin = r.signature.slice();
    twin.set(Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'), 32);
    expect(verifyReceipt({ ...r, signature: twin })).toBe(false);
    expect(verifyReceipt({ ...r, executor: testKey(4).pub })).toBe(false);
    expect(() => signReceipt(receipt(), testKey(4).priv)).toThrow('not the executor key');
  });
});

describe('equivocation proofs', () => {
  const a = signReceipt(receipt(), executor.priv);
  const b = signReceipt(receipt({ outputHash: outputHash([5, 6, 8]) }), executor.priv);

  it('accept two receipts for one tx with different outputs, in either order given', () => {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const bytes = encodeEquivocationProof(makeEquivocationProof(x, y));
      expect(bytes.length).toBe(EQUIVOCATION_PROOF_SIZE);
      const check = verifyEquivocation(bytes);
      expect(check.ok).toBe(true);
      if (check.ok) {
        expect(hex(check.executor)).toBe(hex(executor.pub));
        expect(hex(check.txId)).toBe(hex(a.txId));
      }
      expect(hex(encodeEquivocationProof(decodeEquivocationProof(bytes)))).toBe(hex(bytes));
    }
    // A different token count or finish reason alone is equivocation too.
    for (const o of [{ outputTokens: 4 }, { finishReason: 'length' as const }]) {
      const c = signReceipt(receipt(o), executor.priv);
      expect(verifyEquivocation(encodeEquivocationProof(makeEquivocationProof(a, c))).ok).toBe(true);
    }
  });

  it('reject same outputs, different executors, transactions or chains, bad signatures and bad order', () => {
    const reason = (x: typeof a, y: typeof a) => {
      const c = verifyEquivocation(encodeEquivocationProof(makeEquivocationProof(x, y)));
      return c.ok ? 'ok' : c.reason;
    };
    // Same output at another ledger height: a re-issued receipt, not equivocation.
    expect(reason(a, signReceipt(receipt({ ledgerHeight: 1001 }), executor.priv))).toBe('same-output');
    const other = testKey(5);
    expect(reason(a, signReceipt(receipt({ executor: other.pub, outputTokens: 9 }), other.priv))).toBe(
      'different-executor',
    );
    expect(
      reason(a, signReceipt(receipt({ txId: new Uint8Array(32).fill(3), outputTokens: 9 }), executor.priv)),
    ).toBe('different-tx');
    expect(reason(a, signReceipt(receipt({ chainId: 10, outputTokens: 9 }), executor.priv))).toBe(
      'different-chain',
    );
    const forged = { ...b, signature: a.signature };
    expect(reason(a, forged)).toBe('bad-signature');
    const good = encodeEquivocationProof(makeEquivocationProof(a, b));
    const swapped = Uint8Array.from([...good.subarray(207), ...good.subarray(0, 207)]);
    expect(verifyEquivocation(swapped)).toMatchObject({ ok: false, reason: 'equivocation-order' });
    expect(verifyEquivocation(good.subarray(1))).toMatchObject({
      ok: false,
      reason: 'equivocation-malformed',
    });
    expect(
      verifyEquivocation(Uint8Array.from([...good.subarray(0, 207), ...good.subarray(0, 207)])),
    ).toMatchObject({ ok: false, reason: 'equivocation-order' });
  });

  it('never throws on random or mutated proofs', () => {
    const good = encodeEquivocationProof(makeEquivocationProof(a, b));
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (muts) => {
        const c = verifyEquivocation(mutate(good, muts));
        expect(typeof c.ok).toBe('boolean');
      }),
    );
  });
});
