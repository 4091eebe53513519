import { MAX_MONEY } from '../consensus/amounts.js';
import { RpcError, RpcErrorCode } from './errors.js';

/**
 * JSON as bitcoind's UniValue handles it: numbers keep the exact text they were sent with (an
 * amount of 0.1 or 1e-8 converts to base units without a float rounding), and results may carry
 * bigints and pre-formatted amounts (JSON.rawJSON) that JSON.stringify alone would reject or round.
 */

/** A JSON.rawJSON value: text JSON.stringify writes verbatim (Node >= 21; not yet in TypeScript's lib). */
export interface RawJson {
  readonly rawJSON: string;
}

export function rawJson(text: string): RawJson {
  return (JSON as unknown as { rawJSON(text: string): RawJson }).rawJSON(text);
}

// Numbers whose literal text differs from what String(n) gives back ("0.10", "1e-8", 20-digit
// integers), recorded per containing object or array, keyed by property name or index.
const numberSources = new WeakMap<object, Map<string, string>>();

interface ReviverContext {
  source?: string;
}

/** JSON.parse that remembers the literal text of numbers (see numberSource). Throws SyntaxError. */
export function parseJson(text: string): unknown {
  return JSON.parse(text, function (this: object, key: string, value: unknown, context?: ReviverContext) {
    if (typeof value === 'number' && context?.source !== undefined && context.source !== String(value)) {
      let m = numberSources.get(this);
      if (!m) numberSources.set(this, (m = new Map()));
      m.set(key, context.source);
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}

/** The literal text of holder[key] as parsed by parseJson, or its shortest decimal form. */
export function numberSource(holder: object, key: string | number, value: number): string {
  return numberSources.get(holder)?.get(String(key)) ?? String(value);
}

/** Copies a recorded literal from one holder to another (when params move between arrays). */
export function copyNumberSource(
  from: object,
  fromKey: string | number,
  to: object,
  toKey: string | number,
): void {
  const src = numberSources.get(from)?.get(String(fromKey));
  if (src === undefined) return;
  let m = numberSources.get(to);
  if (!m) numberSources.set(to, (m = new Map()));
  m.set(String(toKey), src);
}

/** JSON.stringify that writes bigints as integers and passes JSON.rawJSON values through. */
export function stringifyJson(value: unknown, indent?: number): string {
  // A replacer costs a call per value (40% of stringifying a 2,000-transaction getblock), and
  // few results hold a bigint: without one, JSON.stringify alone gives the same text; with one it
  // throws a TypeError before returning anything, and the replacer pass writes the result.
  try {
    return JSON.stringify(value, undefined, indent) ?? 'null';
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
  }
  return (
    JSON.stringify(
      value,
      (_key, v: unknown) => (typeof v === 'bigint' ? rawJson(v.toString()) : v),
      indent,
    ) ?? 'null'
  );
}

/** UniValue's type names, used verbatim in bitcoind's type error messages. */
export type JsonTypeName = 'null' | 'bool' | 'object' | 'array' | 'string' | 'number';

export function jsonTypeName(v: unknown): JsonTypeName {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/**
 * bitcoind's RPCTypeCheckArgument, for values inside objects and arrays that the parameter layer
 * does not see: RPC_TYPE_ERROR "Expected type number, got string".
 */
export function expectJsonType(value: unknown, expected: JsonTypeName): void {
  const got = jsonTypeName(value);
  if (got !== expected) {
    throw new RpcError(RpcErrorCode.TYPE_ERROR, `Expected type ${expected}, got ${got}`);
  }
}

const FIXED_POINT = /^(-)?(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-])?([0-9]+))?$/;
const FIXED_POINT_UPPER = 10n ** 18n;

/**
 * Bitcoin Core's ParseFixedPoint: a decimal (optionally with an exponent) scaled by 10^decimals,
 * or null when it has more fractional digits than that or its magnitude reaches 10^18.
 */
export function parseFixedPoint(text: string, decimals: number): bigint | null {
  const m = FIXED_POINT.exec(text);
  if (!m) return null;
  const [, neg, int, frac = '', expSign, expDigits = '0'] = m;
  if (expDigits.length > 6) return null;
  const exp = (expSign === '-' ? -1 : 1) * Number(expDigits) + decimals - frac.length;
  let mantissa = BigInt(int! + frac);
  if (exp >= 0) {
    if (exp > 40 && mantissa !== 0n) return null;
    mantissa *= 10n ** BigInt(Math.min(exp, 40));
  } else {
    const div = 10n ** BigInt(-exp);
    if (mantissa % div !== 0n) return null;
    mantissa /= div;
  }
  if (mantissa >= FIXED_POINT_UPPER) return null;
  return neg ? -mantissa : mantissa;
}

/**
 * bitcoind's AmountFromValue: a JSON number or string of FAI to base units. `source` is the
 * number's literal text when it is known (see numberSource).
 */
export function amountFromValue(value: unknown, source?: string, decimals = 8): bigint {
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw new RpcError(RpcErrorCode.TYPE_ERROR, 'Amount is not a number or string');
  }
  const text = typeof value === 'string' ? value : (source ?? String(value));
  const amount = parseFixedPoint(text, decimals);
  if (amount === null) throw new RpcError(RpcErrorCode.TYPE_ERROR, 'Invalid amount');
  if (amount < 0n || amount > MAX_MONEY) throw new RpcError(RpcErrorCode.TYPE_ERROR, 'Amount out of range');
  return amount;
}

/** bitcoind's ValueFromAmount: base units as a JSON number with exactly eight decimals. */
export function valueFromAmount(amount: bigint): RawJson {
  const neg = amount < 0n;
  const abs = neg ? -amount : amount;
  const frac = (abs % 100_000_000n).toString().padStart(8, '0');
  return rawJson(`${neg ? '-' : ''}${abs / 100_000_000n}.${frac}`);
}
