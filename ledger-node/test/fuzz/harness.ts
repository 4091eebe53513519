import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * fast-check parameters: the number of cases, scaled by FUZZ_RUNS_SCALE. The seed is the one global
 * configuration's (tools/fast-check-setup.ts: fixed in CI, printed, FC_SEED to change it).
 */
export function params(numRuns: number): fc.Parameters<unknown> {
  const scale = Number(process.env.FUZZ_RUNS_SCALE ?? 1);
  return { numRuns: Math.max(1, Math.round(numRuns * scale)) };
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Runs a decoder on fuzzed input: it must return or throw exactly `errorClass` (never a TypeError,
 * RangeError or anything else). Returns the decoded value, or undefined after the typed error.
 */
export function decodeOrTypedError<T>(errorClass: ErrorClass, decode: () => T): T | undefined {
  try {
    return decode();
  } catch (e) {
    if (!(e instanceof errorClass)) {
      throw new Error(
        `decoder threw ${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}`,
      );
    }
    expect(typeof (e as Error & { reason?: unknown }).reason).toBe('string');
    return undefined;
  }
}

/** One edit to a valid encoding; positions are reduced modulo the length at application time. */
export type Mutation =
  | { kind: 'flip'; pos: number; bit: number }
  | { kind: 'set'; pos: number; value: number }
  | { kind: 'insert'; pos: number; bytes: Uint8Array }
  | { kind: 'delete'; pos: number; count: number }
  | { kind: 'truncate'; pos: number }
  | { kind: 'duplicate'; pos: number; count: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), pos: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('set' as const),
    pos: fc.nat(),
    value: fc.constantFrom(0x00, 0x01, 0x4c, 0x4d, 0xfc, 0xfd, 0xfe, 0xff),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    pos: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 9 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), pos: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), pos: fc.nat() }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    pos: fc.nat(),
    count: fc.integer({ min: 1, max: 40 }),
  }),
);

export function mutate(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = Uint8Array.from(input);
  for (const m of mutations) {
    const n = b.length;
    const pos = n === 0 ? 0 : m.pos % n;
    switch (m.kind) {
      case 'flip':
        if (n > 0) b[pos]! ^= 1 << m.bit;
        break;
      case 'set':
        if (n > 0) b[pos] = m.value;
        break;
      case 'insert':
        b = Uint8Array.from([...b.subarray(0, pos), ...m.bytes, ...b.subarray(pos)]);
        break;
      case 'delete':
        b = Uint8Array.from([...b.subarray(0, pos), ...b.subarray(pos + m.count)]);
        break;
      case 'truncate':
        b = b.slice(0, pos);
        break;
      case 'duplicate':
        b = Uint8Array.from([...b.subarray(0, pos + m.count), ...b.subarray(pos)]);
        break;
    }
  }
  return b;
}

export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 4 });

/** Random bytes biased towards the values that steer decoders (CompactSize prefixes, flags, pushes). */
export const steeringBytesArb = (maxLength: number) =>
  fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) },
        { weight: 1, arbitrary: fc.constantFrom(0x00, 0x01, 0x02, 0x4c, 0x6a, 0xfd, 0xfe, 0xff) },
      ),
      { maxLength },
    )
    .map((a) => Uint8Array.from(a));
