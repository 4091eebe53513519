import { fromHex, hexToHash } from '../wire/bytes.js';
import { RpcError, RpcErrorCode } from './errors.js';
import type { JsonTypeName } from './json.js';
import { amountFromValue, copyNumberSource, jsonTypeName, numberSource } from './json.js';

/**
 * What a parameter must be, and what the handler receives for it:
 * - `string`, `number`, `boolean`, `object`, `array`: the JSON value as sent;
 * - `int`: a number that is an integer literal (bitcoind's getInt: "JSON integer out of range");
 * - `hex`: a hex string, handed over as a Uint8Array;
 * - `hash`: 64 hex digits in display order, handed over as 32 bytes in internal order;
 * - `amount`: FAI as a number or string, handed over as a bigint of base units;
 * - `any`: not checked.
 */
export type RpcParamType =
  | 'string'
  | 'number'
  | 'int'
  | 'boolean'
  | 'object'
  | 'array'
  | 'hex'
  | 'hash'
  | 'amount'
  | 'any';

export interface RpcParam {
  name: string;
  type: RpcParamType;
  /** May be omitted or null; implied by `default`. */
  optional?: boolean;
  /** What the handler receives when the parameter is omitted or null (already in converted form). */
  default?: unknown;
  /** One line for `help <method>`. */
  help?: string;
}

/** The JSON type a parameter type demands, or null when the check is the conversion's (amount, any). */
function expectedJsonType(type: RpcParamType): JsonTypeName | null {
  switch (type) {
    case 'string':
    case 'hex':
    case 'hash':
      return 'string';
    case 'number':
    case 'int':
      return 'number';
    case 'boolean':
      return 'bool';
    case 'object':
      return 'object';
    case 'array':
      return 'array';
    case 'amount':
    case 'any':
      return null;
  }
}

export function isOptional(p: RpcParam): boolean {
  return p.optional === true || p.default !== undefined;
}

/** How many leading parameters a call must give: up to the last required one. */
export function requiredParamCount(params: readonly RpcParam[]): number {
  let n = 0;
  params.forEach((p, i) => {
    if (!isOptional(p)) n = i + 1;
  });
  return n;
}

/**
 * A positional parameter list, with where each value was read from so that amounts can be
 * converted from their literal text.
 */
export interface PositionalParams {
  values: unknown[];
  holder: object;
}

/**
 * bitcoind's transformNamedArguments: an object of named parameters (as `bitcoin-cli -named`
 * sends) to positional ones. Unspecified parameters between specified ones become null; trailing
 * ones are left off. An "args" array supplies leading positional parameters.
 */
export function namedToPositional(
  specs: readonly RpcParam[],
  named: Record<string, unknown>,
): PositionalParams {
  const values: unknown[] = [];
  const remaining = new Set(Object.keys(named));
  let hole = 0;
  let initialHole = 0;
  let initialParam: string | undefined;
  for (const spec of specs) {
    if (Object.hasOwn(named, spec.name)) {
      for (; hole > 0; hole--) values.push(null);
      initialParam ??= spec.name;
      copyNumberSource(named, spec.name, values, values.length);
      values.push(named[spec.name]);
      remaining.delete(spec.name);
    } else {
      hole++;
      if (values.length === 0) initialHole = hole;
    }
  }
  const args = named.args;
  if (remaining.has('args') && Array.isArray(args)) {
    remaining.delete('args');
    if (initialHole < args.length && initialParam !== undefined) {
      throw new RpcError(
        RpcErrorCode.INVALID_PARAMETER,
        `Parameter ${initialParam} specified twice both as positional and named argument.`,
      );
    }
    const merged: unknown[] = [];
    args.forEach((v, i) => {
      copyNumberSource(args, i, merged, i);
      merged.push(v);
    });
    for (let i = merged.length; i < values.length; i++) {
      copyNumberSource(values, i, merged, i);
      merged.push(values[i]);
    }
    return { values: merged, holder: merged };
  }
  const [unknown] = remaining;
  if (unknown !== undefined)
    throw new RpcError(RpcErrorCode.INVALID_PARAMETER, `Unknown named parameter ${unknown}`);
  return { values, holder: values };
}

/**
 * bitcoind's per-argument type check: every mismatch is listed in one RPC_TYPE_ERROR, as
 * "Wrong type passed:\n{\n    \"Position 1 (height)\": \"JSON value of type string is not of expected type number\"\n}".
 */
