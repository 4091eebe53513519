import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FunaiOp } from '../../src/funai/envelope.js';
import {
  decodeFunaiOpScript,
  encodeFunaiOpScript,
  FUNAI_MAGIC,
  findFunaiOp,
  isStandardNullData,
  MAX_FUNAI_BODY,
} from '../../src/funai/envelope.js';
import { toHex } from '../../src/wire/bytes.js';
import { DecodeError } from '../../src/wire/errors.js';
import { txArb } from './arbitraries.js';
import { decodeOrTypedError, mutate, mutationsArb, params, steeringBytesArb } from './harness.js';

// The FUN AI op envelope decoder: only DecodeError escapes, and whatever decodes is the canonical
// encoding of its op (so the body is never larger than the script).

const opArb: fc.Arbitrary<FunaiOp> = fc.record({
  op: fc.integer({ min: 1, max: 255 }),
  version: fc.integer({ min: 0, max: 255 }),
  body: fc.uint8Array({ maxLength: MAX_FUNAI_BODY }),
});

function check(script: Uint8Array, op: FunaiOp | undefined): void {
  expect(typeof isStandardNullData(script)).toBe('boolean');
  if (op === undefined) return;
  expect(op.body.length).toBeLessThan(script.length);
  expect(toHex(encodeFunaiOpScript(op))).toBe(toHex(script));
  expect(isStandardNullData(script)).toBe(true);
}

describe('FUN AI op envelope', () => {
  it('random scripts (mostly OP_RETURN + magic): DecodeError or a canonical envelope', () => {
    const prefixed = fc
      .tuple(fc.constantFrom(0x6a, 0x51), fc.integer({ min: 0, max: 90 }), steeringBytesArb(100))
      .map(([first, len, tail]) => Uint8Array.from([first, len, ...FUNAI_MAGIC, ...tail]));
    fc.assert(
      fc.property(fc.oneof(steeringBytesArb(100), prefixed), (script) => {
        check(
          script,
          decodeOrTypedError(DecodeError, () => decodeFunaiOpScript(script)),
        );
      }),
      params(4000),
    );
  });

  it('mutated valid envelopes: DecodeError or a canonical envelope', () => {
    fc.assert(
      fc.property(opArb, mutationsArb, (op, muts) => {
        const script = mutate(encodeFunaiOpScript(op), muts);
        check(
          script,
          decodeOrTypedError(DecodeError, () => decodeFunaiOpScript(script)),
        );
      }),
      params(4000),
    );
  });

  it('valid ops round-trip', () => {
    fc.assert(
      fc.property(opArb, (op) => {
        expect(decodeFunaiOpScript(encodeFunaiOpScript(op))).toEqual(op);
      }),
      params(2000),
    );
  });

  it('findFunaiOp never throws on any transaction and finds a lone envelope', () => {
    fc.assert(
      fc.property(txArb, opArb, fc.nat(), (tx, op, at) => {
        const found = findFunaiOp(tx);
        if (found) expect(found.op).toBeGreaterThan(0);
        const outputs = [...tx.outputs.filter((o) => o.scriptPubKey[0] !== 0x6a)];
        outputs.splice(at % (outputs.length + 1), 0, { value: 0n, scriptPubKey: encodeFunaiOpScript(op) });
        const withOp = {
          ...tx,
          inputs: tx.inputs.map((i) => ({ ...i, prevout: { ...i.prevout, vout: 0 } })),
          outputs,
        };
        expect(findFunaiOp(withOp)).toEqual(op);
      }),
      params(1000),
    );
  });
});
