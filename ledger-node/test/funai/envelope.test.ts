import { describe, expect, it } from 'vitest';
import {
  decodeFunaiOpScript,
  decodeFunaiPayload,
  encodeFunaiOpScript,
  encodeFunaiPayload,
  FUNAI_MAGIC,
  findFunaiOp,
  funaiOpOutput,
  isStandardNullData,
  MAX_FUNAI_BODY,
  MAX_NULL_DATA_SCRIPT_SIZE,
  nullDataOutputCount,
} from '../../src/funai/envelope.js';
import { FUNAI_OP, funaiOpName } from '../../src/funai/ops.js';
import { concatBytes, fromHex, toHex } from '../../src/wire/bytes.js';
import { DecodeError } from '../../src/wire/errors.js';
import type { Transaction, TxOut } from '../../src/wire/tx.js';
import { decodeTx } from '../../src/wire/tx.js';
import { BIP143_P2WPKH_HEX, GENESIS_COINBASE_HEX } from '../wire/known-data.js';

function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return (e as DecodeError).reason;
  }
  throw new Error('expected a DecodeError');
}

const spend = decodeTx(fromHex(BIP143_P2WPKH_HEX));
function withOutputs(...extra: TxOut[]): Transaction {
  return { ...spend, outputs: [...spend.outputs, ...extra] };
}

