// Shared arbitraries and helpers of the consensus tests (tx, receipt, block, quorum).
import { DecodeError, isValidPrivateKey, publicKeyFromPrivate } from '@funai/ledger-node';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ExecutionReceipt } from '../../src/tx/receipt.js';
import type { InferenceTx, TxSampling } from '../../src/tx/transaction.js';

export const privKeyArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => isValidPrivateKey(k));

/** Deterministic test keys: SHA-free, k = [i, i, …]. */
export function testKey(i: number): { priv: Uint8Array; pub: Uint8Array } {
  const priv = new Uint8Array(32).fill(i);
  return { priv, pub: publicKeyFromPrivate(priv) };
}

const pubArb = fc.constantFrom(...[1, 2, 3, 4].map((i) => testKey(i).pub));
// Whole code points (no lone surrogates), with a leading U+FEFF now and then (the decoder keeps it).
const textArb = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'binary', maxLength }).map((s) => `\uFEFF${s}`),
  );
const stopArb = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 20 })
  .filter((s) => s.length >= 1 && s.length <= 64 && !s.includes('\uFFFD'));
export const samplingArb: fc.Arbitrary<TxSampling> = fc.oneof(
  fc.constant({ mode: 'greedy' as const }),
  fc.record({
    mode: fc.constant('seeded' as const),
    temperatureMilli: fc.integer({ min: 1, max: 4000 }),
    topK: fc.integer({ min: 1, max: 1024 }),
    topPMicro: fc.integer({ min: 1, max: 1_000_000 }),
  }),
);

export const txArb: fc.Arbitrary<InferenceTx> = fc.record({
  version: fc.constant(1),
  chainId: fc.nat({ max: 0xffffffff }),
  sender: pubArb,
  nonce: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  modelId: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  gasLimit: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
  gasPrice: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  system: textArb(40),
  context: fc.array(
    fc.record({ role: fc.constantFrom('user' as const, 'assistant' as const), content: textArb(30) }),
    { maxLength: 4 },
  ),
  input: textArb(60),
  sampling: samplingArb,
  seed: fc.maxSafeNat(),
  maxTokens: fc.integer({ min: 1, max: 32_768 }),
  stop: fc.array(stopArb, { maxLength: 8 }),
});

export const receiptArb: fc.Arbitrary<ExecutionReceipt> = fc.record({
  version: fc.constant(1),
  chainId: fc.nat({ max: 0xffffffff }),
  txId: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  modelId: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  outputHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  outputTokens: fc.integer({ min: 1, max: 0xffffffff }),
  finishReason: fc.constantFrom('stop-token' as const, 'stop-string' as const, 'length' as const),
  executor: pubArb,
  ledgerHeight: fc.nat({ max: 0xffffffff }),
});

export type ByteMutation =
  | { kind: 'flip'; pos: number; bit: number }
  | { kind: 'set'; pos: number; value: number }
  | { kind: 'insert'; pos: number; value: number }
  | { kind: 'delete'; pos: number }
  | { kind: 'truncate'; pos: number };

export const mutationArb: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), pos: fc.nat(), bit: fc.nat({ max: 7 }) }),
  fc.record({
    kind: fc.constant('set' as const),
    pos: fc.nat(),
    value: fc.constantFrom(0, 1, 0xfd, 0xfe, 0xff),
  }),
  fc.record({ kind: fc.constant('insert' as const), pos: fc.nat(), value: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), pos: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), pos: fc.nat() }),
);

export function mutate(bytes: Uint8Array, muts: readonly ByteMutation[]): Uint8Array {
  let b = Uint8Array.from(bytes);
  for (const m of muts) {
    if (b.length === 0) break;
    const pos = m.pos % b.length;
    if (m.kind === 'flip') b[pos]! ^= 1 << m.bit;
    else if (m.kind === 'set') b[pos] = m.value;
    else if (m.kind === 'insert') b = Uint8Array.from([...b.subarray(0, pos), m.value, ...b.subarray(pos)]);
    else if (m.kind === 'delete') b = Uint8Array.from([...b.subarray(0, pos), ...b.subarray(pos + 1)]);
    else b = b.slice(0, pos);
  }
  return b;
}

/**
 * Decodes `bytes`: either it throws a DecodeError (and nothing else), or it decodes and then encoding the
 * result gives back exactly the input (canonical form).
 */
export function decodeCanonicalOrTyped<T>(
  bytes: Uint8Array,
  decode: (b: Uint8Array) => T,
  encode: (v: T) => Uint8Array,
): void {
  let value: T;
  try {
    value = decode(bytes);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    expect(typeof e.reason).toBe('string');
    return;
  }
  expect(Buffer.from(encode(value)).equals(Buffer.from(bytes))).toBe(true);
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
