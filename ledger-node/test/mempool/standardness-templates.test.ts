// The standardness checks recognise common templates from their bytes instead of calling Solver:
// they must classify every script exactly as Solver does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Coin } from '../../src/consensus/coins.js';
import { isStandardNullData } from '../../src/funai/envelope.js';
import { DEFAULT_MEMPOOL_POLICY, MAX_STANDARD_BARE_MULTISIG_KEYS } from '../../src/mempool/policy.js';
import { areInputsStandard, dustThreshold, standardOutputType } from '../../src/mempool/standardness.js';
import { OP_RETURN } from '../../src/script/opcodes.js';
import { isWitnessProgram, witnessProgram } from '../../src/script/patterns.js';
import {
  scriptForMultisig,
  scriptForP2PK,
  scriptForP2PKH,
  scriptForP2SH,
  scriptForWitnessProgram,
  solver,
} from '../../src/script/standard.js';
import type { Transaction } from '../../src/wire/tx.js';
import { Key } from '../support/chain-builder.js';

const key = Key.fromSeed(1).publicKey;
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

/** Templates, their near misses (one byte changed, one byte more or less) and random scripts. */
const script: fc.Arbitrary<Uint8Array> = fc
  .oneof(
    bytes(20).map(scriptForP2PKH),
    bytes(20).map(scriptForP2SH),
    fc
      .tuple(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 2, max: 40 }))
      .chain(([v, n]) => bytes(n).map((p) => scriptForWitnessProgram(v, p))),
    fc.constant(scriptForP2PK(key)),
    fc.constant(scriptForMultisig(1, [key, key])),
    fc.uint8Array({ maxLength: 45 }),
  )
  .chain((s) =>
    fc.oneof(
      fc.constant(s),
      fc.tuple(fc.nat(), fc.nat({ max: 255 })).map(([i, b]) => {
        const t = s.slice();
        if (t.length > 0) t[i % t.length] = b;
        return t;
      }),
      fc.nat({ max: 255 }).map((b) => Uint8Array.of(...s, b)),
      fc.constant(s.subarray(0, Math.max(0, s.length - 1))),
    ),
  );

/** standardOutputType as it was written over Solver. */
function referenceOutputType(s: Uint8Array, maxDataCarrierBytes: number): string | null {
  if (s.length > 0 && s[0] === OP_RETURN) {
    return isStandardNullData(s) && s.length <= maxDataCarrierBytes ? 'nulldata' : null;
  }
  const { type, solutions } = solver(s);
  if (type === 'nonstandard' || type === 'nulldata') return null;
  if (type === 'multisig') {
    const m = solutions[0]![0]!;
    const n = solutions[solutions.length - 1]![0]!;
    if (n < 1 || n > MAX_STANDARD_BARE_MULTISIG_KEYS || m < 1 || m > n) return null;
  }
  return type;
}

describe('standardness templates agree with Solver', () => {
  it('classifies output scripts as Solver does', () => {
    fc.assert(
      fc.property(script, (s) => {
        expect(standardOutputType(s, DEFAULT_MEMPOOL_POLICY.maxDataCarrierBytes)).toBe(
          referenceOutputType(s, DEFAULT_MEMPOOL_POLICY.maxDataCarrierBytes),
        );
      }),
    );
  });

  it('takes spent outputs as standard as Solver does (no P2SH spends here)', () => {
    fc.assert(
      fc.property(script, (s) => {
        fc.pre(!solver(s).type.startsWith('scripthash'));
        const tx: Transaction = {
          version: 2,
          inputs: [
            {
              prevout: { txid: new Uint8Array(32), vout: 0 },
              scriptSig: new Uint8Array(0),
              sequence: 0,
              witness: [],
            },
          ],
          outputs: [{ value: 1n, scriptPubKey: s }],
          locktime: 0,
        };
        const coin: Coin = { output: { value: 1n, scriptPubKey: s }, height: 1, isCoinbase: false };
        const type = solver(s).type;
        const expected =
          type !== 'nonstandard' && type !== 'witness_unknown' && type !== 'witness_v1_taproot';
        expect(areInputsStandard(tx, [coin])).toBe(expected);
      }),
    );
  });

  it('finds witness programs as witnessProgram does, and prices dust by it', () => {
    fc.assert(
      fc.property(script, (s) => {
        const wp = witnessProgram(s);
        expect(isWitnessProgram(s)).toBe(wp !== null);
        if (wp) expect(s.length - 2).toBe(wp.program.length);
        const spend = wp ? 32 + 4 + 1 + 26 + 4 : 32 + 4 + 1 + 107 + 4;
        const size = 8 + (s.length < 253 ? 1 : 3) + s.length + spend;
        const unspendable = s.length > 0 && s[0] === OP_RETURN;
        expect(dustThreshold({ value: 0n, scriptPubKey: s }, 3_000n)).toBe(
          unspendable ? 0n : BigInt(size * 3),
        );
      }),
    );
  });
});
