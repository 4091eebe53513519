import { DecodeError, SECP256K1_ORDER, sha256 } from '@funai/ledger-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../src/llm/request/validate.js';
import { MAX_TX_BYTES, SEED_LIMIT } from '../../src/tx/limits.js';
import {
  decodeTx,
  deriveSeed,
  encodeTx,
  encodeUnsignedTx,
  type InferenceTx,
  type SignedInferenceTx,
  signTx,
  toInferenceRequest,
  txId,
  verifyTxSignature,
} from '../../src/tx/transaction.js';
import { decodeCanonicalOrTyped, hex, mutate, mutationArb, testKey, txArb } from './tx-fixtures.js';

const sigArb = fc.uint8Array({ minLength: 64, maxLength: 64 });
const signedArb = fc.tuple(txArb, sigArb).map(([tx, signature]) => ({ ...tx, signature }));

function baseTx(overrides: Partial<InferenceTx> = {}): InferenceTx {
  return {
    version: 1,
    chainId: 0x46414931,
    sender: testKey(1).pub,
    nonce: 7n,
    modelId: new Uint8Array(32).fill(0xab),
    gasLimit: 100_000n,
    gasPrice: 10n,
    system: 'You are terse.',
    context: [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello.' },
    ],
    input: 'Name a colour.',
    sampling: { mode: 'seeded', temperatureMilli: 700, topK: 40, topPMicro: 950_000 },
    seed: 42,
    maxTokens: 64,
    stop: ['\n\n'],
    ...overrides,
  };
}

/** Bytes of a tx from its first byte up to (excluding) the system prompt's length field. */
function prefixBeforeSystem(): Uint8Array {
  return encodeUnsignedTx(baseTx()).subarray(0, 1 + 4 + 33 + 8 + 32 + 8 + 8);
}