export function checkParamTypes(specs: readonly RpcParam[], values: readonly unknown[]): void {
  const mismatch: Record<string, string> = {};
  specs.forEach((spec, i) => {
    const v = values[i];
    if (isOptional(spec) && (v === null || v === undefined)) return;
    const expected = expectedJsonType(spec.type);
    if (expected === null) return;
    const got = jsonTypeName(v);
    if (got !== expected) {
      mismatch[`Position ${i + 1} (${spec.name})`] =
        `JSON value of type ${got} is not of expected type ${expected}`;
    }
  });
  if (Object.keys(mismatch).length > 0) {
    throw new RpcError(RpcErrorCode.TYPE_ERROR, `Wrong type passed:\n${JSON.stringify(mismatch, null, 4)}`);
  }
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Hex parameter to bytes: bitcoind's ParseHexV. */
export function parseHexParam(value: string, name: string): Uint8Array {
  if (!HEX.test(value)) {
    throw new RpcError(RpcErrorCode.INVALID_PARAMETER, `${name} must be hexadecimal string (not '${value}')`);
  }
  return fromHex(value);
}

/** Display-order hash parameter to internal byte order: bitcoind's ParseHashV. */
export function parseHashParam(value: string, name: string): Uint8Array {
  if (value.length !== 64) {
    throw new RpcError(
      RpcErrorCode.INVALID_PARAMETER,
      `${name} must be of length 64 (not ${value.length}, for '${value}')`,
    );
  }
  if (!HEX.test(value)) {
    throw new RpcError(RpcErrorCode.INVALID_PARAMETER, `${name} must be hexadecimal string (not '${value}')`);
  }
  return hexToHash(value);
}

function convertParam(spec: RpcParam, value: unknown, holder: object, index: number): unknown {
  switch (spec.type) {
    case 'int': {
      const n = value as number;
      // Like UniValue::getInt, which parses the literal: 1.0 and 1e3 are not integers there.
      if (!Number.isSafeInteger(n) || numberSource(holder, index, n) !== String(n)) {
        throw new RpcError(RpcErrorCode.MISC_ERROR, 'JSON integer out of range');
      }
      return n;
    }
    case 'hex':
      return parseHexParam(value as string, spec.name);
    case 'hash':
      return parseHashParam(value as string, spec.name);
    case 'amount':
      return amountFromValue(
        value,
        typeof value === 'number' ? numberSource(holder, index, value) : undefined,
      );
    default:
      return value;
  }
}

/**
 * Checked, converted, defaulted arguments by name. The caller has already checked the count
 * (bitcoind answers a wrong count with the method's help text).
 */
export function convertParams(
  specs: readonly RpcParam[],
  positional: PositionalParams,
): Record<string, unknown> {
  checkParamTypes(specs, positional.values);
  const args: Record<string, unknown> = {};
  specs.forEach((spec, i) => {
    const v = positional.values[i];
    args[spec.name] =
      v === null || v === undefined ? spec.default : convertParam(spec, v, positional.holder, i);
  });
  return args;
}

/** bitcoind's names for argument types in help text. */
export function paramTypeLabel(type: RpcParamType): string {
  switch (type) {
    case 'string':
    case 'hex':
    case 'hash':
      return 'string';
    case 'number':
    case 'int':
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'json object';
    case 'array':
      return 'json array';
    case 'amount':
      return 'numeric or string';
    case 'any':
      return 'any';
  }
}

/** The usage line bitcoind prints first: `getblock "blockhash" ( verbosity )`. */
export function usageLine(name: string, specs: readonly RpcParam[]): string {
  const show = (p: RpcParam) => (expectedJsonType(p.type) === 'string' ? `"${p.name}"` : p.name);
  const required = specs.filter((p) => !isOptional(p)).map(show);
  const optional = specs.filter(isOptional).map(show);
  const parts = [name, ...required];
  if (optional.length > 0) parts.push(`( ${optional.join(' ')} )`);
  return parts.join(' ');
}

/** Reads a Core "verbose" argument given as a boolean or a number. */
export function verbosityOf(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new RpcError(RpcErrorCode.TYPE_ERROR, `Expected type number or bool, got ${typeof value}`);
}
