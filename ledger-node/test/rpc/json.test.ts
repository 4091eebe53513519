import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MONEY } from '../../src/consensus/amounts.js';
import { RpcError } from '../../src/rpc/errors.js';
import {
  amountFromValue,
  expectJsonType,
  jsonTypeName,
  numberSource,
  parseFixedPoint,
  parseJson,
  stringifyJson,
  valueFromAmount,
} from '../../src/rpc/json.js';

describe('parseFixedPoint (bitcoind ParseFixedPoint)', () => {
  it('scales decimals and exponents exactly', () => {
    const cases: [string, bigint | null][] = [
      ['0', 0n],
      ['1', 100_000_000n],
      ['0.00000001', 1n],
      ['1e-8', 1n],
      ['1E-8', 1n],
      ['0.1e1', 100_000_000n],
      ['-0.5', -50_000_000n],
      ['20999999.99999999', 2_099_999_999_999_999n],
      ['1e+2', 10_000_000_000n],
      ['0.000000001', null],
      ['1e-9', null],
      ['01', null],
      ['.5', null],
      ['1.', null],
      ['+1', null],
      ['1e', null],
      ['abc', null],
      ['', null],
      ['10000000000', null], // 10^10 FAI reaches 10^18 base units
      ['9999999999.99999999', 999_999_999_999_999_999n],
    ];
    for (const [text, want] of cases) expect(parseFixedPoint(text, 8), text).toBe(want);
  });

  it('inverts valueFromAmount for every amount in range (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_MONEY }), (amount) => {
        const raw = valueFromAmount(amount).rawJSON;
        expect(raw).toMatch(/^\d+\.\d{8}$/);
        expect(parseFixedPoint(raw, 8)).toBe(amount);
      }),
    );
  });
});

describe('amounts', () => {
  it('reads numbers from their literal text when one was recorded', () => {
    const params = parseJson('[0.1, 1e-8, 20999999.99999999, 3]') as number[];
    expect(numberSource(params, 1, params[1]!)).toBe('1e-8');
    expect(amountFromValue(params[0], numberSource(params, 0, params[0]!))).toBe(10_000_000n);
    expect(amountFromValue(params[1], numberSource(params, 1, params[1]!))).toBe(1n);
    expect(amountFromValue(params[2], numberSource(params, 2, params[2]!))).toBe(2_099_999_999_999_999n);
    expect(amountFromValue('0.5')).toBe(50_000_000n);
  });

  it('rejects what bitcoind rejects, with its messages', () => {
    const msg = (v: unknown) => {
      try {
        amountFromValue(v);
      } catch (e) {
        expect(e).toBeInstanceOf(RpcError);
        expect((e as RpcError).code).toBe(-3);
        return (e as RpcError).message;
      }
      return 'no error';
    };
    expect(msg(true)).toBe('Amount is not a number or string');
    expect(msg(null)).toBe('Amount is not a number or string');
    expect(msg('1.123456789')).toBe('Invalid amount');
    expect(msg('-0.00000001')).toBe('Amount out of range');
    expect(msg('21000000.00000001')).toBe('Amount out of range');
    expect(msg('21000000')).toBe('no error');
  });

  it('writes amounts with eight decimals, negative ones too', () => {
    expect(
      stringifyJson({ a: valueFromAmount(1n), b: valueFromAmount(-150_000_000n), c: valueFromAmount(0n) }),
    ).toBe('{"a":0.00000001,"b":-1.50000000,"c":0.00000000}');
  });
});

describe('JSON helpers', () => {
  it('stringifies bigints as integers and undefined as null', () => {
    expect(stringifyJson({ n: 2n ** 64n, m: -5n })).toBe('{"n":18446744073709551616,"m":-5}');
    expect(stringifyJson(undefined)).toBe('null');
  });

  it('names types as UniValue does and checks them as RPCTypeCheckArgument', () => {
    expect([null, true, 'x', 1, 1n, [], {}].map(jsonTypeName)).toEqual([
      'null',
      'bool',
      'string',
      'number',
      'number',
      'array',
      'object',
    ]);
    expect(() => expectJsonType('5', 'number')).toThrow('Expected type number, got string');
    expect(() => expectJsonType(5, 'number')).not.toThrow();
  });
});