describe('inference transaction codec', () => {
  it('round-trips every valid transaction byte for byte', () => {
    fc.assert(
      fc.property(signedArb, (tx) => {
        const bytes = encodeTx(tx);
        const back = decodeTx(bytes);
        expect(back).toEqual(tx);
        expect(hex(encodeTx(back))).toBe(hex(bytes));
        expect(hex(encodeUnsignedTx(back))).toBe(hex(bytes.subarray(0, bytes.length - 64)));
      }),
    );
  });

  it('random bytes raise only DecodeError (or decode canonically)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => decodeCanonicalOrTyped(b, decodeTx, encodeTx)),
    );
  });

  it('mutated encodings raise only DecodeError or decode to a canonical transaction', () => {
    fc.assert(
      fc.property(signedArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (tx, muts) =>
        decodeCanonicalOrTyped(mutate(encodeTx(tx), muts), decodeTx, encodeTx),
      ),
    );
  });

  it('refuses a huge length field before allocating it', () => {
    const p = prefixBeforeSystem();
    const withLen = (len: number[]) => Uint8Array.from([...p, ...len, 0x41, 0x42]);
    const reason = (b: Uint8Array) => {
      try {
        decodeTx(b);
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
        return (e as DecodeError).reason;
      }
      return 'decoded';
    };
    // 2^32 − 1 bytes: above the CompactSize ceiling.
    expect(reason(withLen([0xfe, 0xff, 0xff, 0xff, 0xff]))).toBe('compactsize-too-large');
    // 65,536 bytes: above the 32 KiB text cap, refused on the length alone.
    expect(reason(withLen([0xfe, 0x00, 0x00, 0x01, 0x00]))).toBe('tx-system-too-long');
    // 30,000 bytes: under the cap, but only 2 bytes follow.
    expect(reason(withLen([0xfd, 0x30, 0x75]))).toBe('truncated');
    // A context of 65,535 messages: refused on the count.
    expect(reason(Uint8Array.from([...p, 0x00, 0xfd, 0xff, 0xff]))).toBe('tx-context-count');
    // 2^64 − 1 as a CompactSize.
    expect(reason(withLen([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe(
      'compactsize-too-large',
    );
    expect(reason(new Uint8Array(MAX_TX_BYTES + 1))).toBe('tx-too-large');
  });

  it('names the broken field in its decode error', () => {
    const good = encodeTx({ ...baseTx(), signature: new Uint8Array(64) });
    const at = (off: number, v: number) => {
      const b = good.slice();
      b[off] = v;
      return b;
    };
    expect(() => decodeTx(at(0, 2))).toThrow('tx-version');
    expect(() => decodeTx(at(5, 4))).toThrow('tx-sender');
    const gasLimitAt = 1 + 4 + 33 + 8 + 32;
    const zeroGas = good.slice();
    zeroGas.fill(0, gasLimitAt, gasLimitAt + 8);
    expect(() => decodeTx(zeroGas)).toThrow('tx-gas-limit');
    // Invalid UTF-8 (a lone continuation byte) in the system prompt.
    const sysAt = gasLimitAt + 16 + 1;
    expect(() => decodeTx(at(sysAt, 0x80))).toThrow('bad-utf8');
    // An encoded surrogate (CESU-8 / WTF-8) is not UTF-8.
    const cesu = Uint8Array.from([...prefixBeforeSystem(), 3, 0xed, 0xa0, 0x80]);
    expect(() => decodeTx(cesu)).toThrow('bad-utf8');
  });

  it('the encoder refuses what the decoder would refuse', () => {
    expect(() => encodeUnsignedTx(baseTx({ seed: SEED_LIMIT }))).toThrow('tx-seed');
    expect(() => encodeUnsignedTx(baseTx({ input: 'a\uD800b' }))).toThrow('unpaired surrogate');
    expect(() => encodeUnsignedTx(baseTx({ stop: ['ok\uFFFD'] }))).toThrow('tx-stop-replacement-char');
    expect(() => encodeUnsignedTx(baseTx({ stop: [''] }))).toThrow('tx-stop-length');
    expect(() => encodeUnsignedTx(baseTx({ maxTokens: 0 }))).toThrow('tx-max-tokens');
    expect(() =>
      encodeUnsignedTx(baseTx({ sampling: { mode: 'seeded', temperatureMilli: 0, topK: 1, topPMicro: 1 } })),
    ).toThrow('tx-temperature');
    expect(() => encodeUnsignedTx(baseTx({ system: 'x'.repeat(32_769) }))).toThrow('at most 32768');
    expect(() => encodeUnsignedTx(baseTx({ sender: new Uint8Array(33) }))).toThrow('tx-sender');
  });
});

describe('inference transaction signatures and ids', () => {
  const key = testKey(1);

  it('a signed transaction verifies; any change to a signed field does not', () => {
    fc.assert(
      fc.property(txArb, fc.nat(), fc.nat({ max: 7 }), (raw, pos, bit) => {
        const tx = { ...raw, sender: key.pub };
        const signed = signTx(tx, key.priv);
        expect(verifyTxSignature(signed)).toBe(true);
        const bytes = encodeTx(signed);
        const body = bytes.length - 64;
        const b = bytes.slice();
        b[pos % body]! ^= 1 << bit;
        let changed: SignedInferenceTx;
        try {
          changed = decodeTx(b);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
          return;
        }
        expect(verifyTxSignature(changed)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses the high-S twin, another key, and zero scalars', () => {
    const signed = signTx(baseTx(), key.priv);
    const s = BigInt(`0x${hex(signed.signature.subarray(32))}`);
    const n = BigInt(`0x${hex(SECP256K1_ORDER)}`);
    const twin = signed.signature.slice();
    twin.set(Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'), 32);
    expect(verifyTxSignature({ ...signed, signature: twin })).toBe(false);
    expect(verifyTxSignature({ ...signed, sender: testKey(2).pub })).toBe(false);
    expect(verifyTxSignature({ ...signed, signature: new Uint8Array(64) })).toBe(false);
    expect(() => signTx(baseTx(), testKey(2).priv)).toThrow('not the sender key');
  });

  it('txId is SHA-256("FUNAI-TX-V1" ‖ unsigned encoding): the signature does not change it', () => {
    const tx = baseTx();
    const expected = sha256(Buffer.concat([Buffer.from('FUNAI-TX-V1'), encodeUnsignedTx(tx)]));
    expect(hex(txId(tx))).toBe(hex(expected));
    const a = signTx(tx, key.priv);
    expect(hex(txId(decodeTx(encodeTx({ ...a, signature: new Uint8Array(64).fill(1) }))))).toBe(
      hex(expected),
    );
    // RFC 6979: signing twice gives the same signature.
    expect(hex(signTx(tx, key.priv).signature)).toBe(hex(a.signature));
  });
});

describe('seed derivation and the engine request', () => {
  it('deriveSeed is below 2^53, ignores the given seed and follows the coordination rule', () => {
    fc.assert(
      fc.property(txArb, (tx) => {
        const seed = deriveSeed(tx);
        expect(Number.isSafeInteger(seed) && seed >= 0 && seed < SEED_LIMIT).toBe(true);
        expect(deriveSeed({ ...tx, seed: 0 })).toBe(seed);
        const h = sha256(Buffer.concat([Buffer.from('FUNAI-SEED-V1'), encodeUnsignedTx({ ...tx, seed: 0 })]));
        expect(BigInt(seed)).toBe(BigInt(`0x${hex(h.subarray(0, 8))}`) % 2n ** 53n);
      }),
      { numRuns: 50 },
    );
  });

  it('maps every transaction to a request the engine accepts', () => {
    fc.assert(
      fc.property(txArb, (tx) => {
        const req = toInferenceRequest(tx);
        validateRequest(req);
        expect(req.modelId).toBe(hex(tx.modelId));
        expect(req.prompt).toEqual({ system: tx.system, messages: tx.context, input: tx.input });
        if (tx.sampling.mode === 'seeded' && req.sampling.mode === 'seeded') {
          expect(req.sampling.temperature).toBe(tx.sampling.temperatureMilli / 1000);
          expect(req.sampling.topP).toBe(tx.sampling.topPMicro / 1e6);
          expect(req.sampling.seed).toBe(tx.seed);
        } else expect(req.sampling).toEqual({ mode: 'greedy' });
      }),
    );
  });
});