describe('FUN AI op envelope', () => {
  it('lays out OP_RETURN | push | "FAI" | op | version | body', () => {
    const script = encodeFunaiOpScript({ op: FUNAI_OP.ANCHOR, version: 1, body: Uint8Array.of(0xaa, 0xbb) });
    expect(toHex(script)).toBe('6a07' + '464149' + '04' + '01' + 'aabb');
    expect(toHex(FUNAI_MAGIC)).toBe('464149');
  });

  it('uses a direct push up to 75 bytes and OP_PUSHDATA1 from 76 to 80', () => {
    for (let len = 0; len <= MAX_FUNAI_BODY; len++) {
      const op = { op: FUNAI_OP.BID, version: 0, body: Uint8Array.from({ length: len }, (_, i) => i) };
      const script = encodeFunaiOpScript(op);
      const payloadLen = 5 + len;
      if (payloadLen <= 75) expect(script[1]).toBe(payloadLen);
      else expect([script[1], script[2]]).toEqual([0x4c, payloadLen]);
      expect(script.length).toBeLessThanOrEqual(MAX_NULL_DATA_SCRIPT_SIZE);
      expect(isStandardNullData(script)).toBe(true);
      const back = decodeFunaiOpScript(script);
      expect(back.op).toBe(op.op);
      expect(back.version).toBe(0);
      expect(toHex(back.body)).toBe(toHex(op.body));
    }
    expect(() => encodeFunaiPayload({ op: 1, version: 0, body: new Uint8Array(MAX_FUNAI_BODY + 1) })).toThrow(
      RangeError,
    );
    expect(() => encodeFunaiPayload({ op: 0, version: 0, body: new Uint8Array(0) })).toThrow(TypeError);
    expect(() => encodeFunaiPayload({ op: 256, version: 0, body: new Uint8Array(0) })).toThrow(TypeError);
  });

  it('rejects every non-canonical or foreign form with a typed reason', () => {
    const payload = encodeFunaiPayload({ op: 1, version: 2, body: Uint8Array.of(9) });
    const p = toHex(payload);
    expect(reason(() => decodeFunaiOpScript(fromHex(`51${p}`)))).toBe('funai-not-op-return');
    expect(reason(() => decodeFunaiOpScript(fromHex('')))).toBe('funai-not-op-return');
    expect(reason(() => decodeFunaiOpScript(fromHex('6a')))).toBe('truncated');
    expect(reason(() => decodeFunaiOpScript(fromHex(`6a4c06${p}`)))).toBe('funai-non-canonical-push');
    expect(reason(() => decodeFunaiOpScript(fromHex(`6a4d0600${p}`)))).toBe('funai-non-canonical-push');
    expect(reason(() => decodeFunaiOpScript(fromHex('6a00')))).toBe('funai-non-canonical-push');
    expect(reason(() => decodeFunaiOpScript(fromHex('6a4c')))).toBe('truncated');
    expect(reason(() => decodeFunaiOpScript(fromHex(`6a07${p}`)))).toBe('truncated');
    expect(reason(() => decodeFunaiOpScript(fromHex(`6a06${p}00`)))).toBe('funai-trailing-bytes');
    expect(reason(() => decodeFunaiOpScript(fromHex(`6a06${p}6a06${p}`)))).toBe('funai-trailing-bytes');
    expect(reason(() => decodeFunaiOpScript(fromHex('6a06464149000100')))).toBe('funai-reserved-op');
    expect(reason(() => decodeFunaiOpScript(fromHex('6a06464241010100')))).toBe('funai-bad-magic');
    expect(reason(() => decodeFunaiOpScript(fromHex('6a0446414901')))).toBe('truncated');
    const big = concatBytes(Uint8Array.of(0x6a, 0x4c, 81), FUNAI_MAGIC, new Uint8Array(78).fill(1));
    expect(reason(() => decodeFunaiOpScript(big))).toBe('funai-payload-too-large');
    expect(reason(() => decodeFunaiPayload(new Uint8Array(81)))).toBe('funai-payload-too-large');
  });

  it('findFunaiOp: exactly one OP_RETURN output, well formed, outside a coinbase', () => {
    const op = { op: FUNAI_OP.REGISTER_VRF_KEY, version: 1, body: new Uint8Array(33).fill(2) };
    const out = funaiOpOutput(op);
    expect(findFunaiOp(spend)).toBeNull();
    const found = findFunaiOp(withOutputs(out));
    expect(found?.op).toBe(FUNAI_OP.REGISTER_VRF_KEY);
    expect(toHex(found!.body)).toBe(toHex(op.body));
    // Position does not matter.
    expect(findFunaiOp({ ...spend, outputs: [out, ...spend.outputs] })?.op).toBe(FUNAI_OP.REGISTER_VRF_KEY);
    // Two OP_RETURN outputs: none, even if the other is not a FUN AI op.
    expect(findFunaiOp(withOutputs(out, out))).toBeNull();
    expect(findFunaiOp(withOutputs(out, { value: 0n, scriptPubKey: fromHex('6a0100') }))).toBeNull();
    expect(nullDataOutputCount(withOutputs(out, out))).toBe(2);
    // One malformed envelope: none.
    expect(findFunaiOp(withOutputs({ value: 0n, scriptPubKey: fromHex('6a06464149000100') }))).toBeNull();
    // A coinbase carries none.
    const coinbase = decodeTx(fromHex(GENESIS_COINBASE_HEX));
    expect(findFunaiOp({ ...coinbase, outputs: [...coinbase.outputs, out] })).toBeNull();
  });

  it('isStandardNullData follows Core: OP_RETURN then push-only, at most 83 bytes', () => {
    expect(isStandardNullData(fromHex('6a'))).toBe(true);
    expect(isStandardNullData(fromHex('6a00'))).toBe(true);
    expect(isStandardNullData(fromHex('6a4f50516002aabb'))).toBe(true);
    expect(isStandardNullData(fromHex('6a61'))).toBe(false); // OP_NOP is not a push
    expect(isStandardNullData(fromHex('6a02aa'))).toBe(false); // truncated push
    expect(isStandardNullData(fromHex('51'))).toBe(false);
    expect(isStandardNullData(concatBytes(fromHex('6a4c50'), new Uint8Array(80)))).toBe(true);
    expect(isStandardNullData(concatBytes(fromHex('6a4c51'), new Uint8Array(81)))).toBe(false);
  });

  it('has a registry with reserved numbers', () => {
    expect(FUNAI_OP.RESERVED_ZERO).toBe(0);
    expect(new Set(Object.values(FUNAI_OP)).size).toBe(Object.keys(FUNAI_OP).length);
    expect(funaiOpName(0x04)).toBe('ANCHOR');
    expect(funaiOpName(0x90)).toBeUndefined();
  });
});
